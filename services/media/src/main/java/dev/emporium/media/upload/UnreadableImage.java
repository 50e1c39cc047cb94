package dev.emporium.media.upload;

import dev.emporium.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * An upload that starts like a PNG or JPEG but does not decode: truncated, corrupt, or using something the JDK's
 * decoders do not read (a CMYK JPEG). 422 rather than 415: the type is acceptable, this content is not.
 */
class UnreadableImage extends ErrorResponseException {

    UnreadableImage(ImageFormat format, Throwable cause) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "Unreadable image",
                "The file starts like a " + format.name() + " image but cannot be decoded: it is truncated, corrupt or "
                        + "uses a feature that is not supported (such as CMYK colour)."), cause);
    }
}
