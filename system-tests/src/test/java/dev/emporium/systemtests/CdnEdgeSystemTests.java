package dev.emporium.systemtests;

import java.awt.Color;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.emporium.testsupport.nginx.Nginx;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The CDN edge of DESIGN §6: the repository's {@code deploy/nginx} configuration, run by a real nginx (Debian's
 * package) in front of the embedded platform's gateway. Media and fingerprinted assets are fetched from the origin
 * once and then served by the edge; pages and the API pass through uncached; a changed image is a new URL, so the
 * edge never serves an old picture for a new one. How often the origin answered is media's own count
 * ({@code emporium.media.served}), read from the media service directly. Each test uses images of its own, so the
 * counts do not depend on the order; uploads come last all the same, as they change a product.
 */
@ExtendWith(RunningPlatform.Extension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CdnEdgeSystemTests {

    static final JsonMapper json = JsonMapper.builder().build();

    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static Nginx edge;

    static String media;

    static String admin;

    @BeforeAll
    static void startTheEdge(RunningPlatform platform) throws Exception {
        edge = Nginx.inFrontOf(URI.create(platform.gatewayUrl()).getPort());
        media = platform.serviceUrls().get("media");
        admin = json.readTree(send("POST", edge.url() + "/api/auth/login",
                "{\"email\":\"admin@emporium.dev\",\"password\":\"emporium-admin\"}").body()).get("accessToken").asString();
    }

    @AfterAll
    static void stopTheEdge() {
        if (edge != null) {
            edge.close();
        }
    }

    @Test
    @Order(1)
    void anImageComesFromTheOriginOnceThenFromTheEdge() throws Exception {
        String image = imageOf("p11");
        double servedBefore = servedByOrigin();

        HttpResponse<byte[]> first = get(image);
        HttpResponse<byte[]> second = get(image);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(cacheStatus(first)).isEqualTo("MISS");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(cacheStatus(second)).as(edge.accessLog()).isEqualTo("HIT");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.headers().firstValue("ETag")).isEqualTo(first.headers().firstValue("ETag"));
        assertThat(second.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        assertServedByOrigin(servedBefore, 1);
    }

    @Test
    @Order(2)
    void twentyConcurrentRequestsForAColdImageReachTheOriginOnce() throws Exception {
        String image = imageOf("p12");
        double servedBefore = servedByOrigin();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<byte[]>>> responses = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                responses.add(clients.submit(() -> {
                    go.await();
                    return get(image);
                }));
            }
            go.countDown();
            byte[] expected = responses.getFirst().get().body();
            for (Future<HttpResponse<byte[]>> response : responses) {
                assertThat(response.get().statusCode()).isEqualTo(200);
                assertThat(response.get().body()).isEqualTo(expected);
            }
        }
        assertServedByOrigin(servedBefore, 1);
    }

    @Test
    @Order(3)
    void fingerprintedAssetsAreCachedAndTheirPlainNamesPagesAndTheApiAreNot() throws Exception {
        HttpResponse<byte[]> home = get("/");
        assertThat(home.statusCode()).isEqualTo(200);
        Document page = Jsoup.parse(new String(home.body(), StandardCharsets.UTF_8));
        String stylesheet = page.selectFirst("link[rel=stylesheet]").attr("href");
        String icon = page.selectFirst("link[rel=icon]").attr("href");
        assertThat(stylesheet).matches("/css/app-[0-9a-f]{32}\\.css");
        assertThat(icon).matches("/favicon-[0-9a-f]{32}\\.svg");

        for (String fingerprinted : List.of(stylesheet, icon)) {
            HttpResponse<byte[]> first = get(fingerprinted);
            HttpResponse<byte[]> second = get(fingerprinted);
            assertThat(first.statusCode()).as(fingerprinted).isEqualTo(200);
            assertThat(cacheStatus(first)).as(fingerprinted).isEqualTo("MISS");
            assertThat(cacheStatus(second)).as(fingerprinted).isEqualTo("HIT");
            assertThat(second.body()).isEqualTo(first.body());
            assertThat(second.headers().firstValue("Cache-Control").orElse("")).contains("public", "immutable");
        }

        // The plain name may change content: the storefront says no-cache, and the edge passes it through each time.
        for (String plain : List.of("/css/app.css", "/favicon.svg")) {
            get(plain);
            HttpResponse<byte[]> again = get(plain);
            assertThat(again.statusCode()).as(plain).isEqualTo(200);
            assertThat(again.headers().firstValue("Cache-Control")).as(plain).hasValue("no-cache");
            assertThat(cacheStatus(again)).as(plain).isEqualTo("MISS");
        }

        for (String uncached : List.of("/", "/api/catalog/products/p11")) {
            get(uncached);
            HttpResponse<byte[]> again = get(uncached);
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.headers().firstValue("X-Cache-Status")).as(uncached).isEmpty();
        }
    }

    @Test
    @Order(4)
    void anUploadedImageHasAUrlOfItsOwnAndAChangedImageANewOne() throws Exception {
        HttpResponse<String> red = ShopApiSystemTests.upload(edge.url(), "p13", admin, "red.png", "image/png",
                ShopApiSystemTests.png(640, 480, Color.RED));
        assertThat(red.statusCode()).as(red.body()).isEqualTo(201);
        String redCard = variants(red).get("card");
        HttpResponse<byte[]> first = get(redCard);
        HttpResponse<byte[]> second = get(redCard);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(cacheStatus(first)).isEqualTo("MISS");
        assertThat(cacheStatus(second)).isEqualTo("HIT");
        assertThat(second.body()).isEqualTo(first.body());

        // Another picture for the same product: every variant a new name, so nothing cached can stand in for it.
        HttpResponse<String> blue = ShopApiSystemTests.upload(edge.url(), "p13", admin, "blue.png", "image/png",
                ShopApiSystemTests.png(640, 480, Color.BLUE));
        assertThat(blue.statusCode()).as(blue.body()).isEqualTo(201);
        assertThat(variants(blue).values()).allMatch(url -> url.startsWith("/media/products/p13-"))
            .doesNotContainAnyElementsOf(variants(red).values());
        HttpResponse<byte[]> changed = get(variants(blue).get("card"));
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(cacheStatus(changed)).isEqualTo("MISS");
        assertThat(changed.body()).isNotEqualTo(first.body());
    }

    /** The URL of each variant of an upload, by variant name. */
    private static Map<String, String> variants(HttpResponse<String> upload) {
        Map<String, String> urls = new TreeMap<>();
        json.readTree(upload.body()).get("variants").properties()
            .forEach(variant -> urls.put(variant.getKey(), variant.getValue().get("url").asString()));
        assertThat(urls).containsKeys("thumbnail", "card", "full");
        return urls;
    }

    /** A product's image URL, as the API gives it (through the edge, uncached). */
    private static String imageOf(String product) throws Exception {
        JsonNode found = json.readTree(get("/api/catalog/products/" + product).body());
        return found.get("imageUrl").asString();
    }

    /**
     * That the origin answered {@code times} more images than {@code before}: media counts an answer once it has
     * written it, so the count may trail the response the client already has by a moment.
     */
    private static void assertServedByOrigin(double before, int times) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
            .until(() -> servedByOrigin() - before >= times);
        // And no more, for a while: a second origin fetch on its way would have been counted by then.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
            .untilAsserted(() -> assertThat(servedByOrigin() - before).as("answers of the origin\n" + edge.accessLog())
                .isEqualTo(times));
    }

    /** Images media's origin has answered with 200 so far. */
    private static double servedByOrigin() throws Exception {
        HttpResponse<String> metric = http.send(
                HttpRequest.newBuilder(URI.create(media + "/actuator/metrics/emporium.media.served?tag=outcome:200")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (metric.statusCode() == 404) {
            return 0;
        }
        return json.readTree(metric.body()).get("measurements").get(0).get("value").asDouble();
    }

    private static String cacheStatus(HttpResponse<?> response) {
        return response.headers().firstValue("X-Cache-Status").orElse("");
    }

    private static HttpResponse<byte[]> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(edge.url() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<String> send(String method, String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

}
