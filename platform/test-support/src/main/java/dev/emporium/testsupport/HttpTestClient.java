package dev.emporium.testsupport;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real HTTP calls from a service's integration tests to the service under test. It never throws on a 4xx or 5xx: every
 * answer comes back as a {@link Response} to assert on. A body that is a {@code String} is sent verbatim as JSON (so a
 * test can send malformed JSON); any other body is serialised. The path is sent exactly as given, query included: what
 * a test encodes stays encoded on the wire, and nothing is encoded twice.
 */
public final class HttpTestClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;

    private final RestClient http = RestClient.builder().defaultStatusHandler(status -> true, (request, response) -> {
    }).build();

    private HttpTestClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A client for the service listening on {@code port} of this machine. */
    public static HttpTestClient forPort(int port) {
        return forUrl("http://localhost:" + port);
    }

    /** A client for the server at {@code baseUrl} (no trailing slash), such as the embedded platform's gateway. */
    public static HttpTestClient forUrl(String baseUrl) {
        return new HttpTestClient(baseUrl);
    }

    public Response get(String path) {
        return get(path, null);
    }

    public Response get(String path, @Nullable String authorization) {
        return call(HttpMethod.GET, path, null, authorization, Map.of());
    }

    public Response post(String path, @Nullable Object body, @Nullable String authorization) {
        return call(HttpMethod.POST, path, body, authorization, Map.of());
    }

    public Response put(String path, @Nullable Object body, @Nullable String authorization) {
        return call(HttpMethod.PUT, path, body, authorization, Map.of());
    }

    public Response patch(String path, @Nullable Object body, @Nullable String authorization) {
        return call(HttpMethod.PATCH, path, body, authorization, Map.of());
    }

    public Response delete(String path, @Nullable String authorization) {
        return call(HttpMethod.DELETE, path, null, authorization, Map.of());
    }

    /** Any call; {@code headers} are added as given (an explicit {@code Content-Type} wins over the JSON default). */
    public Response call(HttpMethod method, String path, @Nullable Object body, @Nullable String authorization,
            Map<String, String> headers) {
        RestClient.RequestBodySpec request = this.http.method(method).uri(URI.create(this.baseUrl + path));
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(body instanceof String text ? text : JSON.writeValueAsString(body));
        }
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        headers.forEach(request::header);
        ResponseEntity<byte[]> response = request.retrieve().toEntity(byte[].class);
        byte[] bytes = response.getBody();
        return new Response(response.getStatusCode().value(), response.getHeaders(), bytes == null ? new byte[0] : bytes);
    }

    /** One answer: its status, headers and body as bytes ({@link #body()} is the text). */
    public record Response(int status, HttpHeaders headers, byte[] bytes) {

        /** The body as UTF-8 text; empty when there was none. */
        public String body() {
            return new String(this.bytes, StandardCharsets.UTF_8);
        }

        /** The body read as JSON (a missing node when there was none). */
        public JsonNode json() {
            return JSON.readTree(this.bytes);
        }

        /** The {@code field} of every entry of a validation problem's {@code errors}, in order. */
        public List<String> errorFields() {
            return json().get("errors").valueStream().map(error -> error.get("field").asString()).toList();
        }

        /** Asserts the status (the body is the failure message); returns this answer for further use. */
        public Response expect(int status) {
            assertThat(this.status).as(body()).isEqualTo(status);
            return this;
        }

        /**
         * Asserts an RFC 9457 problem with this status and a title, whatever it says; returns the problem.
         */
        public JsonNode assertProblem(int status) {
            JsonNode problem = assertProblem(status, null);
            assertThat(problem.path("title").asString()).as(body()).isNotBlank();
            return problem;
        }

        /**
         * Asserts an RFC 9457 problem: the HTTP status and the body's {@code status}, the content type
         * {@code application/problem+json} and the title. Returns the problem for further assertions.
         */
        public JsonNode assertProblem(int status, @Nullable String title) {
            assertThat(this.status).as(body()).isEqualTo(status);
            assertThat(this.headers.getContentType()).as(body()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            JsonNode problem = json();
            assertThat(problem.path("status").asInt()).as(body()).isEqualTo(status);
            if (title != null) {
                assertThat(problem.path("title").asString()).as(body()).isEqualTo(title);
            }
            return problem;
        }
    }
}
