package dev.emporium.media.upload;

import java.util.List;

import dev.emporium.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An upload whose bytes are not a PNG or JPEG (SVG, GIF, WebP, a document, anything), or whose declared type says
 * something else than its bytes: 415, with the accepted types in {@code accepted}.
 */
class UnsupportedImageType extends ErrorResponseException {

    static final List<String> ACCEPTED = List.of(ImageFormat.PNG.contentType(), ImageFormat.JPEG.contentType());

    private UnsupportedImageType(String title, String detail) {
        super(HttpStatus.UNSUPPORTED_MEDIA_TYPE, problem(title, detail), null);
    }

    static UnsupportedImageType notPngOrJpeg() {
        return new UnsupportedImageType("Unsupported image type",
                "Upload a PNG or JPEG image: the file's content is neither.");
    }

    static UnsupportedImageType contradicted(ImageFormat actual) {
        return new UnsupportedImageType("Content type mismatch", "The file's declared content type does not match its "
                + "content, which is " + actual.contentType() + ". Declare " + actual.contentType() + " or nothing.");
    }

    private static ProblemDetail problem(String title, String detail) {
        ProblemDetail problem = Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, title, detail);
        problem.setProperty("accepted", ACCEPTED);
        return problem;
    }
}
