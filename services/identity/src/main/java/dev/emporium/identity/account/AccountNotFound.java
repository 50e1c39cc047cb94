package dev.emporium.identity.account;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A valid token whose subject has no account (any more). */
class AccountNotFound extends ErrorResponseException {

    AccountNotFound() {
        super(HttpStatus.NOT_FOUND, problem(), null);
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "The account this token was issued for does not exist.");
        problem.setTitle("Account not found");
        return problem;
    }
}
