package dev.emporium.media.storage;

import java.util.Optional;

/**
 * Where the bytes of uploaded images live: originals and their variants, each under a key. The database keeps what
 * an image is (its product, hash, size, variants); this port keeps only bytes, so a key is written once and then read
 * many times by the CDN origin. Keys are content-addressed by their callers (they carry a hash), which makes a put
 * of an existing key with the same bytes harmless.
 *
 * <p>A key is one or more {@code /}-separated segments of lower-case letters, digits, {@code _} and {@code -},
 * with single dots between them ({@code p12-ab.jpg}, never {@code .}, {@code ..} or {@code .hidden}), at most 300
 * characters in all ({@code variants/p12/p12-0123456789abcdef-card.jpg}). Every adapter refuses other keys with an
 * {@link IllegalArgumentException}, so no key can name a place outside its storage ({@code ..}, absolute paths,
 * backslashes) on any backend. Failures of the backend itself are {@link java.io.UncheckedIOException}s.
 */
public interface ImageStorage {

    /**
     * Stores {@code bytes} under {@code key}, replacing what was there. Readers see the old bytes or the new ones,
     * never a part of either.
     *
     * @param contentType the media type of the bytes, for backends that keep it with the object (an S3 bucket can
     * then serve it directly); the local adapter does not need it, the database has it
     */
    void put(String key, byte[] bytes, String contentType);

    /** The bytes under {@code key}, or empty when nothing is stored there. */
    Optional<byte[]> get(String key);

    /** Whether something is stored under {@code key}. */
    boolean exists(String key);

    /** Removes what is stored under {@code key}; nothing stored there is not an error. */
    void delete(String key);
}
