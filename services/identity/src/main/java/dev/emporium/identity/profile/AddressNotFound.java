package dev.emporium.identity.profile;

import dev.emporium.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** No address with this id in the caller's profile: another customer's address is not found either. */
class AddressNotFound extends ErrorResponseException {

    AddressNotFound() {
        super(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, "Address not found",
                "Your account has no address with this id."), null);
    }
}
