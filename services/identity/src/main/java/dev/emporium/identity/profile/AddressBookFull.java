package dev.emporium.identity.profile;

import dev.emporium.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The profile holds {@link Profile#MAX_ADDRESSES} addresses already: one must go before another is added. */
class AddressBookFull extends ErrorResponseException {

    AddressBookFull() {
        super(HttpStatus.CONFLICT, Problems.of(HttpStatus.CONFLICT, "Address book full",
                "An account keeps at most " + Profile.MAX_ADDRESSES + " addresses. Delete one to add another."), null);
    }
}
