package dev.emporium.testsupport;

import java.time.Duration;
import java.util.Locale;

/**
 * The options a benchmark's command line takes: {@code --duration=10s} (per phase) and {@code --clients=16}.
 *
 * @param duration how long each measured phase runs
 * @param clients how many concurrent clients drive it
 */
public record LoadOptions(Duration duration, int clients) {

    /**
     * The options in {@code args}, with the defaults for those not given.
     *
     * @throws IllegalArgumentException naming the usage of {@code command} for an argument it does not take
     */
    public static LoadOptions parse(String[] args, String command, Duration defaultDuration, int defaultClients) {
        Duration duration = defaultDuration;
        int clients = defaultClients;
        for (String arg : args) {
            try {
                if (arg.startsWith("--duration=")) {
                    duration = Duration.parse("PT" + arg.substring("--duration=".length()).toUpperCase(Locale.ROOT));
                    continue;
                }
                if (arg.startsWith("--clients=")) {
                    clients = Integer.parseInt(arg.substring("--clients=".length()));
                    continue;
                }
            }
            catch (RuntimeException ex) {
                // A malformed value: the usage below says what is expected.
            }
            throw new IllegalArgumentException("usage: " + command + " [--duration=" + defaultDuration.toSeconds()
                    + "s] [--clients=" + defaultClients + "]");
        }
        return new LoadOptions(duration, clients);
    }

    /** As {@link #parse}, for a benchmark's {@code main}: a wrong argument prints the usage and exits with 2. */
    public static LoadOptions parseOrExit(String[] args, String command, Duration defaultDuration, int defaultClients) {
        try {
            return parse(args, command, defaultDuration, defaultClients);
        }
        catch (IllegalArgumentException ex) {
            System.err.println(ex.getMessage());
            System.exit(2);
            throw ex;
        }
    }
}
