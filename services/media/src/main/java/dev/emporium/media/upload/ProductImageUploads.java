package dev.emporium.media.upload;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;

import dev.emporium.media.storage.ImageStorage;
import dev.emporium.media.upload.ProductImages.NewUpload;
import dev.emporium.media.upload.ProductImages.NewVariant;
import dev.emporium.media.upload.VariantRenderer.RenderedVariant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.web.multipart.MultipartFile;

/**
 * Admin uploads of product images. An upload is checked in order of cost: the product id, the size, the format from
 * the first bytes, the declared type, the pixel count from the header, and only then decoded; a refused upload
 * leaves nothing behind. An accepted one is rendered into its {@link Variant}s, the original and the variants are
 * stored (bytes first, rows last, so no row ever names missing bytes), and the rows are written in one transaction.
 *
 * <p>Names are content-addressed: the original by its SHA-256, a variant by the first 16 hex digits of its own
 * SHA-256 ({@code p12-0123456789abcdef-card.jpg}). The same file uploaded again for a product is recognised by its
 * hash and answered with the image recorded the first time; a changed file gets new names, so the immutable caching
 * of the old URLs stays correct.
 */
@Service
class ProductImageUploads {

    private static final Logger log = LoggerFactory.getLogger(ProductImageUploads.class);

    /** The catalog's product id shape. */
    private static final Pattern PRODUCT_ID = Pattern.compile("[a-z0-9-]{1,64}");

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final ProductImages images;

    private final ImageStorage storage;

    private final Clock clock;

    private final long maxBytes;

    private final ImageDecoder decoder;

    private final VariantRenderer renderer;

    private final Semaphore renders;

    ProductImageUploads(ProductImages images, ImageStorage storage, Clock clock, UploadProperties properties) {
        this.images = images;
        this.storage = storage;
        this.clock = clock;
        this.maxBytes = properties.maxBytes().toBytes();
        this.decoder = new ImageDecoder(properties.maxPixels());
        this.renderer = new VariantRenderer(properties.jpegQuality());
        this.renders = new Semaphore(properties.concurrentRenders(), true);
    }

    /** The image of {@code file} for the product: new, or the one recorded when the same file came before. */
    Uploaded upload(String productId, @Nullable MultipartFile file) {
        requireProductId(productId);
        if (file == null) {
            throw InvalidUpload.missingFile();
        }
        if (file.isEmpty()) {
            throw InvalidUpload.emptyFile();
        }
        if (file.getSize() > this.maxBytes) {
            throw ImageTooLarge.bytes(file.getSize(), this.maxBytes);
        }
        byte[] bytes = read(file);
        ImageFormat format = ImageFormat.of(bytes).orElseThrow(UnsupportedImageType::notPngOrJpeg);
        if (format.contradictedBy(file.getContentType())) {
            throw UnsupportedImageType.contradicted(format);
        }
        String sha256 = sha256(bytes);
        return this.images.find(productId, sha256)
            .map(known -> new Uploaded(known, false))
            .orElseGet(() -> store(productId, bytes, format, sha256));
    }

    /** The uploads of a product, newest first. */
    List<ProductImage> ofProduct(String productId) {
        requireProductId(productId);
        return this.images.ofProduct(productId);
    }

    ProductImage find(String productId, String sha256) {
        requireProductId(productId);
        return (SHA256.matcher(sha256).matches() ? this.images.find(productId, sha256) : Optional.<ProductImage>empty())
            .orElseThrow(() -> new ProductImageNotFound(productId));
    }

    /** An upload's image, and whether this upload created it (or the same file had come before). */
    record Uploaded(ProductImage image, boolean created) {
    }

    private Uploaded store(String productId, byte[] bytes, ImageFormat format, String sha256) {
        Rendering rendering = render(bytes, format);
        Instant now = this.clock.instant();
        // Keys this upload wrote that were not there before: the only ones it may take back if it fails.
        List<String> written = new ArrayList<>();
        try {
            String originalKey = "originals/" + productId + "/" + sha256 + "." + format.extension();
            putIfAbsent(originalKey, bytes, format, written);
            List<NewVariant> variants = new ArrayList<>();
            for (RenderedVariant variant : rendering.variants()) {
                String variantSha256 = sha256(variant.bytes());
                String fileName = productId + "-" + variantSha256.substring(0, 16) + "-" + variant.variant().label() + "."
                        + variant.format().extension();
                String key = "variants/" + productId + "/" + fileName;
                putIfAbsent(key, variant.bytes(), variant.format(), written);
                variants.add(new NewVariant(variant.variant(), fileName, variant.format().contentType(), key, variantSha256,
                        variant.size().width(), variant.size().height(), variant.bytes().length));
            }
            boolean added = this.images.add(new NewUpload(productId, sha256, format.contentType(), rendering.width(),
                    rendering.height(), bytes.length, originalKey, now, variants));
            if (!added) {
                takeBack(written);
            }
            return new Uploaded(this.images.find(productId, sha256).orElseThrow(), added);
        }
        catch (RuntimeException ex) {
            takeBack(written);
            throw ex;
        }
    }

    private Rendering render(byte[] bytes, ImageFormat format) {
        this.renders.acquireUninterruptibly();
        try {
            BufferedImage original = this.decoder.decode(bytes, format);
            return new Rendering(original.getWidth(), original.getHeight(), this.renderer.render(original));
        }
        finally {
            this.renders.release();
        }
    }

    /** The original's size in pixels and its variants; the decoded original itself is left for the collector. */
    private record Rendering(int width, int height, List<RenderedVariant> variants) {
    }

    private void putIfAbsent(String key, byte[] bytes, ImageFormat format, List<String> written) {
        // Keys are content-addressed: what is there already has these very bytes.
        if (!this.storage.exists(key)) {
            this.storage.put(key, bytes, format.contentType());
            written.add(key);
        }
    }

    /** Deletes what this upload wrote unless a row names it meanwhile (another upload of the same bytes). */
    private void takeBack(List<String> written) {
        for (String key : written) {
            try {
                if (!this.images.references(key)) {
                    this.storage.delete(key);
                }
            }
            catch (RuntimeException ex) {
                log.warn("Could not take back stored object {} of a failed upload; it is unreferenced garbage", key, ex);
            }
        }
    }

    private static void requireProductId(String productId) {
        if (!PRODUCT_ID.matcher(productId).matches()) {
            throw InvalidUpload.productId();
        }
    }

    private static byte[] read(MultipartFile file) {
        try {
            return file.getBytes();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not read the uploaded file", ex);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required of every JVM", ex);
        }
    }
}
