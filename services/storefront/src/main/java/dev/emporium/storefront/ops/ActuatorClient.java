package dev.emporium.storefront.ops;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks one instance directly (not through the gateway) for its health and its metrics, on the public operational
 * endpoints every service has. Neither call throws: an instance that does not answer in time, or answers nonsense,
 * is an answer too ({@link Health#UNREACHABLE}, {@link Scrape#failure()}). Its client is a plain one, not Boot's
 * instrumented builder: the console's own calls are no part of the traffic it shows, so they are neither counted as
 * client calls nor traced.
 */
@Component
class ActuatorClient {

    private static final MediaType PROMETHEUS_TEXT = MediaType.parseMediaType("text/plain;version=0.0.4");

    private final RestClient http;

    private final JsonMapper json;

    ActuatorClient(OpsProperties settings, JsonMapper json) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
            .connectTimeout(settings.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build());
        requests.setReadTimeout(settings.timeout());
        this.http = RestClient.builder().requestFactory(requests).build();
        this.json = json;
    }

    /**
     * What {@code /actuator/health} said and how long it took.
     *
     * @param status {@code UP}, {@code DOWN}, {@code OUT_OF_SERVICE}, {@code UNKNOWN} (or a custom status) as the
     *        instance reported it, or {@link #UNREACHABLE}
     * @param millis how long the check took; null when there was no answer
     * @param problem why there is no status (no answer, not a health document), for the operator
     */
    record Health(String status, @Nullable Long millis, @Nullable String problem) {

        static final String UNREACHABLE = "UNREACHABLE";
    }

    /** The parsed {@code /actuator/prometheus}, or why there is none. */
    record Scrape(@Nullable Metrics metrics, @Nullable String failure) {
    }

    Health health(Instance instance) {
        long start = System.nanoTime();
        try {
            return this.http.get()
                .uri(instance.resolve("/actuator/health"))
                .accept(MediaType.APPLICATION_JSON)
                .exchange((request, response) -> {
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    String status = status(response.getBody());
                    if (status == null) {
                        return new Health("UNKNOWN", millis, "answered " + response.getStatusCode().value()
                                + " without a health status");
                    }
                    return new Health(status, millis, null);
                });
        }
        catch (RestClientException ex) {
            return new Health(Health.UNREACHABLE, null, reason(ex));
        }
    }

    Scrape metrics(Instance instance) {
        try {
            String text = this.http.get()
                .uri(instance.resolve("/actuator/prometheus"))
                .accept(PROMETHEUS_TEXT, MediaType.ALL)
                .retrieve()
                .body(String.class);
            return text == null ? new Scrape(null, "answered without metrics") : new Scrape(Metrics.parse(text), null);
        }
        catch (RestClientException ex) {
            return new Scrape(null, reason(ex));
        }
    }

    private @Nullable String status(InputStream body) throws IOException {
        String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        try {
            JsonNode status = this.json.readTree(text).get("status");
            return status != null && status.isString() && !status.asString().isBlank() ? status.asString() : null;
        }
        catch (JacksonException ex) {
            return null;
        }
    }

    /** Why there was no answer, in a few words: refused, timed out, or the innermost cause's message. */
    private static String reason(Exception ex) {
        Throwable cause = ex;
        while (true) {
            if (cause instanceof HttpConnectTimeoutException) {
                return "no connection within the timeout";
            }
            if (cause instanceof HttpTimeoutException) {
                return "no answer within the timeout";
            }
            if (cause instanceof ConnectException) {
                return "connection refused";
            }
            if (cause.getCause() == null || cause.getCause() == cause) {
                break;
            }
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
