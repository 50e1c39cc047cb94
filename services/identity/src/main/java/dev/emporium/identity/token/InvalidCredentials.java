package dev.emporium.identity.token;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A login with an unknown email or a wrong password: one answer for both, so it tells nobody which accounts exist. */
class InvalidCredentials extends ErrorResponseException {

    InvalidCredentials() {
        super(HttpStatus.UNAUTHORIZED, problem(), null);
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, "The email or password is wrong.");
        problem.setTitle("Invalid credentials");
        return problem;
    }
}
