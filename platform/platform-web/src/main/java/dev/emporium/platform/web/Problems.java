package dev.emporium.platform.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The RFC 9457 problems a service answers with, built in one place so that every service's failures look alike: a
 * status, a short title and a detail meant for people. Validation problems also carry the platform's problem type and
 * an {@code errors} array of {@code {field, message}}, whether the platform or a service's own code found the fault.
 */
public final class Problems {

    /** The type of every validation problem: a body, parameter or header that breaks its constraints. */
    public static final URI VALIDATION_TYPE = URI.create("https://emporium.dev/problems/validation");

    private Problems() {
    }

    /** A problem with {@code status}, {@code title} and {@code detail}; add properties with {@code setProperty}. */
    public static ProblemDetail of(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

    /** A 400 validation problem naming one offending {@code field} (a body field, path variable or header). */
    public static ProblemDetail validation(String field, String message) {
        return validation(List.of(Map.of("field", field, "message", message)));
    }

    /** A 400 validation problem with one {@code {field, message}} entry in {@code errors} per fault. */
    public static ProblemDetail validation(List<Map<String, String>> errors) {
        ProblemDetail problem = of(HttpStatus.BAD_REQUEST, "Validation failed", "The request has invalid fields.");
        problem.setType(VALIDATION_TYPE);
        problem.setProperty("errors", errors);
        return problem;
    }
}
