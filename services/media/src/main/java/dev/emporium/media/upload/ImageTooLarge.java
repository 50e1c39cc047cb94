package dev.emporium.media.upload;

import dev.emporium.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An upload over the limits of {@link UploadProperties}: more bytes than {@code maxBytes}, or more pixels than
 * {@code maxPixels} (read from the header before anything is decoded, so a small file that would decode into
 * gigabytes never is). Both are 413: the answer to either is a smaller image.
 */
class ImageTooLarge extends ErrorResponseException {

    private ImageTooLarge(ProblemDetail problem) {
        super(HttpStatus.CONTENT_TOO_LARGE, problem, null);
    }

    static ImageTooLarge bytes(long size, long maxBytes) {
        ProblemDetail problem = Problems.of(HttpStatus.CONTENT_TOO_LARGE, "Image too large",
                "The image has " + size + " bytes; at most " + maxBytes + " are accepted.");
        problem.setProperty("maxBytes", maxBytes);
        return new ImageTooLarge(problem);
    }

    /** More bytes than the multipart limit: the container stopped reading, so the size is not known. */
    static ImageTooLarge overMultipartLimit(long maxBytes) {
        ProblemDetail problem = Problems.of(HttpStatus.CONTENT_TOO_LARGE, "Image too large",
                "The upload is far larger than the " + maxBytes + " bytes accepted.");
        problem.setProperty("maxBytes", maxBytes);
        return new ImageTooLarge(problem);
    }

    static ImageTooLarge pixels(int width, int height, long maxPixels) {
        ProblemDetail problem = Problems.of(HttpStatus.CONTENT_TOO_LARGE, "Image too large",
                "The image is " + width + " x " + height + " pixels; at most " + maxPixels + " pixels are accepted.");
        problem.setProperty("maxPixels", maxPixels);
        return new ImageTooLarge(problem);
    }
}
