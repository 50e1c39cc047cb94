package dev.emporium.systemtests;

import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** A client of the public API as a user's program would be: plain HTTP and JSON, through the gateway only. */
final class Api {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RestClient http;

    Api(String gatewayUrl) {
        this.http = RestClient.builder().baseUrl(gatewayUrl)
            .defaultStatusHandler(status -> true, (request, response) -> {
            })
            .build();
    }

    Response call(HttpMethod method, String path, String token, Object body, Map<String, String> headers) {
        RestClient.RequestBodySpec request = this.http.method(method).uri(path);
        if (token != null) {
            request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        headers.forEach(request::header);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(body instanceof String text ? text : JSON.writeValueAsString(body));
        }
        ResponseEntity<byte[]> response = request.retrieve().toEntity(byte[].class);
        return new Response(response.getStatusCode().value(), response.getHeaders(), response.getBody() == null ? new byte[0] : response.getBody());
    }

    Response get(String path, String token) {
        return call(HttpMethod.GET, path, token, null, Map.of());
    }

    Response post(String path, String token, Object body) {
        return call(HttpMethod.POST, path, token, body, Map.of());
    }

    Response put(String path, String token, Object body) {
        return call(HttpMethod.PUT, path, token, body, Map.of());
    }

    Response delete(String path, String token) {
        return call(HttpMethod.DELETE, path, token, null, Map.of());
    }

    /** Registers and logs in a fresh user; returns the access token. */
    String newCustomer(String email, String name) {
        post("/api/auth/register", null, Map.of("email", email, "password", "correct horse battery", "name", name)).expect(201);
        return post("/api/auth/login", null, Map.of("email", email, "password", "correct horse battery")).expect(200)
            .json().get("accessToken").asString();
    }

    record Response(int status, HttpHeaders headers, byte[] body) {

        JsonNode json() {
            return JSON.readTree(this.body);
        }

        String text() {
            return new String(this.body, java.nio.charset.StandardCharsets.UTF_8);
        }

        Response expect(int expected) {
            assertThat(this.status).as(text()).isEqualTo(expected);
            return this;
        }

        /** Asserts an RFC 9457 problem with this status, and returns its JSON. */
        JsonNode problem(int expected) {
            expect(expected);
            assertThat(this.headers.getContentType()).as(text()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            JsonNode problem = json();
            assertThat(problem.get("status").asInt()).isEqualTo(expected);
            assertThat(problem.get("title").asString()).isNotBlank();
            return problem;
        }
    }
}
