package dev.emporium.identity.token;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Date;
import java.util.EnumSet;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RSA key pair that signs access tokens, kept in a JWK file so tokens stay valid across restarts. The file
 * holds the private key: it is created readable by its owner only, and written whole before it appears under its
 * name, so a crash or a second instance starting at the same moment never leaves a half-written or a second key.
 *
 * <p>Caveat: every instance of identity needs the same key. Instances sharing a data directory share it; cluster
 * mode must hand them one file (or a key from a secret store).
 */
final class SigningKey {

    private static final Logger log = LoggerFactory.getLogger(SigningKey.class);

    static final int KEY_SIZE = 2048;

    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    private final RSAKey jwk;

    SigningKey(RSAKey jwk) {
        if (!jwk.isPrivate()) {
            throw new IllegalArgumentException("a signing key needs its private part");
        }
        if (jwk.size() < KEY_SIZE) {
            throw new IllegalArgumentException("a signing key needs at least " + KEY_SIZE + " bits, this one has " + jwk.size());
        }
        this.jwk = jwk.getKeyID() != null ? jwk : withThumbprintId(jwk);
    }

    /** The key in {@code file}; a new one, saved there, if the file does not exist. */
    static SigningKey loadOrCreate(Path file) {
        if (Files.exists(file)) {
            return load(file);
        }
        try {
            SigningKey created = new SigningKey(generate());
            if (created.saveAsNew(file)) {
                log.info("Created a new token signing key {} in {}", created.keyId(), file.toAbsolutePath());
                return created;
            }
            // Another process saved its key first: use that one.
            return load(file);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not save the token signing key to " + file.toAbsolutePath(), ex);
        }
    }

    static SigningKey load(Path file) {
        try {
            JWK jwk = JWK.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (!(jwk instanceof RSAKey rsa)) {
                throw new IllegalArgumentException("not an RSA key");
            }
            warnIfReadableByOthers(file);
            return new SigningKey(rsa);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not read the token signing key from " + file.toAbsolutePath(), ex);
        }
        catch (ParseException | IllegalArgumentException ex) {
            throw new IllegalStateException("The token signing key in " + file.toAbsolutePath() + " is not a usable RSA "
                    + "JWK (" + ex.getMessage() + "). Delete the file to create a new key; tokens signed with the old key "
                    + "then stop validating.", ex);
        }
    }

    /** The {@code kid} of tokens signed with this key. */
    String keyId() {
        String keyId = this.jwk.getKeyID();
        if (keyId == null) {
            throw new IllegalStateException("signing key without id");
        }
        return keyId;
    }

    /** The key pair, private part included: for the token encoder only. */
    RSAKey jwk() {
        return this.jwk;
    }

    RSAPublicKey publicKey() {
        try {
            return this.jwk.toRSAPublicKey();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("The signing key has no valid public part", ex);
        }
    }

    /** What other services verify tokens with: the public half only. */
    JWKSet publicJwkSet() {
        return new JWKSet(this.jwk.toPublicJWK());
    }

    static RSAKey generate() {
        try {
            return new RSAKeyGenerator(KEY_SIZE)
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256)
                .keyIDFromThumbprint(true)
                .issueTime(new Date())
                .generate();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("Could not generate an RSA signing key", ex);
        }
    }

    /**
     * Writes the key to a private temporary file, then links it in under {@code file}, so the first key saved wins.
     * Returns {@code false} if {@code file} exists already.
     */
    private boolean saveAsNew(Path file) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = posix(directory)
                ? Files.createTempFile(directory, ".signing-key-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(directory, ".signing-key-", ".tmp", new FileAttribute<?>[0]);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(StandardCharsets.UTF_8.encode(this.jwk.toJSONString()));
                channel.force(true);
            }
            try {
                Files.createLink(file, temporary);
            }
            catch (FileAlreadyExistsException ex) {
                return false;
            }
            catch (UnsupportedOperationException ex) {
                // No hard links on this file system: a rename is atomic too, but would replace a key saved meanwhile.
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            }
            return true;
        }
        finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static boolean posix(Path directory) {
        return directory.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static void warnIfReadableByOthers(Path file) throws IOException {
        if (posix(file.toAbsolutePath().getParent())) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(permissions)) {
                log.warn("The token signing key {} is readable by others ({}): make it owner-only (chmod 600)",
                        file.toAbsolutePath(), PosixFilePermissions.toString(permissions));
            }
        }
    }

    private static RSAKey withThumbprintId(RSAKey jwk) {
        try {
            return new RSAKey.Builder(jwk).keyIDFromThumbprint().build();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("Could not compute the signing key's thumbprint", ex);
        }
    }
}
