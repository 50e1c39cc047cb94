package dev.emporium.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.emporium.testsupport.TestJwtIssuer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The identity service over real HTTP: registration, login, refresh rotation, the caller's profile and the JWK set. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=identity",
        "spring.datasource.url=jdbc:h2:mem:identity-test;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "emporium.identity.demo-users=true" })
class IdentityIntegrationTests {

    static final Path DATA_DIR = createDataDir();

    static final String PASSWORD = "correct horse battery";

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("emporium.data-dir", DATA_DIR::toString);
    }

    @AfterAll
    static void deleteDataDir() throws IOException {
        try (Stream<Path> files = Files.walk(DATA_DIR)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    RestClient http;

    @BeforeEach
    void client() {
        this.http = RestClient.builder()
            .baseUrl("http://localhost:" + this.port)
            .defaultStatusHandler(status -> true, (request, response) -> {
            })
            .build();
    }

    @Test
    void registersACustomerWithANormalisedEmail() {
        ResponseEntity<String> created = post("/api/auth/register",
                Map.of("email", "  Ann.Lee@Example.TEST ", "password", PASSWORD, "name", " Ann Lee "));
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        assertThat(created.getHeaders().getLocation()).hasToString("/api/auth/me");
        JsonNode account = read(created);
        assertThat(UUID.fromString(account.get("id").asString())).isNotNull();
        assertThat(account.get("email").asString()).isEqualTo("ann.lee@example.test");
        assertThat(account.get("name").asString()).isEqualTo("Ann Lee");
        assertThat(account.has("password")).isFalse();
        String hash = this.jdbc.sql("select password_hash from users where id = :id")
            .param("id", account.get("id").asString()).query(String.class).single();
        assertThat(hash).startsWith("{bcrypt}$2a$10$");

        ResponseEntity<String> duplicate = post("/api/auth/register",
                Map.of("email", "ANN.LEE@example.test", "password", "another password", "name", "Someone Else"));
        assertProblem(duplicate, 409, "Email already registered");

        JsonNode tokens = login("Ann.Lee@example.test", PASSWORD);
        JsonNode me = read(get("/api/auth/me", "Bearer " + tokens.get("accessToken").asString(), 200));
        assertThat(me.get("id").asString()).isEqualTo(account.get("id").asString());
        assertThat(me.get("email").asString()).isEqualTo("ann.lee@example.test");
        assertThat(me.get("name").asString()).isEqualTo("Ann Lee");
        assertThat(me.get("roles").toString()).isEqualTo("[\"customer\"]");
    }

    @Test
    void rejectsInvalidRegistrationsNamingTheFields() {
        ResponseEntity<String> invalid = post("/api/auth/register", Map.of("email", "not-an-email", "password", "short", "name", "   "));
        assertProblem(invalid, 400, "Validation failed");
        assertThat(fields(invalid)).containsExactlyInAnyOrder("email", "password", "name");

        ResponseEntity<String> tooLong = post("/api/auth/register", Map.of("email", "a".repeat(250) + "@x.io",
                "password", "p".repeat(129), "name", "n".repeat(101)));
        assertProblem(tooLong, 400, "Validation failed");
        assertThat(fields(tooLong)).containsExactlyInAnyOrder("email", "password", "name");

        ResponseEntity<String> missing = post("/api/auth/register", Map.of("email", "nobody@example.test"));
        assertThat(fields(missing)).containsExactlyInAnyOrder("password", "name");

        assertProblem(post("/api/auth/register", "{\"email\": "), 400, "Malformed request body");
        assertProblem(post("/api/auth/login", "[1, 2"), 400, "Malformed request body");
        ResponseEntity<String> wrongType = post("/api/auth/register", "{\"email\": [\"a@b.c\"], \"password\": \"12345678\", \"name\": \"x\"}");
        assertProblem(wrongType, 400, "Malformed request body");
    }

    @Test
    void acceptsPasswordsUpTo128CharactersEvenBeyondBcrypts72Bytes() {
        String email = unique("long");
        String longPassword = "pässwörd-".repeat(14) + "12"; // 128 characters, 156 UTF-8 bytes
        assertThat(post("/api/auth/register", Map.of("email", email, "password", longPassword, "name", "Long")).getStatusCode().value())
            .isEqualTo(201);
        assertThat(post("/api/auth/login", Map.of("email", email, "password", longPassword)).getStatusCode().value()).isEqualTo(200);
        assertProblem(post("/api/auth/login", Map.of("email", email, "password", longPassword.substring(0, 127) + "3")), 401,
                "Invalid credentials");
    }

    @Test
    void logsInWithATokenThatVerifiesAgainstThePublishedKeySet() throws Exception {
        String email = unique("jwks");
        String id = register(email, "Jay Wks");
        ResponseEntity<String> response = post("/api/auth/login", Map.of("email", email, "password", PASSWORD));
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        assertThat(response.getHeaders().getCacheControl()).contains("no-store");
        JsonNode tokens = read(response);
        assertThat(tokens.get("tokenType").asString()).isEqualTo("Bearer");
        assertThat(tokens.get("expiresIn").asLong()).isEqualTo(900);
        assertThat(tokens.get("refreshToken").asString()).matches("[A-Za-z0-9_-]{43}");

        ResponseEntity<String> jwksResponse = get("/.well-known/jwks.json", null, 200);
        assertThat(jwksResponse.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        JWKSet jwks = JWKSet.parse(jwksResponse.getBody());
        SignedJWT jwt = SignedJWT.parse(tokens.get("accessToken").asString());
        JWK key = jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).isNotNull();
        assertThat(key.isPrivate()).isFalse();
        assertThat(jwksResponse.getBody()).doesNotContain("\"d\"");
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(jwt.verify(new RSASSAVerifier(key.toRSAKey()))).isTrue();

        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("emporium-identity");
        assertThat(claims.getSubject()).isEqualTo(id);
        assertThat(claims.getStringClaim("email")).isEqualTo(email);
        assertThat(claims.getStringClaim("name")).isEqualTo("Jay Wks");
        assertThat(claims.getStringListClaim("roles")).containsExactly("customer");
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(900_000);

        // The key is the one persisted in the data directory, readable by its owner only.
        Path keyFile = DATA_DIR.resolve("identity/jwt-signing-key.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(JWK.parse(Files.readString(keyFile)).getKeyID()).isEqualTo(key.getKeyID());
    }

    @Test
    void wrongPasswordsAndUnknownEmailsGetTheSameProblem() {
        String email = unique("wrong");
        register(email, "Wrong");
        ResponseEntity<String> wrongPassword = post("/api/auth/login", Map.of("email", email, "password", "not the password"));
        ResponseEntity<String> unknownEmail = post("/api/auth/login", Map.of("email", unique("nobody"), "password", PASSWORD));
        assertProblem(wrongPassword, 401, "Invalid credentials");
        assertProblem(unknownEmail, 401, "Invalid credentials");
        assertThat(read(unknownEmail).get("detail")).isEqualTo(read(wrongPassword).get("detail"));
        ResponseEntity<String> blank = post("/api/auth/login", Map.of("email", "", "password", ""));
        assertProblem(blank, 400, "Validation failed");
        assertThat(fields(blank)).containsExactlyInAnyOrder("email", "password");
    }

    @Test
    void refreshRotatesTheRefreshTokenAndEachWorksOnce() throws Exception {
        String email = unique("refresh");
        register(email, "Ray Fresh");
        JsonNode first = login(email, PASSWORD);
        String refreshToken = first.get("refreshToken").asString();

        ResponseEntity<String> refreshed = post("/api/auth/refresh", Map.of("refreshToken", refreshToken));
        assertThat(refreshed.getStatusCode().value()).as(refreshed.getBody()).isEqualTo(200);
        JsonNode second = read(refreshed);
        assertThat(second.get("tokenType").asString()).isEqualTo("Bearer");
        assertThat(second.get("expiresIn").asLong()).isEqualTo(900);
        assertThat(second.get("refreshToken").asString()).isNotEqualTo(refreshToken);
        assertThat(read(get("/api/auth/me", "Bearer " + second.get("accessToken").asString(), 200)).get("email").asString())
            .isEqualTo(email);

        assertProblem(post("/api/auth/refresh", Map.of("refreshToken", refreshToken)), 401, "Invalid refresh token");
        assertThat(post("/api/auth/refresh", Map.of("refreshToken", second.get("refreshToken").asString())).getStatusCode().value())
            .isEqualTo(200);

        assertProblem(post("/api/auth/refresh", Map.of("refreshToken", "never-issued")), 401, "Invalid refresh token");
        assertProblem(post("/api/auth/refresh", Map.of("refreshToken", "")), 400, "Validation failed");
        // Only hashes are stored, and an expired token is refused like an unknown one.
        assertThat(this.jdbc.sql("select count(*) from refresh_tokens where token_hash = :token")
            .param("token", refreshToken).query(Long.class).single()).isZero();
        String expired = "expired-" + UUID.randomUUID();
        this.jdbc.sql("""
                insert into refresh_tokens (token_hash, user_id, issued_at, expires_at)
                select :hash, id, :issued, :expires from users where email = :email
                """)
            .param("hash", sha256(expired))
            .param("issued", OffsetDateTime.now().minusDays(31))
            .param("expires", OffsetDateTime.now().minusDays(1))
            .param("email", email)
            .update();
        assertProblem(post("/api/auth/refresh", Map.of("refreshToken", expired)), 401, "Invalid refresh token");
    }

    @Test
    void theCallersProfileNeedsAValidTokenOfThisService() {
        assertProblem(get("/api/auth/me", null, 401), 401, "Authentication required");
        assertProblem(get("/api/auth/me", "Bearer not-a-token", 401), 401, "Invalid token");
        // Signed, well-formed, but by a key identity does not own.
        assertProblem(get("/api/auth/me", TestJwtIssuer.bearer("someone"), 401), 401, "Invalid token");
    }

    @Test
    void seedsTheDemoAccountsOnceAndTheAdminIsAnAdmin(@Autowired ApplicationRunner builtInAccounts) throws Exception {
        builtInAccounts.run(new DefaultApplicationArguments());
        assertThat(this.jdbc.sql("select count(*) from users where email in ('demo@emporium.dev', 'admin@emporium.dev')")
            .query(Long.class).single()).isEqualTo(2);

        JsonNode admin = login("admin@emporium.dev", "emporium-admin");
        JsonNode adminMe = read(get("/api/auth/me", "Bearer " + admin.get("accessToken").asString(), 200));
        assertThat(adminMe.get("name").asString()).isEqualTo("Shop Admin");
        assertThat(adminMe.get("roles").toString()).isEqualTo("[\"customer\",\"admin\"]");
        assertThat(SignedJWT.parse(admin.get("accessToken").asString()).getJWTClaimsSet().getStringListClaim("roles"))
            .containsExactly("customer", "admin");

        JsonNode demo = login("demo@emporium.dev", "emporium-demo");
        JsonNode demoMe = read(get("/api/auth/me", "Bearer " + demo.get("accessToken").asString(), 200));
        assertThat(demoMe.get("name").asString()).isEqualTo("Demo Customer");
        assertThat(demoMe.get("roles").toString()).isEqualTo("[\"customer\"]");
    }

    private String register(String email, String name) {
        ResponseEntity<String> response = post("/api/auth/register", Map.of("email", email, "password", PASSWORD, "name", name));
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
        return read(response).get("id").asString();
    }

    private JsonNode login(String email, String password) {
        ResponseEntity<String> response = post("/api/auth/login", Map.of("email", email, "password", password));
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        return read(response);
    }

    private ResponseEntity<String> post(String path, Object body) {
        return exchange(HttpMethod.POST, path, body instanceof String text ? text : this.json.writeValueAsString(body), null);
    }

    private ResponseEntity<String> get(String path, @Nullable String authorization, int status) {
        ResponseEntity<String> response = exchange(HttpMethod.GET, path, null, authorization);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
        return response;
    }

    private ResponseEntity<String> exchange(HttpMethod method, String path, @Nullable String body, @Nullable String authorization) {
        RestClient.RequestBodySpec request = this.http.method(method).uri(path);
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return request.retrieve().toEntity(String.class);
    }

    private JsonNode read(ResponseEntity<String> response) {
        return this.json.readTree(response.getBody());
    }

    private List<String> fields(ResponseEntity<String> response) {
        return read(response).get("errors").valueStream().map(error -> error.get("field").asString()).distinct().toList();
    }

    private void assertProblem(ResponseEntity<String> response, int status, String title) {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(read(response).get("title").asString()).isEqualTo(title);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID() + "@example.test";
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static Path createDataDir() {
        try {
            return Files.createTempDirectory("identity-tests-");
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
