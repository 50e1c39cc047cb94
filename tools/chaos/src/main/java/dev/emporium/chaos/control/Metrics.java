package dev.emporium.chaos.control;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Reads an instance's Prometheus text exposition ({@code /actuator/prometheus}) for the few series the scenarios
 * check: a circuit breaker's state, the live threads. A parser of the text format's sample lines, enough for
 * Micrometer's output (no escapes in label values it is asked about).
 */
public final class Metrics {

    /** One sample: the metric's name, its labels, its value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private Metrics() {
    }

    /** The samples of {@code http://127.0.0.1:port/actuator/prometheus}; empty if the instance does not answer. */
    public static List<Sample> scrape(int port) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
            .timeout(Duration.ofSeconds(3))
            .build();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? parse(response.body()) : List.of();
        }
        catch (IOException ex) {
            return List.of();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** The samples of a text exposition; comments and malformed lines are skipped. */
    public static List<Sample> parse(String exposition) {
        List<Sample> samples = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            String name;
            Map<String, String> labels = new LinkedHashMap<>();
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                int close = line.lastIndexOf('}');
                if (close < brace) {
                    continue;
                }
                for (String pair : line.substring(brace + 1, close).split("\",")) {
                    int equals = pair.indexOf('=');
                    if (equals > 0) {
                        String value = pair.substring(equals + 1).strip();
                        value = value.startsWith("\"") ? value.substring(1) : value;
                        value = value.endsWith("\"") ? value.substring(0, value.length() - 1) : value;
                        labels.put(pair.substring(0, equals).strip().replaceFirst("^,", ""), value);
                    }
                }
                space = line.indexOf(' ', close);
            }
            else {
                name = line.substring(0, line.indexOf(' '));
                space = line.indexOf(' ');
            }
            String[] rest = line.substring(space + 1).strip().split(" ");
            try {
                samples.add(new Sample(name, labels, Double.parseDouble(rest[0])));
            }
            catch (NumberFormatException ex) {
                // Not a sample line.
            }
        }
        return samples;
    }

    /** The first sample of {@code name} whose labels include {@code labels}. */
    public static OptionalDouble value(List<Sample> samples, String name, Map<String, String> labels) {
        return samples.stream()
            .filter(sample -> sample.name().equals(name) && sample.labels().entrySet().containsAll(labels.entrySet()))
            .mapToDouble(Sample::value)
            .findFirst();
    }

    /**
     * The names of the circuit breakers of an instance that are open (or forced open) now, from Resilience4j's
     * {@code resilience4j_circuitbreaker_state{name, state}} gauges (1 for the breaker's current state).
     */
    public static List<String> openBreakers(List<Sample> samples) {
        return samples.stream()
            .filter(sample -> sample.name().equals("resilience4j_circuitbreaker_state") && sample.value() == 1
                    && ("open".equals(sample.labels().get("state")) || "forced_open".equals(sample.labels().get("state"))))
            .map(sample -> sample.labels().getOrDefault("name", "?"))
            .distinct()
            .toList();
    }
}
