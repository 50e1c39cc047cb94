package dev.emporium.platform.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spans leave over OTLP once {@code management.opentelemetry.tracing.export.otlp.endpoint} names a collector: a
 * collector of the test's own (an HTTP server on loopback) receives the spans of a request.
 */
@SpringBootTest(classes = WebPlatformTests.TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "emporium.security.public-paths=/open/**",
                "management.opentelemetry.tracing.export.schedule-delay=100ms" })
class OtlpExportTests {

    static final List<String> received = new CopyOnWriteArrayList<>();

    static final HttpServer collector = collector();

    @DynamicPropertySource
    static void endpoint(DynamicPropertyRegistry registry) {
        registry.add("management.opentelemetry.tracing.export.otlp.endpoint",
                () -> "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces");
    }

    @AfterAll
    static void stopCollector() {
        collector.stop(0);
    }

    @LocalServerPort
    int port;

    @Test
    void aRequestsSpansReachTheConfiguredCollector() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/open/page?size=5")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
        }

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
        assertThat(received.getFirst()).isEqualTo("POST /v1/traces application/x-protobuf");
    }

    private static HttpServer collector() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                        + exchange.getRequestHeaders().getFirst("Content-Type"));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return server;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
