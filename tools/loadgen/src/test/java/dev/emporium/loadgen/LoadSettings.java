package dev.emporium.loadgen;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;

/**
 * What a run of {@link EmporiumMix} is told, as system properties ({@code ./emporium load} passes them to the Gatling
 * plugin as {@code -D} options):
 *
 * @param url {@code emporium.load.url}: the platform's base URL, the embedded gateway or the cluster's edge
 * @param rate {@code emporium.load.rate}: arriving users per second during the run
 * @param duration {@code emporium.load.duration}: how long users keep arriving at that rate ({@code 60s}, {@code 2m})
 * @param ramp {@code emporium.load.ramp}: how long the arrival rate climbs to {@code rate} first (0: none)
 * @param customers {@code emporium.load.customers}: customers registered and logged in before the run
 * @param thinkTime {@code emporium.load.think}: the mean pause of a shopper between two pages (0: none)
 * @param strict {@code emporium.load.strict}: Gatling's assertions that no request failed and every journey ran,
 *        so that the run's exit status says whether it held (tests, CI)
 */
record LoadSettings(URI url, double rate, Duration duration, Duration ramp, int customers, Duration thinkTime,
        boolean strict) {

    static final String PREFIX = "emporium.load.";

    LoadSettings {
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException(PREFIX + "url must be an http(s) URL, not " + url);
        }
        if (!(rate > 0) || rate > 10_000) {
            throw new IllegalArgumentException(PREFIX + "rate must be above 0 and at most 10000 users/s, not " + rate);
        }
        if (duration.isNegative() || duration.isZero() || ramp.isNegative() || thinkTime.isNegative()) {
            throw new IllegalArgumentException("the duration must be positive, the ramp and the think time not negative");
        }
        if (customers < 1 || customers > 100_000) {
            throw new IllegalArgumentException(PREFIX + "customers must be from 1 to 100000, not " + customers);
        }
    }

    /** The settings from the system properties, with the defaults of {@code ./emporium load} for those not set. */
    static LoadSettings fromSystemProperties() {
        return new LoadSettings(
                property("url", URI::create, URI.create("http://localhost:8080")),
                property("rate", Double::parseDouble, 20.0),
                property("duration", LoadSettings::duration, Duration.ofSeconds(60)),
                property("ramp", LoadSettings::duration, Duration.ZERO),
                property("customers", Integer::parseInt, 200),
                property("think", LoadSettings::duration, Duration.ofSeconds(1)),
                property("strict", LoadSettings::bool, false));
    }

    /** {@code 90} (seconds), {@code 90s}, {@code 2m}, {@code 1m30s} or {@code 500ms}. */
    static Duration duration(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        if (value.matches("\\d+ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        try {
            return Duration.parse("PT" + value.toUpperCase(Locale.ROOT));
        }
        catch (DateTimeParseException ex) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (try 60s, 2m or 500ms)", ex);
        }
    }

    private static boolean bool(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("not true or false: '" + text + "'");
        };
    }

    private static <T> T property(String name, Function<String, T> parse, T fallback) {
        String value = System.getProperty(PREFIX + name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return parse.apply(value.strip());
        }
        catch (RuntimeException ex) {
            throw new IllegalArgumentException(PREFIX + name + ": cannot read '" + value + "': " + ex.getMessage(), ex);
        }
    }
}
