package dev.emporium.chaos;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.emporium.chaos.control.ControlApi;
import dev.emporium.chaos.control.ProcessStatus;
import dev.emporium.chaos.load.Answer;
import dev.emporium.chaos.load.ClientAddresses;
import dev.emporium.chaos.load.Http;

/**
 * The latency each hop adds: the same catalog read sent sequentially, one at a time, straight to an instance of the
 * catalog service, through a gateway instance, and through the edge (nginx, then a gateway). The gateway hop is the
 * difference between the first two, the nginx hop between the last two (medians; p99s shown as measured).
 */
final class Hops {

    static final String PATH_PREFIX = "/api/catalog/products/";

    /** Where this tool's client addresses start, apart from the load's customers and anonymous shoppers. */
    private static final int FIRST_CLIENT = 50_000;

    /** The latencies of one way in, in milliseconds. */
    record Path(String name, String url, double p50Ms, double p99Ms, int failures) {
    }

    private Hops() {
    }

    static Map<String, Path> measure(ControlApi control, String edgeUrl, int requests, PrintStream out) {
        ProcessStatus catalog = instance(control, "catalog");
        ProcessStatus gateway = instance(control, "gateway");
        String product = firstProduct(edgeUrl);
        Map<String, Path> paths = new LinkedHashMap<>();
        paths.put("direct", time("direct to " + catalog.name(), "http://127.0.0.1:" + catalog.port(), product, requests));
        paths.put("gateway", time("through " + gateway.name(), "http://127.0.0.1:" + gateway.port(), product, requests));
        paths.put("edge", time("through the edge", edgeUrl, product, requests));
        for (Path path : paths.values()) {
            out.printf(Locale.ROOT, "%-26s p50 %6.2f ms  p99 %6.2f ms  (%d requests, %d failed, not timed)%n",
                    path.name(), path.p50Ms(), path.p99Ms(), requests, path.failures());
        }
        out.printf(Locale.ROOT, "gateway hop adds %.2f ms (p50), %.2f ms (p99)%n",
                paths.get("gateway").p50Ms() - paths.get("direct").p50Ms(), paths.get("gateway").p99Ms() - paths.get("direct").p99Ms());
        out.printf(Locale.ROOT, "nginx hop adds   %.2f ms (p50), %.2f ms (p99)%n",
                paths.get("edge").p50Ms() - paths.get("gateway").p50Ms(), paths.get("edge").p99Ms() - paths.get("gateway").p99Ms());
        return paths;
    }

    private static ProcessStatus instance(ControlApi control, String service) {
        return control.processes(process -> service.equals(process.service()) && process.up()).stream().findFirst()
            .orElseThrow(() -> new IllegalStateException("no " + service + " instance is UP"));
    }

    private static String firstProduct(String edgeUrl) {
        try (Http http = new Http(edgeUrl, Duration.ofSeconds(1), Duration.ofSeconds(5))) {
            Answer answer = http.get("/api/catalog/products?page=0&size=1", ClientAddresses.at(0), null);
            if (!answer.ok()) {
                throw new IllegalStateException("the catalog answered " + answer.status());
            }
            return tools.jackson.databind.json.JsonMapper.builder().build().readTree(answer.body())
                .path("items").path(0).path("id").asString();
        }
    }

    /**
     * Times {@code requests} reads, each from a client address of its own: from one address they would meet the
     * gateway's per-client rate limit, and its fast 429s would pass for a fast hop. Only answered reads are timed.
     */
    private static Path time(String name, String baseUrl, String product, int requests) {
        try (Http http = new Http(baseUrl, Duration.ofSeconds(1), Duration.ofSeconds(5))) {
            int warmUp = Math.max(100, requests / 10);
            for (int i = 0; i < warmUp; i++) {
                http.get(PATH_PREFIX + product, ClientAddresses.at(FIRST_CLIENT + i), null);
            }
            long[] nanos = new long[requests];
            int answered = 0;
            for (int i = 0; i < requests; i++) {
                long start = System.nanoTime();
                Answer answer = http.get(PATH_PREFIX + product, ClientAddresses.at(FIRST_CLIENT + warmUp + i), null);
                long took = System.nanoTime() - start;
                if (answer.ok()) {
                    nanos[answered++] = took;
                }
            }
            long[] timed = Arrays.copyOf(nanos, answered);
            Arrays.sort(timed);
            return new Path(name, baseUrl, percentile(timed, 50), percentile(timed, 99), requests - answered);
        }
    }

    /** The nearest-rank percentile of sorted nanoseconds, in milliseconds. */
    static double percentile(long[] sorted, double percentile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
        return sorted[Math.clamp(index, 0, sorted.length - 1)] / 1e6;
    }
}
