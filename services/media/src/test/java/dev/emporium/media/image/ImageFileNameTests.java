package dev.emporium.media.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ImageFileNameTests {

    @ParameterizedTest
    @ValueSource(strings = { "aud-0008-ffba74ca570eabd3.svg", "a.png", "photo-1.jpg", "x9.webp" })
    void acceptsLowerCaseNamesWithAnImageExtension(String fileName) {
        assertThat(ImageFileName.isValid(fileName)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", ".svg", "a.exe", "a.svg.exe", "A.svg", "a.SVG", "../../etc/passwd", "..%2Fetc%2Fpasswd",
            "a/b.svg", "a\\b.svg", "a..svg", "a b.svg", "a.svg\u0000", "a.svg\n", "caf\u00e9.svg", "a.jpeg", "a_b.svg" })
    void rejectsEverythingElse(String fileName) {
        assertThat(ImageFileName.isValid(fileName)).isFalse();
    }

    @Test
    void limitsTheLength() {
        assertThat(ImageFileName.isValid("a".repeat(196) + ".svg")).isTrue();
        assertThat(ImageFileName.isValid("a".repeat(197) + ".svg")).isFalse();
    }
}
