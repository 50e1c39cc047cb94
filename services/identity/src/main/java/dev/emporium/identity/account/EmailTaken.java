package dev.emporium.identity.account;

import dev.emporium.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** Registration with an email that an account already has (emails compare case-insensitively). */
class EmailTaken extends ErrorResponseException {

    EmailTaken() {
        super(HttpStatus.CONFLICT, Problems.of(HttpStatus.CONFLICT, "Email already registered",
                "An account with this email already exists. Log in instead."), null);
    }
}
