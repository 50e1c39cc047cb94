package dev.emporium.identity.account;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

class PasswordsTests {

    private final Passwords passwords = new Passwords();

    @Test
    void hashesWithBcryptCostTenBehindTheSchemePrefix() {
        String hash = this.passwords.hash("correct horse battery");
        assertThat(hash).startsWith("{bcrypt}$2a$10$");
        assertThat(this.passwords.matches("correct horse battery", hash)).isTrue();
        assertThat(this.passwords.matches("correct horse batterY", hash)).isFalse();
        assertThat(this.passwords.needsRehash(hash)).isFalse();
    }

    @Test
    void hashesPasswordsLongerThanBcryptTakesWithoutCuttingThemOff() {
        String longPassword = "ü".repeat(60) + "-tail"; // 125 characters, 125 + 60 UTF-8 bytes
        assertThat(Passwords.fitsBcrypt(longPassword)).isFalse();
        String hash = this.passwords.hash(longPassword);
        assertThat(hash).startsWith("{bcrypt-sha256}$2a$10$");
        assertThat(this.passwords.matches(longPassword, hash)).isTrue();
        assertThat(this.passwords.matches("ü".repeat(60) + "-tale", hash)).as("the last characters count").isFalse();
        assertThat(this.passwords.needsRehash(hash)).isFalse();
    }

    @Test
    void asksToRehashOlderSchemesAndWeakerCosts() {
        String weak = "{bcrypt}" + new BCryptPasswordEncoder(4).encode("correct horse battery");
        assertThat(this.passwords.matches("correct horse battery", weak)).isTrue();
        assertThat(this.passwords.needsRehash(weak)).isTrue();
    }

    @Test
    void checksAgainstADecoyThatNoPasswordMatches() {
        assertThatNoException().isThrownBy(() -> this.passwords.checkAgainstDecoy("any password at all"));
        assertThatNoException().isThrownBy(() -> this.passwords.checkAgainstDecoy("x".repeat(128)));
    }
}
