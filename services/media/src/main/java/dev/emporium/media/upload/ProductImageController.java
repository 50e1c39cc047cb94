package dev.emporium.media.upload;

import java.net.URI;
import java.util.List;

import dev.emporium.media.upload.ProductImageUploads.Uploaded;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The admin's product images (the platform's security restricts {@code /api/admin/**} to the admin role).
 * {@code POST} a PNG or JPEG as the multipart part {@code file}: 201 with the image and the URLs of its variants, or
 * 200 with the same when this file was uploaded for the product before. The {@code Location} is the upload's own
 * view. Refusals are problems: 400 (product id, no file), 413 (bytes or pixels), 415 (not PNG or JPEG, or a declared
 * type that contradicts the bytes), 422 (a PNG or JPEG that does not decode).
 */
@RestController
@RequestMapping("/api/admin/media/products/{productId}/images")
class ProductImageController {

    private final ProductImageUploads uploads;

    ProductImageController(ProductImageUploads uploads) {
        this.uploads = uploads;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<ProductImage> upload(@PathVariable String productId,
            @RequestPart(name = "file", required = false) @Nullable MultipartFile file) {
        Uploaded uploaded = this.uploads.upload(productId, file);
        URI location = URI.create("/api/admin/media/products/" + productId + "/images/" + uploaded.image().sha256());
        return (uploaded.created() ? ResponseEntity.created(location) : ResponseEntity.ok().location(location))
            .body(uploaded.image());
    }

    /** The product's uploads, newest first (empty for a product without any). */
    @GetMapping
    List<ProductImage> images(@PathVariable String productId) {
        return this.uploads.ofProduct(productId);
    }

    @GetMapping("/{sha256}")
    ProductImage image(@PathVariable String productId, @PathVariable String sha256) {
        return this.uploads.find(productId, sha256);
    }
}
