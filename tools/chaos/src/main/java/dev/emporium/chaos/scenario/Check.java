package dev.emporium.chaos.scenario;

/**
 * One part of a scenario's pass criterion, judged from the measurements.
 *
 * @param name what is required, in words
 * @param passed whether the run met it
 * @param measured what was measured
 * @param limit what was allowed
 */
public record Check(String name, boolean passed, String measured, String limit) {

    /** A count that must be zero. */
    static Check none(String name, long measured) {
        return new Check(name, measured == 0, Long.toString(measured), "0");
    }

    /** A value that must be at most {@code limit} (NaN, nothing measured, passes: nothing of it was seen). */
    static Check atMost(String name, double measured, double limit, String unit) {
        return new Check(name, Double.isNaN(measured) || measured <= limit, format(measured) + unit, "≤ " + format(limit) + unit);
    }

    /** A value that must be below {@code limit} (NaN passes, as for {@link #atMost}). */
    static Check below(String name, double measured, double limit, String unit) {
        return new Check(name, Double.isNaN(measured) || measured < limit, format(measured) + unit, "< " + format(limit) + unit);
    }

    static Check atLeast(String name, double measured, double limit, String unit) {
        return new Check(name, !Double.isNaN(measured) && measured >= limit, format(measured) + unit, "≥ " + format(limit) + unit);
    }

    static Check that(String name, boolean passed, String measured, String limit) {
        return new Check(name, passed, measured, limit);
    }

    public static String format(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e12) {
            return Long.toString((long) value);
        }
        return String.format(java.util.Locale.ROOT, Math.abs(value) < 1 ? "%.4f" : "%.1f", value);
    }
}
