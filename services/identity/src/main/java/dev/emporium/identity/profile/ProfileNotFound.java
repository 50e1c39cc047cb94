package dev.emporium.identity.profile;

import dev.emporium.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The token's account does not exist (any more). */
class ProfileNotFound extends ErrorResponseException {

    ProfileNotFound() {
        super(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, "Account not found",
                "The account this token was issued for does not exist."), null);
    }
}
