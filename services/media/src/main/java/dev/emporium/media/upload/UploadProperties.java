package dev.emporium.media.upload;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code emporium.media.upload.*}: what an admin upload may be.
 *
 * @param maxBytes the largest file accepted ({@code 5MB}, or a plain number of bytes). The service's multipart limits
 * are derived from it ({@link UploadConfiguration}), so this is the one setting to change.
 * @param maxPixels the most pixels (width × height) an image may declare in its header; a guard against
 * decompression bombs, since a decoded image takes four bytes a pixel whatever its file size
 * @param concurrentRenders how many uploads are decoded and rendered at once; more wait their turn, so a burst of
 * large uploads cannot take more than this many decoded originals' worth of memory
 * @param jpegQuality the quality of JPEG variants, from 0 to 1
 */
@ConfigurationProperties("emporium.media.upload")
record UploadProperties(@DefaultValue("5MB") DataSize maxBytes, @DefaultValue("40000000") long maxPixels,
        @DefaultValue("2") int concurrentRenders, @DefaultValue("0.85") float jpegQuality) {

    UploadProperties {
        if (maxBytes.toBytes() < 1 || maxPixels < 1 || concurrentRenders < 1 || jpegQuality <= 0 || jpegQuality > 1) {
            throw new IllegalArgumentException("emporium.media.upload: limits must be positive and the JPEG quality in (0, 1]");
        }
    }
}
