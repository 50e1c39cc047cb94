package dev.emporium.identity.account;

import dev.emporium.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A valid token whose subject has no account (any more). */
class AccountNotFound extends ErrorResponseException {

    AccountNotFound() {
        super(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, "Account not found",
                "The account this token was issued for does not exist."), null);
    }
}
