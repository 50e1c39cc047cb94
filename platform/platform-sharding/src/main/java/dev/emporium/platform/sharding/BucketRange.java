package dev.emporium.platform.sharding;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Buckets {@code first} to {@code last}, both included, as written {@code 0-1023} (or one bucket: {@code 7}). */
public record BucketRange(int first, int last) {

    private static final Pattern TEXT = Pattern.compile("\\s*(\\d{1,4})\\s*(?:-\\s*(\\d{1,4})\\s*)?");

    public BucketRange {
        if (first < 0 || last >= Buckets.COUNT || first > last) {
            throw new IllegalArgumentException("not a bucket range: " + first + "-" + last);
        }
    }

    /** The range {@code text} names, if it is one within 0..4095 with first ≤ last. */
    public static Optional<BucketRange> parse(String text) {
        Matcher matcher = TEXT.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        int first = Integer.parseInt(matcher.group(1));
        int last = matcher.group(2) != null ? Integer.parseInt(matcher.group(2)) : first;
        if (last >= Buckets.COUNT || first > last) {
            return Optional.empty();
        }
        return Optional.of(new BucketRange(first, last));
    }

    public int size() {
        return this.last - this.first + 1;
    }

    @Override
    public String toString() {
        return this.first == this.last ? Integer.toString(this.first) : this.first + "-" + this.last;
    }
}
