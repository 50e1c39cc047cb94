package dev.emporium.chaos.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.jspecify.annotations.Nullable;

/**
 * The driver's HTTP client: java.net.http with short timeouts, so a request that never answers ends as a
 * {@link Outcome#TIMEOUT} (a failure the shopper saw) instead of holding the run up. Every request names its
 * simulated client in {@code X-Forwarded-For}. Loopback only: the base URL comes from the cluster's own state.
 */
public final class Http implements AutoCloseable {

    private final String baseUrl;

    private final Duration requestTimeout;

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    private final HttpClient client;

    public Http(String baseUrl, Duration connectTimeout, Duration requestTimeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.requestTimeout = requestTimeout;
        this.client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(this.executor)
            .build();
    }

    public String baseUrl() {
        return this.baseUrl;
    }

    public Answer get(String path, String client, @Nullable String token) {
        return send("GET", path, null, client, token, Map.of());
    }

    /** Sends one request; {@code json} is the body (sent as application/json) or null. Never throws. */
    public Answer send(String method, String path, @Nullable String json, String client, @Nullable String token,
            Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
            .timeout(this.requestTimeout)
            .header("X-Forwarded-For", client)
            .header("Accept", path.startsWith("/api/") ? "application/json" : "text/html");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        if (json != null) {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        long sent = System.nanoTime();
        try {
            HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String contentType = response.headers().firstValue("Content-Type").orElse(null);
            Integer retryAfter = response.headers().firstValue("Retry-After").map(Http::seconds).orElse(null);
            return new Answer(Outcome.of(response.statusCode(), contentType), response.statusCode(), response.body(), retryAfter,
                    sent);
        }
        catch (HttpConnectTimeoutException ex) {
            return Answer.failed(Outcome.CONNECTION_ERROR, sent);
        }
        catch (HttpTimeoutException ex) {
            return Answer.failed(Outcome.TIMEOUT, sent);
        }
        catch (IOException ex) {
            return Answer.failed(Outcome.CONNECTION_ERROR, sent);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return Answer.failed(Outcome.CONNECTION_ERROR, sent);
        }
    }

    private static @Nullable Integer seconds(String value) {
        try {
            return Integer.valueOf(value.trim());
        }
        catch (NumberFormatException ex) {
            // An HTTP date: the driver only honours the delta form, which is what the gateway sends.
            return null;
        }
    }

    @Override
    public void close() {
        this.client.close();
        this.executor.close();
    }
}
