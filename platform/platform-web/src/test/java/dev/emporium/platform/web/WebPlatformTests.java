package dev.emporium.platform.web;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.ResourceAccessException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The platform's HTTP edge on a small application of its own: problems, security, request ids. */
@SpringBootTest(classes = WebPlatformTests.TestApplication.class, properties = "emporium.security.public-paths=/open/**")
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class WebPlatformTests {

    @Autowired
    MockMvc mvc;

    @Test
    void validationProblemsNameTheBodysFields() throws Exception {
        this.mvc.perform(put("/open/items/abc").contentType(MediaType.APPLICATION_JSON).content("{\"quantity\": 0, \"note\": \"\"}"))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.title").value("Validation failed"))
            .andExpect(jsonPath("$.errors[?(@.field == 'quantity')]").exists())
            .andExpect(jsonPath("$.errors[?(@.field == 'note')]").exists());
    }

    @Test
    void simpleParametersAreNamedByTheParameter() throws Exception {
        this.mvc.perform(get("/open/page").param("size", "500"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.errors[0].field").value("size"));
        this.mvc.perform(get("/open/page").param("size", "lots"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.errors[0].field").value("size"));
    }

    @Test
    void unreadableBodiesNameTheFieldWithTheWrongType() throws Exception {
        this.mvc.perform(put("/open/items/abc").contentType(MediaType.APPLICATION_JSON).content("{\"quantity\": \"many\"}"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.title").value("Malformed request body"))
            .andExpect(jsonPath("$.errors[0].field").value("quantity"));
        this.mvc.perform(put("/open/items/abc").contentType(MediaType.APPLICATION_JSON).content("{\"quantity\": "))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void missingAndBadTokensAre401ProblemsAndMissingRoles403() throws Exception {
        this.mvc.perform(get("/private"))
            .andExpect(status().isUnauthorized())
            .andExpect(header().exists("WWW-Authenticate"))
            .andExpect(jsonPath("$.title").value("Authentication required"));
        this.mvc.perform(get("/private").header("Authorization", "Bearer forged"))
            .andExpect(status().isUnauthorized())
            .andExpect(jsonPath("$.title").value("Invalid token"));
        this.mvc.perform(get("/private").header("Authorization", "Bearer customer"))
            .andExpect(status().isOk())
            .andExpect(content().string("hello user-customer"));
        this.mvc.perform(get("/api/admin/things").header("Authorization", "Bearer customer"))
            .andExpect(status().isForbidden())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        this.mvc.perform(get("/api/admin/things").header("Authorization", "Bearer admin"))
            .andExpect(status().isOk());
    }

    @Test
    void unknownPathsAndUnavailableDependenciesAreProblems() throws Exception {
        this.mvc.perform(get("/open/nothing/here"))
            .andExpect(status().isNotFound())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        this.mvc.perform(get("/open/down"))
            .andExpect(status().isServiceUnavailable())
            .andExpect(header().string("Retry-After", "2"))
            .andExpect(jsonPath("$.title").value("Service unavailable"));
        this.mvc.perform(get("/open/database-down"))
            .andExpect(status().isServiceUnavailable())
            .andExpect(header().string("Retry-After", "2"))
            .andExpect(jsonPath("$.title").value("Database unavailable"))
            .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("10.0.0.1"))));
        this.mvc.perform(get("/open/cut-off"))
            .andExpect(status().isServiceUnavailable())
            .andExpect(header().string("Retry-After", "2"))
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        this.mvc.perform(get("/private").header("Authorization", "Bearer keys-unreachable"))
            .andExpect(status().isServiceUnavailable())
            .andExpect(header().string("Retry-After", "2"))
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.title").value("Service unavailable"));
        this.mvc.perform(get("/open/bug"))
            .andExpect(status().isInternalServerError())
            .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("secret"))));
    }

    @Test
    void everyResponseCarriesARequestId() throws Exception {
        this.mvc.perform(get("/open/page"))
            .andExpect(header().string("X-Request-Id", org.hamcrest.Matchers.matchesPattern("[0-9a-f-]{36}")));
        this.mvc.perform(get("/open/page").header("X-Request-Id", "abc-123"))
            .andExpect(header().string("X-Request-Id", "abc-123"));
        this.mvc.perform(get("/open/page").header("X-Request-Id", "no spaces allowed"))
            .andExpect(header().string("X-Request-Id", org.hamcrest.Matchers.not("no spaces allowed")));
    }

    @Test
    void operationalEndpointsArePublic() throws Exception {
        this.mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk());
        this.mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk());
    }

    @Test
    void eachRequestIsLoggedOnceAsEcsJsonWithItsTraceAndRequestIdsAndNoSecret(CapturedOutput output) throws Exception {
        this.mvc.perform(get("/private?token=secret-in-the-query").header("Authorization", "Bearer customer")
                .header("X-Request-Id", "request-42"))
            .andExpect(status().isOk());

        String line = output.getOut().lines()
            .filter(candidate -> candidate.contains("\"dev.emporium.access\"") && candidate.contains("request-42"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no access log line in " + output.getOut()));
        JsonNode json = JsonMapper.builder().build().readTree(line);
        assertThat(json.get("message").asString()).matches("GET /private 200 \\d+ ms");
        assertThat(json.get("log").get("level").asString()).isEqualTo("INFO");
        assertThat(json.get("traceId").asString()).matches("[0-9a-f]{32}");
        assertThat(json.get("spanId").asString()).matches("[0-9a-f]{16}");
        assertThat(json.get("requestId").asString()).isEqualTo("request-42");
        assertThat(output.getOut()).doesNotContain("secret-in-the-query").doesNotContain("Bearer customer");
    }

    @Test
    void unknownFieldsAreRefusedOnlyByTypesThatSaySo() throws Exception {
        this.mvc.perform(put("/open/strict").contentType(MediaType.APPLICATION_JSON).content("{\"note\": \"a\", \"colour\": \"red\"}"))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.title").value("Validation failed"))
            .andExpect(jsonPath("$.errors[0].field").value("colour"))
            .andExpect(jsonPath("$.errors[0].message").value("is not a field of this request"));
        this.mvc.perform(put("/open/strict").contentType(MediaType.APPLICATION_JSON).content("{\"note\": \"a\"}"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.note").value("a"));
        this.mvc.perform(put("/open/items/abc").contentType(MediaType.APPLICATION_JSON)
                .content("{\"quantity\": 1, \"note\": \"a\", \"colour\": \"red\"}"))
            .andExpect(status().isOk());
    }

    @RejectUnknownFields
    record Strict(@NotBlank String note) {
    }

    record Item(@Min(1) @Max(99) int quantity, @NotBlank @Size(max = 20) String note) {
    }

    @SpringBootApplication
    static class TestApplication {

        /**
         * Tokens "customer" and "admin" decode to those users; "keys-unreachable" cannot be checked (as when
         * identity's JWKS cannot be fetched); anything else is invalid.
         */
        @Bean
        JwtDecoder jwtDecoder() {
            return token -> {
                if (token.equals("keys-unreachable")) {
                    throw new org.springframework.security.oauth2.jwt.JwtException("Couldn't retrieve remote JWK set");
                }
                if (!List.of("customer", "admin").contains(token)) {
                    throw new BadJwtException("not a token");
                }
                List<String> roles = token.equals("admin") ? List.of("customer", "admin") : List.of("customer");
                return Jwt.withTokenValue(token).header("alg", "RS256").subject("user-" + token).claim("roles", roles)
                    .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60)).build();
            };
        }

        @RestController
        static class TestController {

            @PutMapping("/open/items/{id}")
            Item put(@PathVariable @Size(max = 10) String id, @Valid @RequestBody Item item) {
                return item;
            }

            @PutMapping("/open/strict")
            Strict strict(@Valid @RequestBody Strict strict) {
                return strict;
            }

            @GetMapping("/open/page")
            String page(@RequestParam(defaultValue = "10") @Min(1) @Max(100) int size) {
                return "size " + size;
            }

            @GetMapping("/open/down")
            String down() {
                throw new ResourceAccessException("connection refused");
            }

            @GetMapping("/open/database-down")
            String databaseDown() {
                throw new org.springframework.dao.DataAccessResourceFailureException("Connection to 10.0.0.1:5432 refused");
            }

            @GetMapping("/open/cut-off")
            String cutOff() throws java.io.IOException {
                throw new java.io.IOException("closed");
            }

            @GetMapping("/open/bug")
            String bug() {
                throw new IllegalStateException("secret internals");
            }

            @GetMapping("/private")
            String hello(@org.springframework.security.core.annotation.AuthenticationPrincipal Jwt jwt) {
                return "hello " + jwt.getSubject();
            }

            @GetMapping("/api/admin/things")
            String admin() {
                return "admin";
            }
        }
    }
}
