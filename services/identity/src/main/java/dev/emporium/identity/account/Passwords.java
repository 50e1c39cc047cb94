package dev.emporium.identity.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Hashes and checks passwords through Spring Security's {@link DelegatingPasswordEncoder}: every stored hash starts
 * with the id of its scheme ({@code {bcrypt}$2a$10$...}), so switching new hashes to another scheme (Argon2id, once
 * BouncyCastle is on the classpath) is a change of {@link #ENCODING_ID} and the encoder map; older hashes keep
 * verifying and are replaced at their owner's next login ({@link #needsRehash}).
 *
 * <p>Caveat: bcrypt reads at most 72 bytes, and Spring Security refuses to hash more, while a password may have up to
 * 128 characters. A password longer than 72 UTF-8 bytes is therefore stored as {@code {bcrypt-sha256}}: bcrypt over
 * the Base64 of its SHA-256 (44 characters), so every character counts and nothing is cut off silently.
 */
@Component
class Passwords {

    static final String ENCODING_ID = "bcrypt";

    static final String LONG_PASSWORD_ID = "bcrypt-sha256";

    static final int BCRYPT_STRENGTH = 10;

    static final int BCRYPT_MAX_BYTES = 72;

    private final DelegatingPasswordEncoder encoder;

    private final DelegatingPasswordEncoder longPasswordEncoder;

    private volatile @Nullable String decoy;

    Passwords() {
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(BCRYPT_STRENGTH);
        Map<String, PasswordEncoder> encoders = Map.of(ENCODING_ID, bcrypt, LONG_PASSWORD_ID, new Sha256ThenBcrypt(bcrypt));
        this.encoder = new DelegatingPasswordEncoder(ENCODING_ID, encoders);
        this.longPasswordEncoder = new DelegatingPasswordEncoder(LONG_PASSWORD_ID, encoders);
    }

    String hash(String password) {
        String hash = fitsBcrypt(password) ? this.encoder.encode(password) : this.longPasswordEncoder.encode(password);
        if (hash == null) {
            throw new IllegalStateException("the password encoder returned no hash");
        }
        return hash;
    }

    boolean matches(String password, String hash) {
        return this.encoder.matches(password, hash);
    }

    /** Whether {@code hash} was made by an older scheme or cost than new hashes get. */
    boolean needsRehash(String hash) {
        return hash.startsWith("{" + LONG_PASSWORD_ID + "}") ? this.longPasswordEncoder.upgradeEncoding(hash)
                : this.encoder.upgradeEncoding(hash);
    }

    /**
     * Spends the time of a real check on a hash no password matches, so answering "unknown email" takes as long as
     * answering "wrong password" and the response time does not tell which accounts exist.
     */
    void checkAgainstDecoy(String password) {
        String hash = this.decoy;
        if (hash == null) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            hash = this.encoder.encode(Base64.getEncoder().encodeToString(random));
            this.decoy = hash;
        }
        this.encoder.matches(password, hash);
    }

    static boolean fitsBcrypt(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length <= BCRYPT_MAX_BYTES;
    }

    /** The {@code {bcrypt-sha256}} scheme: bcrypt over Base64(SHA-256(password)). */
    private record Sha256ThenBcrypt(PasswordEncoder bcrypt) implements PasswordEncoder {

        @Override
        public @Nullable String encode(@Nullable CharSequence rawPassword) {
            return rawPassword == null ? null : this.bcrypt.encode(digest(rawPassword));
        }

        @Override
        public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
            return rawPassword != null && this.bcrypt.matches(digest(rawPassword), encodedPassword);
        }

        @Override
        public boolean upgradeEncoding(@Nullable String encodedPassword) {
            return this.bcrypt.upgradeEncoding(encodedPassword);
        }

        private static String digest(CharSequence password) {
            try {
                byte[] sha256 = MessageDigest.getInstance("SHA-256")
                    .digest(password.toString().getBytes(StandardCharsets.UTF_8));
                return Base64.getEncoder().encodeToString(sha256);
            }
            catch (NoSuchAlgorithmException ex) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
            }
        }
    }
}
