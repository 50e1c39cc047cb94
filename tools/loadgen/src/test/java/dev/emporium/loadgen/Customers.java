package dev.emporium.loadgen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * The run's own customers, registered and logged in once before it starts: logins are what the gateway limits most
 * strictly, and a bcrypt check each, so journeys reuse the tokens. A journey borrows a customer for its whole length
 * and gives it back: two journeys of one customer at once would race over its cart (a checkout taking the lines the
 * other just added), which real shoppers, one browser each, rarely do.
 */
final class Customers {

    static final String PASSWORD = "load-generator-secret";

    /** How many registrations and logins run at once: bcrypt makes each cost the identity service ~70 ms of CPU. */
    private static final int PARALLEL = 4;

    private final Queue<Customer> free = new ConcurrentLinkedQueue<>();

    private final int size;

    private Customers(List<Customer> customers) {
        this.free.addAll(customers);
        this.size = customers.size();
    }

    /**
     * Registers {@code count} customers with e-mail addresses unique to this run and logs each in once, each from its
     * own client address (the first {@code count} of 198.18.0.0/15, after the catalog reader's).
     */
    static Customers register(SetupClient api, int count, String runId) {
        Semaphore permits = new Semaphore(PARALLEL);
        AtomicInteger done = new AtomicInteger();
        List<Customer> customers = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Customer>> pending = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                int index = i;
                pending.add(executor.submit(() -> {
                    permits.acquire();
                    try {
                        Customer customer = registerOne(api, index, runId);
                        int registered = done.incrementAndGet();
                        if (registered % 50 == 0 || registered == count) {
                            System.out.println("loadgen: " + registered + "/" + count + " customers registered and logged in");
                        }
                        return customer;
                    }
                    finally {
                        permits.release();
                    }
                }));
            }
            for (Future<Customer> future : pending) {
                customers.add(future.get());
            }
        }
        catch (java.util.concurrent.ExecutionException ex) {
            throw ex.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(ex.getCause());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while registering customers", ex);
        }
        return new Customers(customers);
    }

    private static Customer registerOne(SetupClient api, int index, String runId) {
        String address = ClientAddresses.at(index);
        String email = "load-" + runId + "-" + index + "@loadgen.emporium.dev";
        String name = "Load Shopper " + index;
        api.post("/api/auth/register", Map.of("email", email, "password", PASSWORD, "name", name), address, 201);
        JsonNode tokens = api.post("/api/auth/login", Map.of("email", email, "password", PASSWORD), address, 200);
        return new Customer(index, name, address, tokens.path("accessToken").asText(),
                tokens.path("refreshToken").asText(), Duration.ofSeconds(tokens.path("expiresIn").asLong(900)));
    }

    /** A free customer, now this journey's, or null when every one is in a journey. */
    @Nullable Customer borrow() {
        return this.free.poll();
    }

    void giveBack(Customer customer) {
        this.free.offer(customer);
    }

    int size() {
        return this.size;
    }

    /**
     * One registered customer, with its tokens. The access token is renewed through {@code /api/auth/refresh} by the
     * journey that first finds it past half its lifetime: refresh tokens rotate, so only one journey may spend it.
     */
    static final class Customer {

        private final int index;

        private final String name;

        private final String address;

        private final AtomicBoolean refreshing = new AtomicBoolean();

        private volatile String accessToken;

        private volatile String refreshToken;

        private volatile long renewAfterNanos;

        Customer(int index, String name, String address, String accessToken, String refreshToken, Duration lifetime) {
            this.index = index;
            this.name = name;
            this.address = address;
            this.accessToken = accessToken;
            this.refreshToken = refreshToken;
            this.renewAfterNanos = renewAfter(lifetime);
        }

        int index() {
            return this.index;
        }

        String name() {
            return this.name;
        }

        /** The customer's client address, sent as {@code X-Forwarded-For}. */
        String address() {
            return this.address;
        }

        String authorization() {
            return "Bearer " + this.accessToken;
        }

        String refreshToken() {
            return this.refreshToken;
        }

        /** True for the one caller that is to renew the token now. */
        boolean claimRefresh() {
            return System.nanoTime() - this.renewAfterNanos > 0 && this.refreshing.compareAndSet(false, true);
        }

        /** The claim's outcome: new tokens, or nulls when the refresh failed (the next journey tries again). */
        void refreshed(@Nullable String accessToken, @Nullable String refreshToken, long lifetimeSeconds) {
            if (accessToken != null && refreshToken != null) {
                this.accessToken = accessToken;
                this.refreshToken = refreshToken;
                this.renewAfterNanos = renewAfter(Duration.ofSeconds(lifetimeSeconds));
            }
            this.refreshing.set(false);
        }

        private static long renewAfter(Duration lifetime) {
            return System.nanoTime() + lifetime.toNanos() / 2;
        }
    }
}
