package dev.emporium.identity.token;

import dev.emporium.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A login with an unknown email or a wrong password: one answer for both, so it tells nobody which accounts exist. */
class InvalidCredentials extends ErrorResponseException {

    InvalidCredentials() {
        super(HttpStatus.UNAUTHORIZED,
                Problems.of(HttpStatus.UNAUTHORIZED, "Invalid credentials", "The email or password is wrong."), null);
    }
}
