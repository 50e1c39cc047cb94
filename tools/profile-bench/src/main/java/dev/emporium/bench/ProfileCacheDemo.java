package dev.emporium.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * {@code ./emporium bench profiles demo}: the brief's caching example, shown by the cache's own metrics. Two identity
 * instances (A and B, as behind a load balancer) share PostgreSQL shards and a Redis; one customer reads their
 * profile through A (loaded from the database, then kept in A's memory and in Redis), through B (from Redis: B has
 * never seen it), through A again (from A's memory), changes their name through B (which drops the profile
 * everywhere) and reads through A (from the database again, with the new name). Each line gives what the serving
 * instance's {@code emporium.cache.gets} and {@code emporium.cache.loads} counted for that request.
 */
final class ProfileCacheDemo {

    private final HttpClient http = HttpClient.newHttpClient();

    private ProfileCacheDemo() {
    }

    static void main(String[] args) throws Exception {
        if (args.length > 0) {
            System.err.println("usage: ./emporium bench profiles demo");
            System.exit(2);
        }
        new ProfileCacheDemo().run();
        System.exit(0);
    }

    private void run() throws Exception {
        try (Identity identity = Identity.create("profile_demo");
                Identity.Instance a = identity.start("A", "demo");
                Identity.Instance b = identity.start("B", "demo")) {
            List<Identity.Customer> customers = Identity.customers(a, 2);
            Identity.Customer customer = customers.getFirst();
            // Another customer's reads first, so the times below are not those of the instances' first requests.
            for (Identity.Instance instance : List.of(a, b, a, b)) {
                send(HttpRequest.newBuilder(URI.create(instance.baseUrl + "/api/account"))
                    .header("Authorization", customers.getLast().authorization())
                    .build());
            }
            System.out.printf("Two identity instances, A (%s) and B (%s), on PostgreSQL shards and Redis %s;%n"
                    + "one customer, %s. Per request, what the serving instance's profile cache counted:%n%n",
                    a.baseUrl, b.baseUrl, identity.redis.url(), customer.id());
            read(a, customer, "the first read");
            read(b, customer, "the other instance's first read");
            read(a, customer, "A again");
            Step renamed = step(b, () -> send(HttpRequest.newBuilder(URI.create(b.baseUrl + "/api/account"))
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"name\":\"Renamed Customer\"}"))
                .header("Content-Type", "application/json")
                .header("Authorization", customer.authorization())
                .build()));
            System.out.printf("%-62s %s%n", "PATCH /api/account through B, a new name:", renamed.describe());
            read(a, customer, "A after the change");
        }
    }

    private void read(Identity.Instance instance, Identity.Customer customer, String what) throws Exception {
        Step step = step(instance, () -> send(HttpRequest.newBuilder(URI.create(instance.baseUrl + "/api/account"))
            .header("Authorization", customer.authorization())
            .build()));
        System.out.printf("%-62s %s%n", "GET /api/account through " + instance.name + ", " + what + ":", step.describe());
    }

    private String send(HttpRequest request) throws Exception {
        HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        int start = response.body().indexOf("\"name\":\"") + 8;
        return response.body().substring(start, response.body().indexOf('"', start));
    }

    /** Runs one request and reads the serving instance's cache metrics before and after it. */
    private static Step step(Identity.Instance instance, Request request) throws Exception {
        Counts before = Counts.of(instance);
        long started = System.nanoTime();
        String name = request.send();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        return new Step(name, took, Counts.of(instance).minus(before));
    }

    @FunctionalInterface
    private interface Request {

        String send() throws Exception;
    }

    private record Counts(long localHits, long localMisses, long redisHits, long redisMisses, long loads,
            double loadMillis) {

        static Counts of(Identity.Instance instance) {
            return new Counts(instance.gets("local", "hit"), instance.gets("local", "miss"),
                    instance.gets("shared", "hit"), instance.gets("shared", "miss"), instance.loads(),
                    instance.loadMillis());
        }

        Counts minus(Counts before) {
            return new Counts(this.localHits - before.localHits, this.localMisses - before.localMisses,
                    this.redisHits - before.redisHits, this.redisMisses - before.redisMisses, this.loads - before.loads,
                    this.loadMillis - before.loadMillis);
        }
    }

    private record Step(String name, Duration took, Counts counted) {

        String describe() {
            String from = this.counted.loads > 0 ? String.format("DATABASE (%d load, %.1f ms)", this.counted.loads,
                    this.counted.loadMillis)
                    : this.counted.redisHits > 0 ? "REDIS" : this.counted.localHits > 0 ? "MEMORY" : "no read";
            return String.format("%6.1f ms  name \"%s\"  from %s  [local hit %d, miss %d; Redis hit %d, miss %d]",
                    this.took.toNanos() / 1e6, this.name, from, this.counted.localHits, this.counted.localMisses,
                    this.counted.redisHits, this.counted.redisMisses);
        }
    }
}
