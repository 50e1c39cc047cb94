package dev.emporium.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

import dev.emporium.embedded.EmbeddedPlatform;
import dev.emporium.testsupport.ClosedLoop;
import dev.emporium.testsupport.FreePorts;
import dev.emporium.testsupport.Latencies;
import dev.emporium.testsupport.LoadOptions;
import dev.emporium.testsupport.nginx.Nginx;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./emporium bench media}: product images per second from the origin (the gateway in front of the media
 * service, as nginx reaches it) and through the CDN edge ({@code deploy/nginx} run by test-support's {@code Nginx},
 * every answer a cache hit after the warm-up), for the same 200 demo images, the same virtual-thread clients on
 * keep-alive connections, one run. Besides requests per second and latency (p50, p99) it reports the edge's hit share
 * and how often the origin answered meanwhile (media's own count, {@code emporium.media.served}), which shows the
 * edge kept the origin out. The embedded platform runs in this JVM with the full JIT, the clients too; nginx is a
 * child process. Options: {@code --duration=10s} per phase, {@code --clients=16}. Benchmarks report; they never fail
 * on speed.
 */
public final class MediaBenchmark {

    private static final int IMAGES = 200;

    private static final JsonMapper json = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final Duration duration;

    private final int clients;

    private MediaBenchmark(Duration duration, int clients) {
        this.duration = duration;
        this.clients = clients;
    }

    public static void main(String[] args) throws Exception {
        LoadOptions options = LoadOptions.parseOrExit(args, "./emporium bench media", Duration.ofSeconds(10), 16);
        new MediaBenchmark(options.duration(), options.clients()).run();
        System.exit(0);
    }

    private void run() throws Exception {
        Path data = Files.createTempDirectory("emporium-media-bench");
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(new EmbeddedPlatform.Settings(data,
                FreePorts.range(EmbeddedPlatform.SERVICE_COUNT), List.of("--logging.level.root=WARN")));
                Nginx edge = Nginx.inFrontOf(URI.create(platform.gatewayUrl()).getPort())) {
            String origin = platform.gatewayUrl();
            String media = platform.serviceUrls().get("media");
            List<String> images = images(origin);
            long bytes = 0;
            for (String image : images) {
                bytes += this.http.send(HttpRequest.newBuilder(URI.create(origin + image)).build(),
                        HttpResponse.BodyHandlers.ofByteArray()).body().length;
            }
            System.out.printf("Product images: %d demo SVGs of %,d bytes on average; %d clients, %d s per phase%n%n",
                    images.size(), bytes / images.size(), this.clients, this.duration.toSeconds());
            // Warm-up: the JIT for the origin and the clients, and every image into the edge's cache. On two cores
            // the origin still gains some 20 % from round 1 to round 2 (a 20 s warm-up did not change that).
            measure(origin, images, Duration.ofSeconds(10));
            measure(edge.url(), images, Duration.ofSeconds(3));
            System.out.println(
                    "| round | images from | requests/s | vs origin | p50 | p99 | edge hits | origin answers |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            // Two rounds: what the machine did meanwhile shows as the difference between them.
            for (int round = 1; round <= 2; round++) {
                double before = servedByOrigin(media);
                Result direct = measure(origin, images, this.duration);
                double between = servedByOrigin(media);
                Result cdn = measure(edge.url(), images, this.duration);
                double after = servedByOrigin(media);
                print(round, "origin (gateway → media)", direct, direct, false, between - before);
                print(round, "nginx edge", cdn, direct, true, after - between);
            }
        }
        finally {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void print(int round, String name, Result result, Result origin, boolean throughEdge,
            double originAnswers) {
        String hitShare = throughEdge
                ? String.format(Locale.ROOT, "%.1f %%", 100.0 * result.hits() / result.count())
                : "–";
        System.out.printf("| %d | %s | %,.0f | %.2f× | %.2f ms | %.2f ms | %s | %,.0f |%n", round, name,
                result.perSecond(), result.perSecond() / origin.perSecond(), result.percentile(50),
                result.percentile(99), hitShare, originAnswers);
    }

    /** The image URLs of the first products, as the catalog gives them. */
    private List<String> images(String gateway) throws Exception {
        List<String> urls = new ArrayList<>();
        for (int page = 0; urls.size() < IMAGES; page++) {
            HttpResponse<String> response = this.http.send(
                    HttpRequest.newBuilder(URI.create(gateway + "/api/catalog/products?size=100&page=" + page)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode items = json.readTree(response.body()).get("items");
            if (items.isEmpty()) {
                break;
            }
            items.forEach(item -> urls.add(item.get("imageUrl").asString()));
        }
        return urls.subList(0, Math.min(IMAGES, urls.size()));
    }

    /** Image answers with 200 of the media service so far, read from the service itself. */
    private double servedByOrigin(String media) throws Exception {
        HttpResponse<String> metric = this.http.send(HttpRequest
            .newBuilder(URI.create(media + "/actuator/metrics/emporium.media.served?tag=outcome:200"))
            .build(), HttpResponse.BodyHandlers.ofString());
        return json.readTree(metric.body()).get("measurements").get(0).get("value").asDouble();
    }

    /** {@link #clients} closed loops, each asking for a random image as soon as the last one arrived. */
    private Result measure(String base, List<String> images, Duration length) throws Exception {
        LongAdder hits = new LongAdder();
        Latencies latencies = ClosedLoop.http(this.http, this.clients, length, client -> {
            SplittableRandom random = new SplittableRandom();
            return () -> HttpRequest.newBuilder(URI.create(base + images.get(random.nextInt(images.size())))).build();
        }, response -> {
            if ("HIT".equals(response.headers().firstValue("X-Cache-Status").orElse(""))) {
                hits.increment();
            }
        });
        return new Result(latencies, hits.sum());
    }

    /** One phase: every request's latency; the edge's cache hits among them. */
    private record Result(Latencies latencies, long hits) {

        long count() {
            return this.latencies.count();
        }

        double perSecond() {
            return this.latencies.perSecond();
        }

        double percentile(double p) {
            return this.latencies.percentileMillis(p);
        }
    }
}
