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
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.emporium.platform.sharding.Buckets;
import dev.emporium.platform.sharding.ShardedDatabase;
import dev.emporium.testsupport.HttpTestClient;
import dev.emporium.testsupport.HttpTestClient.Response;
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
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The identity service over real HTTP: registration, login, refresh rotation, the caller's profile and the JWK set. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=identity",
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
    ShardedDatabase shards;

    HttpTestClient http;

    @BeforeEach
    void client() {
        this.http = HttpTestClient.forPort(this.port);
    }

    @Test
    void registersACustomerWithANormalisedEmail() {
        Response created = post("/api/auth/register",
                Map.of("email", "  Ann.Lee@Example.TEST ", "password", PASSWORD, "name", " Ann Lee "));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().getLocation()).hasToString("/api/auth/me");
        JsonNode account = created.json();
        assertThat(UUID.fromString(account.get("id").asString())).isNotNull();
        assertThat(account.get("email").asString()).isEqualTo("ann.lee@example.test");
        assertThat(account.get("name").asString()).isEqualTo("Ann Lee");
        assertThat(account.has("password")).isFalse();
        String id = account.get("id").asString();
        String hash = this.shards.read(id, jdbc -> jdbc.sql("select password_hash from users where id = :id")
            .param("id", id).query(String.class).single());
        assertThat(hash).startsWith("{bcrypt}$2a$10$");

        Response duplicate = post("/api/auth/register",
                Map.of("email", "ANN.LEE@example.test", "password", "another password", "name", "Someone Else"));
        duplicate.assertProblem(409, "Email already registered");

        JsonNode tokens = login("Ann.Lee@example.test", PASSWORD);
        JsonNode me = get("/api/auth/me", "Bearer " + tokens.get("accessToken").asString(), 200).json();
        assertThat(me.get("id").asString()).isEqualTo(account.get("id").asString());
        assertThat(me.get("email").asString()).isEqualTo("ann.lee@example.test");
        assertThat(me.get("name").asString()).isEqualTo("Ann Lee");
        assertThat(me.get("roles").toString()).isEqualTo("[\"customer\"]");
    }

    @Test
    void rejectsInvalidRegistrationsNamingTheFields() {
        Response invalid = post("/api/auth/register", Map.of("email", "not-an-email", "password", "short", "name", "   "));
        invalid.assertProblem(400, "Validation failed");
        assertThat(invalid.errorFields()).containsOnly("email", "password", "name");

        Response tooLong = post("/api/auth/register", Map.of("email", "a".repeat(250) + "@x.io",
                "password", "p".repeat(129), "name", "n".repeat(101)));
        tooLong.assertProblem(400, "Validation failed");
        assertThat(tooLong.errorFields()).containsOnly("email", "password", "name");

        Response missing = post("/api/auth/register", Map.of("email", "nobody@example.test"));
        assertThat(missing.errorFields()).containsOnly("password", "name");

        post("/api/auth/register", "{\"email\": ").assertProblem(400, "Malformed request body");
        post("/api/auth/login", "[1, 2").assertProblem(400, "Malformed request body");
        Response wrongType = post("/api/auth/register", "{\"email\": [\"a@b.c\"], \"password\": \"12345678\", \"name\": \"x\"}");
        wrongType.assertProblem(400, "Malformed request body");
    }

    @Test
    void acceptsPasswordsUpTo128CharactersEvenBeyondBcrypts72Bytes() {
        String email = unique("long");
        String longPassword = "pässwörd-".repeat(14) + "12"; // 128 characters, 156 UTF-8 bytes
        assertThat(post("/api/auth/register", Map.of("email", email, "password", longPassword, "name", "Long")).status())
            .isEqualTo(201);
        assertThat(post("/api/auth/login", Map.of("email", email, "password", longPassword)).status()).isEqualTo(200);
        post("/api/auth/login", Map.of("email", email, "password", longPassword.substring(0, 127) + "3"))
            .assertProblem(401, "Invalid credentials");
    }

    @Test
    void logsInWithATokenThatVerifiesAgainstThePublishedKeySet() throws Exception {
        String email = unique("jwks");
        String id = register(email, "Jay Wks");
        Response response = post("/api/auth/login", Map.of("email", email, "password", PASSWORD));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().getCacheControl()).contains("no-store");
        JsonNode tokens = response.json();
        assertThat(tokens.get("tokenType").asString()).isEqualTo("Bearer");
        assertThat(tokens.get("expiresIn").asLong()).isEqualTo(900);
        // The user id (it says which shard to look on), a dot, 32 random bytes in Base64url.
        assertThat(tokens.get("refreshToken").asString()).matches(java.util.regex.Pattern.quote(id) + "\\.[A-Za-z0-9_-]{43}");

        Response jwksResponse = get("/.well-known/jwks.json", null, 200);
        assertThat(jwksResponse.headers().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        JWKSet jwks = JWKSet.parse(jwksResponse.body());
        SignedJWT jwt = SignedJWT.parse(tokens.get("accessToken").asString());
        JWK key = jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).isNotNull();
        assertThat(key.isPrivate()).isFalse();
        assertThat(jwksResponse.body()).doesNotContain("\"d\"");
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
        Response wrongPassword = post("/api/auth/login", Map.of("email", email, "password", "not the password"));
        Response unknownEmail = post("/api/auth/login", Map.of("email", unique("nobody"), "password", PASSWORD));
        wrongPassword.assertProblem(401, "Invalid credentials");
        unknownEmail.assertProblem(401, "Invalid credentials");
        assertThat(unknownEmail.json().get("detail")).isEqualTo(wrongPassword.json().get("detail"));
        Response blank = post("/api/auth/login", Map.of("email", "", "password", ""));
        blank.assertProblem(400, "Validation failed");
        assertThat(blank.errorFields()).containsOnly("email", "password");
    }

    @Test
    void refreshRotatesTheRefreshTokenAndEachWorksOnce() throws Exception {
        String email = unique("refresh");
        register(email, "Ray Fresh");
        JsonNode first = login(email, PASSWORD);
        String refreshToken = first.get("refreshToken").asString();

        Response refreshed = post("/api/auth/refresh", Map.of("refreshToken", refreshToken));
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        JsonNode second = refreshed.json();
        assertThat(second.get("tokenType").asString()).isEqualTo("Bearer");
        assertThat(second.get("expiresIn").asLong()).isEqualTo(900);
        assertThat(second.get("refreshToken").asString()).isNotEqualTo(refreshToken);
        assertThat(get("/api/auth/me", "Bearer " + second.get("accessToken").asString(), 200).json().get("email").asString())
            .isEqualTo(email);

        post("/api/auth/refresh", Map.of("refreshToken", refreshToken)).assertProblem(401, "Invalid refresh token");
        assertThat(post("/api/auth/refresh", Map.of("refreshToken", second.get("refreshToken").asString())).status())
            .isEqualTo(200);

        post("/api/auth/refresh", Map.of("refreshToken", "never-issued")).assertProblem(401, "Invalid refresh token");
        post("/api/auth/refresh", Map.of("refreshToken", "")).assertProblem(400, "Validation failed");
        // Only hashes are stored, and an expired token is refused like an unknown one.
        String userId = get("/api/auth/me", "Bearer " + second.get("accessToken").asString(), 200).json().get("id").asString();
        long stored = this.shards.read(userId, jdbc -> jdbc.sql("select count(*) from refresh_tokens where token_hash = :token")
            .param("token", refreshToken).query(Long.class).single());
        assertThat(stored).isZero();
        String expired = userId + ".expired-" + UUID.randomUUID();
        String expiredHash = sha256(expired);
        this.shards.writeWithoutResult(userId, jdbc -> jdbc.sql("""
                insert into refresh_tokens (token_hash, user_id, issued_at, expires_at, bucket)
                values (:hash, :user, :issued, :expires, :bucket)
                """)
            .param("hash", expiredHash)
            .param("user", userId)
            .param("issued", OffsetDateTime.now().minusDays(31))
            .param("expires", OffsetDateTime.now().minusDays(1))
            .param("bucket", Buckets.of(userId))
            .update());
        post("/api/auth/refresh", Map.of("refreshToken", expired)).assertProblem(401, "Invalid refresh token");
    }

    @Test
    void theCallersProfileNeedsAValidTokenOfThisService() {
        get("/api/auth/me", null, 401).assertProblem(401, "Authentication required");
        get("/api/auth/me", "Bearer not-a-token", 401).assertProblem(401, "Invalid token");
        // Signed, well-formed, but by a key identity does not own.
        get("/api/auth/me", TestJwtIssuer.bearer("someone"), 401).assertProblem(401, "Invalid token");
    }

    @Test
    void seedsTheDemoAccountsOnceAndTheAdminIsAnAdmin(@Autowired ApplicationRunner builtInAccounts) throws Exception {
        builtInAccounts.run(new DefaultApplicationArguments());
        assertThat(this.shards.scatter(jdbc -> jdbc.sql(
                "select bucket from users where email in ('demo@emporium.dev', 'admin@emporium.dev')")
            .query(Integer.class).list(), bucket -> bucket).rows()).hasSize(2);

        JsonNode admin = login("admin@emporium.dev", "emporium-admin");
        JsonNode adminMe = get("/api/auth/me", "Bearer " + admin.get("accessToken").asString(), 200).json();
        assertThat(adminMe.get("name").asString()).isEqualTo("Shop Admin");
        assertThat(adminMe.get("roles").toString()).isEqualTo("[\"customer\",\"admin\"]");
        assertThat(SignedJWT.parse(admin.get("accessToken").asString()).getJWTClaimsSet().getStringListClaim("roles"))
            .containsExactly("customer", "admin");

        JsonNode demo = login("demo@emporium.dev", "emporium-demo");
        JsonNode demoMe = get("/api/auth/me", "Bearer " + demo.get("accessToken").asString(), 200).json();
        assertThat(demoMe.get("name").asString()).isEqualTo("Demo Customer");
        assertThat(demoMe.get("roles").toString()).isEqualTo("[\"customer\"]");
    }

    private String register(String email, String name) {
        Response response = post("/api/auth/register", Map.of("email", email, "password", PASSWORD, "name", name));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    private JsonNode login(String email, String password) {
        Response response = post("/api/auth/login", Map.of("email", email, "password", password));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private Response post(String path, Object body) {
        return this.http.post(path, body, null);
    }

    private Response get(String path, @Nullable String authorization, int status) {
        Response response = this.http.get(path, authorization);
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
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
