package dev.emporium.media.upload;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The image formats an upload may have, and the only ones variants are written in. An upload's format is read from
 * its first bytes (the signature every PNG and JPEG file starts with), never from the name or declared type a client
 * sends, which cost nothing to fake.
 */
enum ImageFormat {

    PNG("image/png", "png", Set.of(), new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' }),

    /** SOI followed by the first marker's 0xFF; {@code image/pjpeg} and {@code image/jpg} are what some clients send. */
    JPEG("image/jpeg", "jpg", Set.of("image/pjpeg", "image/jpg"), new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF });

    private final String contentType;

    private final String extension;

    private final Set<String> aliases;

    private final byte[] signature;

    ImageFormat(String contentType, String extension, Set<String> aliases, byte[] signature) {
        this.contentType = contentType;
        this.extension = extension;
        this.aliases = aliases;
        this.signature = signature;
    }

    /** The format whose signature {@code bytes} start with; empty for every other content, images or not. */
    static Optional<ImageFormat> of(byte[] bytes) {
        return Arrays.stream(values())
            .filter(format -> bytes.length > format.signature.length
                    && Arrays.equals(bytes, 0, format.signature.length, format.signature, 0, format.signature.length))
            .findFirst();
    }

    /**
     * Whether a declared content type contradicts this format. No declaration, and the generic
     * {@code application/octet-stream} of clients that do not know, claim nothing; anything else must name this format.
     */
    boolean contradictedBy(@Nullable String declared) {
        if (declared == null || declared.isBlank()) {
            return false;
        }
        String type = declared.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return !type.equals("application/octet-stream") && !type.equals(this.contentType) && !this.aliases.contains(type);
    }

    String contentType() {
        return this.contentType;
    }

    /** The file name extension, one that {@code ImageFileName} of the origin accepts. */
    String extension() {
        return this.extension;
    }

    /** The name ImageIO knows the format by. */
    String imageIoName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
