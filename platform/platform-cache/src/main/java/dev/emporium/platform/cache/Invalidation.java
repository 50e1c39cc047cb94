package dev.emporium.platform.cache;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * What one instance tells the others over pub/sub: drop {@code key} of {@code cache}, or every key when {@code key}
 * is null, the shared level having moved to {@code generation}. Encoded as three lines, so keys may hold any
 * character but a line break (a key with one is never published: {@link TieredCache} refuses it).
 */
record Invalidation(String cache, long generation, @Nullable String key) {

    byte[] encode() {
        return (this.cache + "\n" + this.generation + "\n" + (this.key == null ? "*" : "=" + this.key))
            .getBytes(StandardCharsets.UTF_8);
    }

    /** The invalidation in {@code message}, or null for a message that is not one. */
    static @Nullable Invalidation decode(byte[] message) {
        String[] parts = new String(message, StandardCharsets.UTF_8).split("\n", 3);
        if (parts.length != 3 || parts[2].isEmpty()) {
            return null;
        }
        try {
            long generation = Long.parseLong(parts[1]);
            return switch (parts[2].charAt(0)) {
                case '*' -> new Invalidation(parts[0], generation, null);
                case '=' -> new Invalidation(parts[0], generation, parts[2].substring(1));
                default -> null;
            };
        }
        catch (NumberFormatException ex) {
            return null;
        }
    }
}
