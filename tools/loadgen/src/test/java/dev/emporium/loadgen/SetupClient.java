package dev.emporium.loadgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The plain HTTP client of the preparation before a run (reading the catalog, registering and logging in the
 * customers): outside Gatling, so none of it counts in the report. A refusal the platform says is passing (429,
 * 502-504) is tried again a few times, waiting as its {@code Retry-After} asks; any other failure stops the run
 * before it starts, naming the request.
 */
final class SetupClient {

    private static final Set<Integer> PASSING = Set.of(429, 502, 503, 504);

    private static final int ATTEMPTS = 5;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ObjectMapper json = new ObjectMapper();

    private final URI base;

    SetupClient(URI base) {
        this.base = base;
    }

    JsonNode get(String path, String clientAddress) {
        return read(path, send(request(path, clientAddress).GET(), path, 200));
    }

    /** Asks for a storefront page, which must answer 200 (its HTML is not read). */
    void page(String path, String clientAddress) {
        send(request(path, clientAddress).setHeader("Accept", "text/html").GET(), path, 200);
    }

    JsonNode post(String path, Object body, String clientAddress, int expectedStatus) {
        try {
            String text = this.json.writeValueAsString(body);
            return read(path, send(request(path, clientAddress).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text)), path, expectedStatus));
        }
        catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalArgumentException(ex);
        }
    }

    private HttpRequest.Builder request(String path, String clientAddress) {
        return HttpRequest.newBuilder(this.base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json")
            .header("X-Forwarded-For", clientAddress);
    }

    private JsonNode read(String path, String body) {
        try {
            return this.json.readTree(body);
        }
        catch (IOException ex) {
            throw new IllegalStateException(path + " answered no JSON: " + body, ex);
        }
    }

    private String send(HttpRequest.Builder request, String path, int expectedStatus) {
        HttpRequest built = request.build();
        for (int attempt = 1;; attempt++) {
            HttpResponse<String> response;
            try {
                response = this.http.send(built, HttpResponse.BodyHandlers.ofString());
            }
            catch (IOException ex) {
                throw new UncheckedIOException("cannot reach " + built.uri() + " (is the platform running?)", ex);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", ex);
            }
            if (response.statusCode() == expectedStatus) {
                return response.body();
            }
            if (!PASSING.contains(response.statusCode()) || attempt == ATTEMPTS) {
                throw new IllegalStateException(built.method() + " " + path + " answered " + response.statusCode()
                        + " where " + expectedStatus + " was expected: " + response.body());
            }
            pause(retryAfter(response, attempt));
        }
    }

    private static Duration retryAfter(HttpResponse<String> response, int attempt) {
        Duration backoff = Duration.ofMillis(200L << attempt);
        return response.headers().firstValue("Retry-After")
            .flatMap(value -> {
                try {
                    return Optional.of(Duration.ofSeconds(Math.min(5, Long.parseLong(value.strip()))));
                }
                catch (NumberFormatException ex) {
                    return Optional.empty();
                }
            })
            .orElse(backoff);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }
}
