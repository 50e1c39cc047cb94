package dev.emporium.media;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import dev.emporium.democatalog.DemoCatalog;
import dev.emporium.democatalog.DemoProduct;
import dev.emporium.testsupport.HttpTestClient;
import dev.emporium.testsupport.HttpTestClient.Response;
import dev.emporium.testsupport.TestJwtIssuer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The media service over real HTTP: the seeded demo images, their caching headers and what is not an image. Each
 * subclass names the database: the same tests run on H2 ({@link MediaH2IntegrationTests}) and on PostgreSQL
 * ({@link MediaPostgresIntegrationTests}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=media",
        "emporium.media.demo-images=true" })
@Import(TestJwtIssuer.Configuration.class)
abstract class MediaIntegrationTests {

    private static final DemoCatalog DEMO = DemoCatalog.standard();

    private static final DemoProduct P8 = DEMO.products().get(7);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    HttpTestClient http;

    @BeforeEach
    void client() {
        this.http = HttpTestClient.forPort(this.port);
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
        Response response = get(DEMO.imagePath(P8), null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bytes()).isEqualTo(expected);
        HttpHeaders headers = response.headers();
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
            Response response = get(DEMO.imagePath(product), null);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bytes()).isEqualTo(DEMO.image(product));
        }
    }

    @Test
    void answersNotModifiedWhenTheEtagMatches() {
        Response first = get(DEMO.imagePath(P8), null);
        String etag = first.headers().getETag();

        Response revalidated = get(DEMO.imagePath(P8), etag);
        assertThat(revalidated.status()).isEqualTo(304);
        assertThat(revalidated.bytes()).isEmpty();
        HttpHeaders headers = revalidated.headers();
        assertThat(headers.getETag()).isEqualTo(etag);
        assertThat(headers.get(HttpHeaders.CACHE_CONTROL)).containsExactly("public, max-age=31536000, immutable");
        assertThat(headers.getLastModified()).isEqualTo(first.headers().getLastModified());

        assertThat(get(DEMO.imagePath(P8), "\"something-else\", " + etag).status()).isEqualTo(304);
        Response changed = get(DEMO.imagePath(P8), "\"something-else\"");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.bytes()).isEqualTo(DEMO.image(P8));
    }

    @Test
    void answersHeadWithTheHeadersAndNoBody() {
        Response response = this.http.call(HttpMethod.HEAD, DEMO.imagePath(P8), null, null, Map.of());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bytes()).isEmpty();
        assertThat(response.headers().getContentType()).isEqualTo(MediaType.valueOf("image/svg+xml"));
        assertThat(response.headers().getContentLength()).isEqualTo(DEMO.image(P8).length);
        assertThat(response.headers().get(HttpHeaders.CACHE_CONTROL)).containsExactly("public, max-age=31536000, immutable");
        assertThat(response.headers().getETag()).isEqualTo("\"" + sha256(DEMO.image(P8)) + "\"");
    }

    @Test
    void answersAnUncacheableProblemForAnUnknownImage() {
        Response response = get("/media/products/aud-0008-0000000000000000.svg", null);
        assertNotFoundProblem(response);
    }

    @Test
    void namesThatCannotBeImagesAreNotFound() {
        for (String name : List.of("a.exe", "AUD-0008-FFBA74CA570EABD3.svg", ".svg", "aud-0008-ffba74ca570eabd3.svg.exe",
                "a".repeat(197) + ".svg", "a..svg", "a%20b.svg", "caf%C3%A9.svg", "etc-passwd")) {
            Response response = get("/media/products/" + name, null);
            assertThat(response.status()).as(name).isEqualTo(404);
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
            Response response = get("/media/products/" + name, null);
            assertThat(response.status()).as(name).isEqualTo(400);
            assertThat(response.headers().containsHeader(HttpHeaders.ETAG)).as(name).isFalse();
        }
    }

    private void assertNotFoundProblem(Response response) {
        response.assertProblem(404, "Image not found");
        assertThat(response.headers().getCacheControl()).contains("no-store").doesNotContain("max-age=31536000");
    }

    /** The path exactly as given: encoded characters stay encoded on the wire. */
    private Response get(String path, @Nullable String ifNoneMatch) {
        Map<String, String> headers = ifNoneMatch == null ? Map.of() : Map.of(HttpHeaders.IF_NONE_MATCH, ifNoneMatch);
        return this.http.call(HttpMethod.GET, path, null, null, headers);
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
