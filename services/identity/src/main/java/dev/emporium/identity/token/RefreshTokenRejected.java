package dev.emporium.identity.token;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A refresh token that is unknown, expired or already used. */
class RefreshTokenRejected extends ErrorResponseException {

    RefreshTokenRejected() {
        super(HttpStatus.UNAUTHORIZED, problem(), null);
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                "The refresh token is unknown, expired or already used. Log in again.");
        problem.setTitle("Invalid refresh token");
        return problem;
    }
}
