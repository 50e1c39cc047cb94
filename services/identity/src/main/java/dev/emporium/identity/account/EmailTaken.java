package dev.emporium.identity.account;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Registration with an email that an account already has (emails compare case-insensitively). */
class EmailTaken extends ErrorResponseException {

    EmailTaken() {
        super(HttpStatus.CONFLICT, problem(), null);
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "An account with this email already exists. Log in instead.");
        problem.setTitle("Email already registered");
        return problem;
    }
}
