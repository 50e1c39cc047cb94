package dev.emporium.media.image;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * No image has the requested file name (or the name is not one an image could have). Not cacheable: an image
 * uploaded later may take a name that was asked for before.
 */
class ImageNotFound extends ErrorResponseException {

    ImageNotFound() {
        super(HttpStatus.NOT_FOUND, problem(), null);
    }

    @Override
    public HttpHeaders getHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.setCacheControl(CacheControl.noStore());
        return headers;
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No image has this file name.");
        problem.setTitle("Image not found");
        return problem;
    }
}
