package dev.emporium.media.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LocalImageStorageTests {

    @TempDir
    Path directory;

    @Test
    void storesReadsReplacesAndDeletesObjects() throws IOException {
        LocalImageStorage storage = new LocalImageStorage(this.directory.resolve("objects"));
        String key = "variants/p12/p12-0123456789abcdef-card.jpg";
        assertThat(storage.get(key)).isEmpty();
        assertThat(storage.exists(key)).isFalse();

        storage.put(key, bytes("first"), "image/jpeg");
        assertThat(storage.exists(key)).isTrue();
        assertThat(storage.get(key)).hasValueSatisfying(content -> assertThat(content).isEqualTo(bytes("first")));
        assertThat(this.directory.resolve("objects/variants/p12/p12-0123456789abcdef-card.jpg")).hasContent("first");

        storage.put(key, bytes("second"), "image/jpeg");
        assertThat(storage.get(key)).hasValueSatisfying(content -> assertThat(content).isEqualTo(bytes("second")));
        assertThat(files()).as("no temporary file is left behind")
            .containsExactly(this.directory.resolve("objects/variants/p12/p12-0123456789abcdef-card.jpg"));

        storage.delete(key);
        storage.delete(key);
        assertThat(storage.exists(key)).isFalse();
        assertThat(storage.get(key)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "/", "../outside", "a/../../outside", "..", ".", "a/./b", "a/.", "/etc/passwd", "a//b",
            "a/", ".hidden", "a/.hidden", "a..b", "a.", "a\\..\\b", "a\\b", "C:/windows", "A", "a/B.jpg", "a b",
            "a%2f..%2fb", "%2e%2e/x", "a\u0000b", "a\nb", "caf\u00e9", "~/x", "a:b" })
    void refusesKeysThatCouldLeaveTheRoot(String key) throws IOException {
        LocalImageStorage storage = new LocalImageStorage(this.directory.resolve("objects"));
        assertThatIllegalArgumentException().isThrownBy(() -> storage.put(key, bytes("x"), "image/png"));
        assertThatIllegalArgumentException().isThrownBy(() -> storage.get(key));
        assertThatIllegalArgumentException().isThrownBy(() -> storage.exists(key));
        assertThatIllegalArgumentException().isThrownBy(() -> storage.delete(key));
        assertThat(files()).isEmpty();
    }

    @Test
    void refusesOverlongKeys() {
        LocalImageStorage storage = new LocalImageStorage(this.directory);
        assertThat(StorageKey.isValid("a".repeat(300))).isTrue();
        assertThatIllegalArgumentException().isThrownBy(() -> storage.put("a".repeat(301), bytes("x"), "image/png"));
    }

    @Test
    void acceptsTheKeysUploadsUse() {
        for (String key : List.of("originals/p12/" + "0".repeat(64) + ".png", "variants/-p-/-p--0123456789abcdef-full.png",
                "a", "a_b/c-d.e.f")) {
            assertThat(StorageKey.isValid(key)).as(key).isTrue();
        }
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> paths = Files.walk(this.directory)) {
            return paths.filter(Files::isRegularFile).toList();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
