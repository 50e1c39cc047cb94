package dev.emporium.identity.token;

import dev.emporium.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A refresh token that is unknown, expired or already used. */
class RefreshTokenRejected extends ErrorResponseException {

    RefreshTokenRejected() {
        super(HttpStatus.UNAUTHORIZED, Problems.of(HttpStatus.UNAUTHORIZED, "Invalid refresh token",
                "The refresh token is unknown, expired or already used. Log in again."), null);
    }
}
