package dev.emporium.media.upload;

import dev.emporium.media.upload.Variant.Dimensions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VariantTests {

    @Test
    void fitsInItsBoxKeepingTheAspectRatio() {
        assertThat(Variant.FULL.fit(4000, 3000)).isEqualTo(new Dimensions(1600, 1200));
        assertThat(Variant.CARD.fit(4000, 3000)).isEqualTo(new Dimensions(480, 360));
        assertThat(Variant.THUMBNAIL.fit(4000, 3000)).isEqualTo(new Dimensions(160, 120));
        assertThat(Variant.THUMBNAIL.fit(1000, 3000)).isEqualTo(new Dimensions(53, 160));
        assertThat(Variant.THUMBNAIL.fit(10_000, 1)).isEqualTo(new Dimensions(160, 1));
    }

    @Test
    void neverUpscales() {
        assertThat(Variant.FULL.fit(300, 500)).isEqualTo(new Dimensions(300, 500));
        assertThat(Variant.CARD.fit(480, 100)).isEqualTo(new Dimensions(480, 100));
        assertThat(Variant.THUMBNAIL.fit(1, 1)).isEqualTo(new Dimensions(1, 1));
    }

    @Test
    void knowsPngAndJpegByTheirFirstBytesOnly() {
        assertThat(ImageFormat.of(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0 })).contains(ImageFormat.PNG);
        assertThat(ImageFormat.of(new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0 })).contains(ImageFormat.JPEG);
        assertThat(ImageFormat.of("GIF89a....".getBytes())).isEmpty();
        assertThat(ImageFormat.of("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes())).isEmpty();
        assertThat(ImageFormat.of(new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF })).as("nothing after the signature").isEmpty();
    }

    @Test
    void aDeclaredTypeMustNameTheFormatOrNothing() {
        assertThat(ImageFormat.PNG.contradictedBy(null)).isFalse();
        assertThat(ImageFormat.PNG.contradictedBy("application/octet-stream")).isFalse();
        assertThat(ImageFormat.PNG.contradictedBy("IMAGE/PNG; foo=bar")).isFalse();
        assertThat(ImageFormat.JPEG.contradictedBy("image/pjpeg")).isFalse();
        assertThat(ImageFormat.PNG.contradictedBy("image/jpeg")).isTrue();
        assertThat(ImageFormat.JPEG.contradictedBy("image/png")).isTrue();
        assertThat(ImageFormat.PNG.contradictedBy("text/plain")).isTrue();
    }
}
