package dev.emporium.media.upload;

import dev.emporium.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A request that cannot be an upload (a product id of the wrong shape, no file): a validation problem naming it. */
class InvalidUpload extends ErrorResponseException {

    private InvalidUpload(String field, String message) {
        super(HttpStatus.BAD_REQUEST, Problems.validation(field, message), null);
    }

    static InvalidUpload productId() {
        return new InvalidUpload("productId", "must be 1 to 64 lower-case letters, digits or '-'");
    }

    static InvalidUpload missingFile() {
        return new InvalidUpload("file", "is required: a PNG or JPEG image as the multipart part 'file'");
    }

    static InvalidUpload emptyFile() {
        return new InvalidUpload("file", "must not be empty");
    }
}
