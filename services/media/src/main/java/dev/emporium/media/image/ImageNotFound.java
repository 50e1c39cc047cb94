package dev.emporium.media.image;

import dev.emporium.platform.web.Problems;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * No image has the requested file name (or the name is not one an image could have). Not cacheable: an image
 * uploaded later may take a name that was asked for before.
 */
class ImageNotFound extends ErrorResponseException {

    ImageNotFound() {
        super(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, "Image not found", "No image has this file name."), null);
    }

    @Override
    public HttpHeaders getHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.setCacheControl(CacheControl.noStore());
        return headers;
    }
}
