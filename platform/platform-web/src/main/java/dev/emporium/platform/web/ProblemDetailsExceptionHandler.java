package dev.emporium.platform.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every failure at a service's HTTP edge into an RFC 9457 problem. Validation problems carry an
 * {@code errors} array naming each offending field; bodies that cannot be read name the field whose value had
 * the wrong type. Anything unexpected is logged and answered with a 500 problem that leaks no internals.
 */
@RestControllerAdvice
class ProblemDetailsExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsExceptionHandler.class);

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(ProblemDetailsExceptionHandler::fieldError)
                .toList();
        return ResponseEntity.badRequest().body(validationProblem(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // A request body validated as a method parameter reports its own fields ("quantity"), not the parameter's
        // name; simple parameters (a query or path variable) are named by the parameter.
        List<Map<String, String>> errors = ex.getParameterValidationResults().stream()
                .flatMap(result -> result instanceof ParameterErrors bean
                        ? bean.getFieldErrors().stream().map(ProblemDetailsExceptionHandler::fieldError)
                        : result.getResolvableErrors().stream()
                            .map(error -> Map.of("field", parameterName(result.getMethodParameter().getParameterName()),
                                    "message", String.valueOf(error.getDefaultMessage()))))
                .toList();
        return ResponseEntity.badRequest().body(validationProblem(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (ex.getCause() instanceof UnrecognizedPropertyException unknown) {
            return ResponseEntity.badRequest()
                .body(validationProblem(List.of(Map.of("field", path(unknown), "message", "is not a field of this request"))));
        }
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "Malformed request body",
                "The request body is not valid JSON for this endpoint.");
        if (ex.getCause() instanceof DatabindException databind && !databind.getPath().isEmpty()) {
            problem.setType(Problems.VALIDATION_TYPE);
            problem.setProperty("errors", List.of(Map.of("field", path(databind), "message", "has the wrong type or format")));
        }
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException ex) {
        String expected = ex.getRequiredType() != null ? ex.getRequiredType().getSimpleName() : "another type";
        return ResponseEntity.badRequest().body(validationProblem(List.of(Map.of(
                "field", ex.getName(), "message", "must be a valid " + expected.toLowerCase()))));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraintViolation(ConstraintViolationException ex) {
        List<Map<String, String>> errors = ex.getConstraintViolations().stream()
                .map(violation -> Map.of("field", lastNode(violation.getPropertyPath().toString()),
                        "message", violation.getMessage()))
                .toList();
        return ResponseEntity.badRequest().body(validationProblem(errors));
    }

    /**
     * Another service (or the database behind it) did not answer in time, or its breaker or bulkhead refused the call
     * ({@link DependencyUnavailable}, which says when to come back): the caller may retry later.
     */
    @ExceptionHandler(ResourceAccessException.class)
    ResponseEntity<ProblemDetail> unavailable(ResourceAccessException ex, WebRequest request) {
        log.warn("Dependency unavailable handling {}: {}", request.getDescription(false), ex.getMessage());
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
                "A service this request needs is unavailable. Try again shortly.");
        long retryAfter = ex instanceof DependencyUnavailable known ? Math.max(1, known.retryAfter().toSeconds()) : 2;
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
            .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter))
            .body(problem);
    }

    /**
     * A database could not be reached, or a statement failed for a reason that may pass (a timeout, a deadlock):
     * nothing was committed by this request (or its outcome is unknown, which the caller's idempotency key settles),
     * so the caller may retry. Connection details stay in the log.
     */
    @ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessException.class,
            CannotCreateTransactionException.class })
    ResponseEntity<ProblemDetail> databaseUnavailable(Exception ex, WebRequest request) {
        log.warn("Database unavailable handling {}: {}", request.getDescription(false), ex.getMessage());
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Database unavailable",
                "A database this request needs is unavailable. Try again shortly.");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "2").body(problem);
    }

    /**
     * A connection broke before an answer was complete: another service's answer being relayed (the gateway) or read,
     * or the caller going away. Not a fault of the request, and nothing to fix here: 503, come back shortly (a caller
     * that has gone never reads it).
     */
    @ExceptionHandler(IOException.class)
    ResponseEntity<ProblemDetail> connectionBroken(IOException ex, WebRequest request) {
        log.warn("Connection broken handling {}: {}", request.getDescription(false), ex.toString());
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
                "An answer this request needs was cut off. Try again shortly.");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "2").body(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex, WebRequest request) throws Exception {
        if (ex instanceof ErrorResponseException || ex instanceof org.springframework.security.core.AuthenticationException
                || ex instanceof org.springframework.security.access.AccessDeniedException) {
            throw ex;
        }
        log.error("Unexpected failure handling {}", request.getDescription(false), ex);
        ProblemDetail problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "Something went wrong on our side. The request id in the response headers identifies it in our logs.");
        return ResponseEntity.internalServerError().body(problem);
    }

    static ProblemDetail validationProblem(List<Map<String, String>> errors) {
        return Problems.validation(errors);
    }

    /** The field a reading failure is about, as {@code shippingAddress.city} or {@code items[2].quantity}. */
    private static String path(DatabindException ex) {
        return ex.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                .orElse("");
    }

    private static Map<String, String> fieldError(FieldError error) {
        return Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage()));
    }

    private static String parameterName(String name) {
        return name != null ? name : "parameter";
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
