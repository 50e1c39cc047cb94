package dev.emporium.media;

import java.net.URI;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import dev.emporium.democatalog.DemoCatalog;
import dev.emporium.democatalog.DemoProduct;
import dev.emporium.testsupport.TestJwtIssuer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The media service over real HTTP: the seeded demo images, their caching headers and what is not an image. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=media",
        "spring.datasource.url=jdbc:h2:mem:media-test;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "emporium.media.demo-images=true" })
@Import(TestJwtIssuer.Configuration.class)
class MediaIntegrationTests {

    private static final DemoCatalog DEMO = DemoCatalog.standard();

    private static final DemoProduct P8 = DEMO.products().get(7);

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
            .defaultStatusHandler(status -> true, (request, response) -> {
            })
            .build();
    }

    @Test
    void seedsAnImageForEveryDemoProduct() {
        List<String> expected = DEMO.products().stream().map(DEMO::imageFileName).toList();
        List<String> stored = this.jdbc.sql("select file_name from images where content_type = 'image/svg+xml'")
            .query(String.class)
            .list();
        assertThat(stored).hasSize(1_200).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(DEMO.imagePath(P8)).isEqualTo("/media/products/aud-0008-ffba74ca570eabd3.svg");
    }

    @Test
    void servesASeededImageWithImmutableCachingHeaders() {
        byte[] expected = DEMO.image(P8);
        ResponseEntity<byte[]> response = get(DEMO.imagePath(P8), null);

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getBody()).isEqualTo(expected);
        HttpHeaders headers = response.getHeaders();
        assertThat(headers.getContentType()).isEqualTo(MediaType.valueOf("image/svg+xml"));
        assertThat(headers.getContentLength()).isEqualTo(expected.length);
        assertThat(headers.get(HttpHeaders.CACHE_CONTROL)).containsExactly("public, max-age=31536000, immutable");
        assertThat(headers.get(HttpHeaders.ETAG)).containsExactly("\"" + sha256(expected) + "\"");
        assertThat(sha256(expected)).startsWith("ffba74ca570eabd3");
        assertThat(headers.getLastModified()).isPositive();
        assertThat(headers.get("X-Content-Type-Options")).containsExactly("nosniff");
        assertThat(headers.get("Content-Security-Policy")).containsExactly("default-src 'none'; style-src 'unsafe-inline'; sandbox");
        assertThat(headers.containsHeader(HttpHeaders.PRAGMA)).isFalse();
        assertThat(headers.containsHeader(HttpHeaders.EXPIRES)).isFalse();
        assertThat(headers.containsHeader(HttpHeaders.SET_COOKIE)).isFalse();
    }

    @Test
    void servesEveryDemoImageUnderItsCatalogPath() {
        for (DemoProduct product : List.of(DEMO.products().getFirst(), DEMO.products().get(600), DEMO.products().getLast())) {
            ResponseEntity<byte[]> response = get(DEMO.imagePath(product), null);
            assertThat(response.getStatusCode().value()).isEqualTo(200);
            assertThat(response.getBody()).isEqualTo(DEMO.image(product));
        }
    }

    @Test
    void answersNotModifiedWhenTheEtagMatches() {
        ResponseEntity<byte[]> first = get(DEMO.imagePath(P8), null);
        String etag = first.getHeaders().getETag();

        ResponseEntity<byte[]> revalidated = get(DEMO.imagePath(P8), etag);
        assertThat(revalidated.getStatusCode().value()).isEqualTo(304);
        assertThat(revalidated.getBody()).isNullOrEmpty();
        HttpHeaders headers = revalidated.getHeaders();
        assertThat(headers.getETag()).isEqualTo(etag);
        assertThat(headers.get(HttpHeaders.CACHE_CONTROL)).containsExactly("public, max-age=31536000, immutable");
        assertThat(headers.getLastModified()).isEqualTo(first.getHeaders().getLastModified());

        assertThat(get(DEMO.imagePath(P8), "\"something-else\", " + etag).getStatusCode().value()).isEqualTo(304);
        ResponseEntity<byte[]> changed = get(DEMO.imagePath(P8), "\"something-else\"");
        assertThat(changed.getStatusCode().value()).isEqualTo(200);
        assertThat(changed.getBody()).isEqualTo(DEMO.image(P8));
    }

    @Test
    void answersHeadWithTheHeadersAndNoBody() {
        ResponseEntity<byte[]> response = this.http.head().uri(url(DEMO.imagePath(P8))).retrieve().toEntity(byte[].class);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getBody()).isNullOrEmpty();
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.valueOf("image/svg+xml"));
        assertThat(response.getHeaders().getContentLength()).isEqualTo(DEMO.image(P8).length);
        assertThat(response.getHeaders().get(HttpHeaders.CACHE_CONTROL)).containsExactly("public, max-age=31536000, immutable");
        assertThat(response.getHeaders().getETag()).isEqualTo("\"" + sha256(DEMO.image(P8)) + "\"");
    }

    @Test
    void answersAnUncacheableProblemForAnUnknownImage() {
        ResponseEntity<byte[]> response = get("/media/products/aud-0008-0000000000000000.svg", null);
        assertNotFoundProblem(response);
    }

    @Test
    void namesThatCannotBeImagesAreNotFound() {
        for (String name : List.of("a.exe", "AUD-0008-FFBA74CA570EABD3.svg", ".svg", "aud-0008-ffba74ca570eabd3.svg.exe",
                "a".repeat(197) + ".svg", "a..svg", "a%20b.svg", "caf%C3%A9.svg", "etc-passwd")) {
            ResponseEntity<byte[]> response = get("/media/products/" + name, null);
            assertThat(response.getStatusCode().value()).as(name).isEqualTo(404);
            assertNotFoundProblem(response);
        }
    }

    /**
     * Paths that try to leave the directory never reach the controller: Tomcat refuses encoded slashes, backslashes
     * and NUL, and Spring Security's firewall refuses dot segments, encoded dots and percents, and empty segments,
     * each with a 400 before any handler runs.
     */
    @Test
    void traversalAttemptsAreRefusedBeforeAnyHandler() {
        for (String name : List.of("..%2F..%2Fetc%2Fpasswd", "..%5C..%5Cetc%5Cpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
                "..%252F..%252Fetc%252Fpasswd", "../../etc/passwd", "%2e%2e", "..", "aud-0008-ffba74ca570eabd3.svg%00",
                "a;b.svg", "/aud-0008-ffba74ca570eabd3.svg")) {
            ResponseEntity<byte[]> response = get("/media/products/" + name, null);
            assertThat(response.getStatusCode().value()).as(name).isEqualTo(400);
            assertThat(response.getHeaders().containsHeader(HttpHeaders.ETAG)).as(name).isFalse();
        }
    }

    private void assertNotFoundProblem(ResponseEntity<byte[]> response) {
        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(response.getHeaders().getContentType()).isNotNull();
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(response.getHeaders().getCacheControl()).contains("no-store").doesNotContain("max-age=31536000");
        JsonNode problem = this.json.readTree(response.getBody());
        assertThat(problem.get("status").asInt()).isEqualTo(404);
        assertThat(problem.get("title").asString()).isNotBlank();
    }

    private ResponseEntity<byte[]> get(String path, String ifNoneMatch) {
        RestClient.RequestHeadersSpec<?> request = this.http.method(HttpMethod.GET).uri(url(path));
        if (ifNoneMatch != null) {
            request.header(HttpHeaders.IF_NONE_MATCH, ifNoneMatch);
        }
        return request.retrieve().toEntity(byte[].class);
    }

    /** The path exactly as given: encoded characters stay encoded on the wire. */
    private URI url(String path) {
        return URI.create("http://localhost:" + this.port + path);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }
}
