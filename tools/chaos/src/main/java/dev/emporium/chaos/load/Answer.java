package dev.emporium.chaos.load;

import org.jspecify.annotations.Nullable;

/**
 * One HTTP exchange as the driver saw it.
 *
 * @param outcome how it ended
 * @param status the HTTP status, 0 when there was no answer
 * @param body the body, empty without one
 * @param retryAfterSeconds the Retry-After the server asked for, if any
 * @param sentNanos when the request was sent ({@link System#nanoTime()})
 */
public record Answer(Outcome outcome, int status, String body, @Nullable Integer retryAfterSeconds, long sentNanos) {

    static Answer failed(Outcome outcome, long sentNanos) {
        return new Answer(outcome, 0, "", null, sentNanos);
    }

    public boolean ok() {
        return this.outcome.success();
    }
}
