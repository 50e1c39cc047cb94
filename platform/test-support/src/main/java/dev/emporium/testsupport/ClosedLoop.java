package dev.emporium.testsupport;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The benchmarks' closed-loop load: each client sends its next request as soon as its last one was answered, for a
 * set time, and every answer must be a 200.
 */
public final class ClosedLoop {

    private ClosedLoop() {
    }

    /**
     * Runs {@code clients} clients on virtual threads for {@code length}. Client {@code i} sends the requests
     * {@code client.apply(i)} makes, one after the other; {@code answered} sees every answer (to count cache hits, say).
     * @throws IOException if an answer was not a 200
     */
    public static Latencies http(HttpClient http, int clients, Duration length,
            IntFunction<Supplier<HttpRequest>> client, Consumer<HttpResponse<Void>> answered) throws Exception {
        long start = System.nanoTime();
        long end = start + length.toNanos();
        List<Future<long[]>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                Supplier<HttpRequest> requests = client.apply(i);
                futures.add(threads.submit(() -> {
                    long[] latencies = new long[1 << 16];
                    int count = 0;
                    while (System.nanoTime() < end) {
                        HttpRequest request = requests.get();
                        long started = System.nanoTime();
                        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                        long took = System.nanoTime() - started;
                        if (response.statusCode() != 200) {
                            throw new IOException(request.uri() + " answered " + response.statusCode());
                        }
                        answered.accept(response);
                        if (count == latencies.length) {
                            latencies = Arrays.copyOf(latencies, count * 2);
                        }
                        latencies[count++] = took;
                    }
                    return Arrays.copyOf(latencies, count);
                }));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<long[]> latencies = new ArrayList<>();
        for (Future<long[]> future : futures) {
            latencies.add(future.get());
        }
        return Latencies.of(latencies, seconds);
    }

    /** {@link #http(HttpClient, int, Duration, IntFunction, Consumer)} without looking at the answers. */
    public static Latencies http(HttpClient http, int clients, Duration length,
            IntFunction<Supplier<HttpRequest>> client) throws Exception {
        return http(http, clients, length, client, response -> {
        });
    }

    /** Runs {@code reader} on {@code threads} platform threads at once; returns the sum of what they return. */
    public static long threads(int threads, Callable<Long> reader) throws Exception {
        List<Future<Long>> counts = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < threads; i++) {
                counts.add(pool.submit(reader));
            }
        }
        long total = 0;
        for (Future<Long> count : counts) {
            total += count.get();
        }
        return total;
    }

    /** The numbers 1..n in turn, from a random start: each client reads every item, in its own order. */
    public static IntSupplier sequential(int n) {
        int[] next = { new SplittableRandom().nextInt(n) };
        return () -> {
            next[0] = next[0] % n + 1;
            return next[0];
        };
    }
}
