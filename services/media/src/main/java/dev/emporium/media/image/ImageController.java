package dev.emporium.media.image;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves product images as a CDN origin (GET, and HEAD through Spring MVC's implicit HEAD for GET mappings): the demo
 * SVGs and the variants of uploaded images alike. A file name carries a hash of the content, so a URL never changes
 * meaning: responses are public and immutable for a year, with the content's SHA-256 as a strong ETag. A matching
 * {@code If-None-Match} gets a 304 with the same headers and no body (Spring MVC evaluates the conditional request
 * against the ETag and Last-Modified set here). {@link ServedImageMetrics} counts every answer.
 */
@RestController
class ImageController {

    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    /** An SVG opened on its own is a document: it may style itself, but never run script, load or submit anything. */
    static final String SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

    private final Images images;

    ImageController(Images images) {
        this.images = images;
    }

    @GetMapping("/media/products/{fileName}")
    ResponseEntity<byte[]> image(@PathVariable String fileName) {
        if (!ImageFileName.isValid(fileName)) {
            throw new ImageNotFound();
        }
        StoredImage image = this.images.find(fileName).orElseThrow(ImageNotFound::new);
        MediaType contentType = MediaType.parseMediaType(image.contentType());
        ResponseEntity.BodyBuilder response = ResponseEntity.ok()
            .contentType(contentType)
            .header(HttpHeaders.CACHE_CONTROL, IMMUTABLE)
            .eTag("\"" + image.sha256() + "\"")
            .lastModified(image.createdAt())
            .header("X-Content-Type-Options", "nosniff");
        if (contentType.isCompatibleWith(MediaType.valueOf("image/svg+xml"))) {
            response.header("Content-Security-Policy", SVG_POLICY);
        }
        return response.body(image.content());
    }
}
