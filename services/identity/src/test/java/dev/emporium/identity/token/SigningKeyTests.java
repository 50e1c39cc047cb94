package dev.emporium.identity.token;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SigningKeyTests {

    @TempDir
    Path directory;

    @Test
    void createsAnOwnerOnlyKeyFileWhenThereIsNone() throws Exception {
        Path file = this.directory.resolve("identity/jwt-signing-key.json");
        SigningKey key = SigningKey.loadOrCreate(file);

        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(key.jwk().size()).isEqualTo(2048);
        assertThat(key.keyId()).isNotBlank();
        RSAKey saved = RSAKey.parse(Files.readString(file));
        assertThat(saved.isPrivate()).isTrue();
        assertThat(saved.getKeyID()).isEqualTo(key.keyId());
        try (var leftovers = Files.list(file.getParent())) {
            assertThat(leftovers).containsExactly(file);
        }
    }

    @Test
    void loadsTheSameKeyOnTheNextStart() {
        Path file = this.directory.resolve("jwt-signing-key.json");
        SigningKey first = SigningKey.loadOrCreate(file);
        SigningKey again = SigningKey.loadOrCreate(file);
        assertThat(again.keyId()).isEqualTo(first.keyId());
        assertThat(again.publicKey()).isEqualTo(first.publicKey());
    }

    @Test
    void publishesOnlyThePublicHalf() {
        SigningKey key = SigningKey.loadOrCreate(this.directory.resolve("jwt-signing-key.json"));
        String published = key.publicJwkSet().toString();
        assertThat(published).contains("\"kid\":\"" + key.keyId() + "\"").contains("\"n\":").contains("\"e\":");
        assertThat(published).doesNotContain("\"d\":").doesNotContain("\"p\":").doesNotContain("\"q\":");
    }

    @Test
    void refusesAFileThatHoldsNoUsableKey() throws Exception {
        Path garbage = Files.writeString(this.directory.resolve("garbage.json"), "{ not json");
        assertThatIllegalStateException().isThrownBy(() -> SigningKey.loadOrCreate(garbage))
            .withMessageContaining("Delete the file");

        Path publicOnly = Files.writeString(this.directory.resolve("public.json"), SigningKey.generate().toPublicJWK().toJSONString());
        assertThatIllegalStateException().isThrownBy(() -> SigningKey.load(publicOnly))
            .withMessageContaining("private part");
    }
}
