package dev.emporium.systemtests;

import java.awt.Color;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.emporium.testsupport.nginx.Nginx;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
 * ({@code emporium.media.served}), read from the media service directly.
 */
@ExtendWith(RunningPlatform.Extension.class)
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
            for (Future<HttpResponse<byte[]>> response : responses) {
                assertThat(response.get().statusCode()).isEqualTo(200);
            }
        }
        assertServedByOrigin(servedBefore, 1);
    }

    @Test
    void fingerprintedAssetsAreCachedAndPagesAndTheApiAreNot() throws Exception {
        HttpResponse<byte[]> home = get("/");
        assertThat(home.statusCode()).isEqualTo(200);
        String stylesheet = Jsoup.parse(new String(home.body())).selectFirst("link[rel=stylesheet]").attr("href");
        assertThat(stylesheet).matches("/css/app-[0-9a-f]{32}\\.css");

        HttpResponse<byte[]> first = get(stylesheet);
        HttpResponse<byte[]> second = get(stylesheet);
        assertThat(cacheStatus(first)).isIn("MISS", "HIT");
        assertThat(cacheStatus(second)).isEqualTo("HIT");
        assertThat(second.headers().firstValue("Cache-Control").orElse("")).contains("immutable");

        for (String uncached : List.of("/", "/api/catalog/products/p11")) {
            get(uncached);
            HttpResponse<byte[]> again = get(uncached);
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.headers().firstValue("X-Cache-Status")).as(uncached).isEmpty();
        }
    }

    @Test
    void anUploadedImageHasAUrlOfItsOwnAndAChangedImageANewOne() throws Exception {
        HttpResponse<String> red = ShopApiSystemTests.upload(edge.url(), "p13", admin, "red.png", "image/png",
                ShopApiSystemTests.png(640, 480, Color.RED));
        assertThat(red.statusCode()).as(red.body()).isEqualTo(201);
        String redCard = card(red);
        assertThat(cacheStatus(get(redCard))).isEqualTo("MISS");
        assertThat(cacheStatus(get(redCard))).isEqualTo("HIT");

        HttpResponse<String> blue = ShopApiSystemTests.upload(edge.url(), "p13", admin, "blue.png", "image/png",
                ShopApiSystemTests.png(640, 480, Color.BLUE));
        assertThat(blue.statusCode()).as(blue.body()).isEqualTo(201);
        String blueCard = card(blue);
        assertThat(blueCard).isNotEqualTo(redCard).startsWith("/media/products/p13-");
        HttpResponse<byte[]> changed = get(blueCard);
        assertThat(cacheStatus(changed)).isEqualTo("MISS");
        assertThat(changed.body()).isNotEqualTo(get(redCard).body());
    }

    private static String card(HttpResponse<String> upload) {
        return json.readTree(upload.body()).get("variants").get("card").get("url").asString();
    }

    /** A product's image URL, as the API gives it (through the edge, uncached). */
    private static String imageOf(String product) throws Exception {
        JsonNode found = json.readTree(get("/api/catalog/products/" + product).body());
        return found.get("imageUrl").asString();
    }

    /** Images media's origin has answered with 200 so far. */
    /**
     * That the origin answered {@code times} more images than {@code before}: media counts an answer once it has
     * written it, so the count may trail the response the client already has by a moment.
     */
    private static void assertServedByOrigin(double before, int times) throws Exception {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
            .until(() -> servedByOrigin() - before >= times);
        // And no more: whatever else was on its way has arrived by now.
        Thread.sleep(200);
        assertThat(servedByOrigin() - before).as("answers of the origin\n" + edge.accessLog()).isEqualTo(times);
    }

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
