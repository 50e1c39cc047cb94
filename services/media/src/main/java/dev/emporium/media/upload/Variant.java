package dev.emporium.media.upload;

import java.util.Locale;

/**
 * The sizes every upload is rendered in, once, when it arrives: each fits in a square box, keeps the aspect ratio and
 * is never larger than the original. Declared from largest to smallest, the order they are rendered in (each from the
 * one before, which is cheaper than from the original and just as sharp).
 */
enum Variant {

    /** Product pages and zoom. */
    FULL(1600),

    /** Listing cards. */
    CARD(480),

    /** Cart lines, order summaries, search suggestions. */
    THUMBNAIL(160);

    private final int box;

    Variant(int box) {
        this.box = box;
    }

    /** The name in URLs, storage keys and the API: {@code full}, {@code card}, {@code thumbnail}. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The width and height of an original of {@code width} × {@code height} in this variant. */
    Dimensions fit(int width, int height) {
        double scale = Math.min(1.0, Math.min((double) this.box / width, (double) this.box / height));
        return new Dimensions(Math.max(1, (int) Math.round(width * scale)), Math.max(1, (int) Math.round(height * scale)));
    }

    static Variant ofLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }

    record Dimensions(int width, int height) {
    }
}
