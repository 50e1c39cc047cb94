package dev.emporium.media.upload;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * Answers an upload that broke the container's multipart limit with the same problem as one just over
 * {@code max-bytes} ("Image too large", {@code maxBytes}), instead of the platform's generic 413. The container
 * rejects it while parsing, before any controller is chosen, so only an advice sees it. Ahead of the platform's
 * handler, which would answer it otherwise.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UploadLimitAdvice {

    private final long maxBytes;

    UploadLimitAdvice(UploadProperties properties) {
        this.maxBytes = properties.maxBytes().toBytes();
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ProblemDetail> tooLarge(MaxUploadSizeExceededException ex) {
        ImageTooLarge problem = ImageTooLarge.overMultipartLimit(this.maxBytes);
        return ResponseEntity.status(problem.getStatusCode()).body(problem.getBody());
    }
}
