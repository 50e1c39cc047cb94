package dev.emporium.media.image;

import java.util.regex.Pattern;

/**
 * The shape of a servable file name: lower-case letters, digits and dashes, then a known image extension. Anything
 * else (dots, slashes, encoded or not, upper case, other extensions) names no image, so it never reaches a query.
 */
final class ImageFileName {

    static final int MAX_LENGTH = 200;

    private static final Pattern VALID = Pattern.compile("[a-z0-9-]+\\.(svg|png|jpg|webp)");

    private ImageFileName() {
    }

    static boolean isValid(String fileName) {
        return fileName.length() <= MAX_LENGTH && VALID.matcher(fileName).matches();
    }
}
