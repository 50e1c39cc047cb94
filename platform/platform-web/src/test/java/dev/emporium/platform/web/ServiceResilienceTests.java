package dev.emporium.platform.web;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import dev.emporium.platform.web.DependencyUnavailable.Reason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.BlockingLoadBalancerInterceptor;
import org.springframework.cloud.client.loadbalancer.DeferringLoadBalancerInterceptor;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClient;
import org.springframework.cloud.client.loadbalancer.LoadBalancerRequest;
import org.springframework.cloud.client.loadbalancer.LoadBalancerUriTools;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link ServiceRestClients} clients over real HTTP to fake instances of a service (JDK HTTP servers on loopback)
 * behind a round-robin load balancer: retries, breaker, bulkhead, retry budget and timeouts of DESIGN §7.
 */
class ServiceResilienceTests {

    final List<Fake> fakes = new ArrayList<>();

    @AfterEach
    void stopFakes() {
        this.fakes.forEach(fake -> fake.server.stop(0));
    }

    @Test
    void idempotentCallsToAKilledInstanceAreRetriedOnTheOther() throws IOException {
        Fake first = fake(200);
        Fake second = fake(200);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RestClient catalog = client(Map.of(), meters, first, second).forService("catalog");
        first.server.stop(0);
        for (int i = 0; i < 20; i++) {
            assertThat(catalog.get().uri("/products/{i}", i).retrieve().body(String.class)).isEqualTo("ok");
            assertThat(catalog.put().uri("/products/{i}", i).body("x").retrieve().toBodilessEntity().getStatusCode().value())
                .isEqualTo(200);
        }
        assertThat(second.requests.get()).isEqualTo(40);
        // After its first failure the dead instance is passed over for a while (eject-for, 2 s), so few calls pay for
        // a retry and the retry budget is not spent on it.
        assertThat(meters.get("emporium.client.retries").tag("target", "catalog").tag("outcome", "retried").counter().count())
            .isBetween(1.0, 3.0);
    }

    @Test
    void aPostIsRetriedOnlyWithAnIdempotencyKey() throws IOException {
        Fake first = fake(503);
        Fake second = fake(503);
        RestClient orders = client(Map.of(), first, second).forService("orders");

        assertThatThrownBy(() -> orders.post().uri("/orders").body("{}").retrieve().toBodilessEntity())
            .isInstanceOf(DependencyUnavailable.class);
        assertThat(first.requests.get() + second.requests.get()).isEqualTo(1);

        assertThatThrownBy(() -> orders.post().uri("/orders").header("Idempotency-Key", "k-1").body("{}").retrieve()
            .toBodilessEntity()).isInstanceOf(DependencyUnavailable.class);
        assertThat(first.requests.get() + second.requests.get()).isEqualTo(1 + 3);
    }

    @Test
    void theBreakerOpensAfterFailuresAndThenFailsFastWithoutCallingTheService() throws IOException {
        Fake only = fake(503);
        RestClient cart = client(Map.of("emporium.resilience.services.cart.max-attempts", "1",
                "emporium.resilience.services.cart.breaker-window", "4",
                "emporium.resilience.services.cart.breaker-minimum-calls", "4",
                "emporium.resilience.services.cart.breaker-open", "30s"), only).forService("cart");
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> cart.get().uri("/cart").retrieve().body(String.class))
                .isInstanceOfSatisfying(DependencyUnavailable.class, ex -> assertThat(ex.reason()).isEqualTo(Reason.NO_ANSWER));
        }
        assertThat(only.requests.get()).isEqualTo(4);

        long start = System.nanoTime();
        assertThatThrownBy(() -> cart.get().uri("/cart").retrieve().body(String.class))
            .isInstanceOfSatisfying(DependencyUnavailable.class, ex -> {
                assertThat(ex.reason()).isEqualTo(Reason.BREAKER_OPEN);
                assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(30));
            });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
        assertThat(only.requests.get()).isEqualTo(4);
    }

    @Test
    void theBulkheadRejectsCallsBeyondItsLimitAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Fake slow = fake(200, release);
        RestClient media = client(Map.of("emporium.resilience.bulkhead-max-concurrent", "2"), slow).forService("media");
        List<String> answers = new CopyOnWriteArrayList<>();
        List<Thread> inFlight = List.of(
                Thread.ofVirtual().start(() -> answers.add(media.get().uri("/a").retrieve().body(String.class))),
                Thread.ofVirtual().start(() -> answers.add(media.get().uri("/b").retrieve().body(String.class))));
        await().atMost(Duration.ofSeconds(5)).until(() -> slow.requests.get() == 2);

        assertThatThrownBy(() -> media.get().uri("/c").retrieve().body(String.class))
            .isInstanceOfSatisfying(DependencyUnavailable.class, ex -> assertThat(ex.reason()).isEqualTo(Reason.BULKHEAD_FULL));
        assertThat(slow.requests.get()).isEqualTo(2);

        release.countDown();
        for (Thread thread : inFlight) {
            thread.join(Duration.ofSeconds(5));
        }
        assertThat(answers).containsExactly("ok", "ok");
        assertThat(media.get().uri("/d").retrieve().body(String.class)).isEqualTo("ok");
    }

    @Test
    void theRetryBudgetCapsRetriesWhenEveryInstanceFails() throws IOException {
        Fake first = fake(503);
        Fake second = fake(503);
        RestClient inventory = client(Map.of("emporium.resilience.retry-budget-min-per-second", "0",
                "emporium.resilience.retry-budget-ratio", "0.2",
                "emporium.resilience.backoff-base", "1ms",
                "emporium.resilience.breaker-minimum-calls", "1000",
                "emporium.resilience.breaker-window", "1000"), first, second).forService("inventory");
        int calls = 100;
        for (int i = 0; i < calls; i++) {
            assertThatThrownBy(() -> inventory.get().uri("/stock").retrieve().body(String.class))
                .isInstanceOf(DependencyUnavailable.class);
        }
        int attempts = first.requests.get() + second.requests.get();
        // Three attempts a call would be 300; the budget lets retries add at most 20 % of the calls.
        assertThat(attempts).isGreaterThan(calls).isLessThanOrEqualTo(calls + calls / 5);
    }

    @Test
    void aReadTimeoutEndsTheCallAsUnavailable() throws IOException {
        CountDownLatch never = new CountDownLatch(1);
        Fake stuck = fake(200, never);
        RestClient payments = client(Map.of("emporium.resilience.read-timeout", "200ms",
                "emporium.resilience.max-attempts", "1"), stuck).forService("payments");
        long start = System.nanoTime();
        try {
            assertThatThrownBy(() -> payments.get().uri("/slow").retrieve().body(String.class))
                .isInstanceOfSatisfying(DependencyUnavailable.class, ex -> assertThat(ex.reason()).isEqualTo(Reason.NO_ANSWER));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
        finally {
            never.countDown();
        }
    }

    @Test
    void noKnownInstanceIsUnavailableToo() {
        RestClient nobody = client(Map.of()).forService("notifications");
        assertThatThrownBy(() -> nobody.get().uri("/x").retrieve().body(String.class))
            .isInstanceOfSatisfying(DependencyUnavailable.class, ex -> assertThat(ex.reason()).isEqualTo(Reason.NO_INSTANCE));
    }

    private Fake fake(int status) throws IOException {
        return fake(status, null);
    }

    /** An instance answering {@code status} with "ok", after {@code hold} opens when there is one. */
    private Fake fake(int status, CountDownLatch hold) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        AtomicInteger requests = new AtomicInteger();
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            if (hold != null) {
                try {
                    hold.await(10, TimeUnit.SECONDS);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = "ok".getBytes();
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Fake fake = new Fake(server, requests);
        this.fakes.add(fake);
        return fake;
    }

    /** Clients whose every service has the given instances, with resilience settings {@code properties}. */
    private static ServiceRestClients client(Map<String, String> properties, Fake... instances) {
        return client(properties, null, instances);
    }

    private static ServiceRestClients client(Map<String, String> properties, SimpleMeterRegistry meters, Fake... instances) {
        Map<String, String> settings = new HashMap<>(properties);
        settings.putIfAbsent("emporium.resilience.backoff-base", "5ms");
        ServiceResilience resilience = new ServiceResilience(new Binder(new MapConfigurationPropertySource(settings)),
                new RoundRobin(List.of(instances)), meters);
        DeferringLoadBalancerInterceptor unused = new DeferringLoadBalancerInterceptor(
                new StaticListableBeanFactory().getBeanProvider(BlockingLoadBalancerInterceptor.class));
        return new ServiceRestClients(RestClient.builder(), unused, resilience);
    }

    record Fake(HttpServer server, AtomicInteger requests) {

        URI uri() {
            return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
        }
    }

    /** Spring Cloud LoadBalancer's default choice, round robin, over a fixed list of instances. */
    static final class RoundRobin implements LoadBalancerClient {

        private final List<Fake> instances;

        private final AtomicInteger next = new AtomicInteger();

        RoundRobin(List<Fake> instances) {
            this.instances = instances;
        }

        @Override
        public ServiceInstance choose(String serviceId) {
            if (this.instances.isEmpty()) {
                return null;
            }
            Fake fake = this.instances.get(Math.floorMod(this.next.getAndIncrement(), this.instances.size()));
            return new DefaultServiceInstance(serviceId + "-" + fake.uri().getPort(), serviceId, "127.0.0.1",
                    fake.uri().getPort(), false);
        }

        @Override
        public <T> ServiceInstance choose(String serviceId, Request<T> request) {
            return choose(serviceId);
        }

        @Override
        public <T> T execute(String serviceId, LoadBalancerRequest<T> request) {
            throw new UnsupportedOperationException("ServiceResilience only chooses");
        }

        @Override
        public <T> T execute(String serviceId, ServiceInstance serviceInstance, LoadBalancerRequest<T> request) {
            throw new UnsupportedOperationException("ServiceResilience only chooses");
        }

        @Override
        public URI reconstructURI(ServiceInstance instance, URI original) {
            return LoadBalancerUriTools.reconstructURI(instance, original);
        }
    }
}
