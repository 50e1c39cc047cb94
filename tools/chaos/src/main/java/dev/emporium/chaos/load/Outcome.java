package dev.emporium.chaos.load;

import java.util.Locale;

/** How one operation ended, as its shopper saw it. */
public enum Outcome {

    OK_2XX("2xx"),
    CLIENT_4XX("4xx"),
    RATE_LIMITED_429("429"),
    /** 503 with an RFC 9457 problem body: a clean, deliberate refusal (shed, breaker open, no instance). */
    PROBLEM_503("503 problem"),
    /** Any other 5xx, a 503 without a problem body among them. */
    SERVER_5XX("5xx other"),
    CONNECTION_ERROR("connection error"),
    TIMEOUT("timeout");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    public String label() {
        return this.label;
    }

    public boolean success() {
        return this == OK_2XX;
    }

    /** The key reports use. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The outcome of an answer with {@code status} and {@code contentType} (null when it had none). */
    public static Outcome of(int status, @org.jspecify.annotations.Nullable String contentType) {
        if (status >= 200 && status < 300) {
            return OK_2XX;
        }
        if (status == 429) {
            return RATE_LIMITED_429;
        }
        if (status == 503 && contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/problem+json")) {
            return PROBLEM_503;
        }
        if (status >= 500) {
            return SERVER_5XX;
        }
        // 1xx and 3xx are not expected from an API call or a page the driver asks for: a client-side mistake.
        return CLIENT_4XX;
    }
}
