package dev.emporium.media.storage;

import java.util.regex.Pattern;

/**
 * The grammar of storage keys, checked by every adapter before the key reaches its backend. A dot only ever sits
 * between two other characters of a segment, so {@code .}, {@code ..} and hidden names cannot be spelt; there is no
 * backslash, colon, percent or NUL, so nothing decodes or resolves into another place on a file system or in a bucket.
 */
final class StorageKey {

    static final int MAX_LENGTH = 300;

    private static final String SEGMENT = "[a-z0-9_-]+(?:\\.[a-z0-9_-]+)*";

    private static final Pattern VALID = Pattern.compile(SEGMENT + "(?:/" + SEGMENT + ")*");

    private StorageKey() {
    }

    static boolean isValid(String key) {
        return key.length() <= MAX_LENGTH && VALID.matcher(key).matches();
    }

    /** The key itself, or an {@link IllegalArgumentException} naming what a key may be. */
    static String requireValid(String key) {
        if (!isValid(key)) {
            throw new IllegalArgumentException("not a storage key (lower-case segments of letters, digits, '.', '_' "
                    + "and '-', separated by '/', at most " + MAX_LENGTH + " characters)");
        }
        return key;
    }
}
