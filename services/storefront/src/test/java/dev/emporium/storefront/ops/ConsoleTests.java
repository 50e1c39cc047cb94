package dev.emporium.storefront.ops;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.emporium.storefront.ops.ActuatorClient.Health;
import dev.emporium.storefront.ops.ActuatorClient.Scrape;
import dev.emporium.storefront.ops.Console.Breaker;
import dev.emporium.storefront.ops.Console.CacheRatio;
import dev.emporium.storefront.ops.Console.OutboxLag;
import dev.emporium.storefront.ops.Console.QueueDepth;
import dev.emporium.storefront.ops.Console.ServiceNode;
import dev.emporium.storefront.ops.Snapshot.InstanceStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

class ConsoleTests {

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void theTopologyTellsHealthyDegradedDownAndUnreachableServicesApart() {
        Console console = Console.of(new Snapshot(NOW, List.of(
                status("gateway", "http://localhost:8080", up(3), ""),
                status("catalog", "http://localhost:8083", up(12), ""),
                status("catalog", "http://localhost:9083", unreachable(), null),
                status("orders", "http://localhost:8085", new Health("DOWN", 40L, null), ""),
                status("media", "http://localhost:8087", unreachable(), null),
                status("media", "http://localhost:9087", unreachable(), null))));

        assertThat(console.topology()).extracting(ServiceNode::name).containsExactly("gateway", "catalog", "orders", "media");
        assertThat(console.topology()).extracting(ServiceNode::state).containsExactly("UP", "DEGRADED", "DOWN", "UNREACHABLE");
        assertThat(console.topology()).extracting(ServiceNode::tone).containsExactly("up", "warn", "down", "unreachable");
        assertThat(console.instancesUp()).isEqualTo(2);
        assertThat(console.servicesUp()).isEqualTo(1);
        assertThat(console.tone()).isEqualTo("warn");
        Console.InstanceView lost = console.topology().get(1).instances().get(1);
        assertThat(lost.address()).isEqualTo("localhost:9083");
        assertThat(lost.responseTime()).isEqualTo("–");
        assertThat(lost.problem()).isEqualTo("connection refused");
        assertThat(lost.tone()).isEqualTo("unreachable");
        assertThat(console.topology().get(1).instances().get(0).responseTime()).isEqualTo("12 ms");
    }

    @Test
    void cacheRatiosSumEveryInstanceOfAService() {
        Console console = Console.of(new Snapshot(NOW, List.of(
                status("catalog", "http://localhost:8083", up(1), """
                        emporium_cache_gets_total{cache="catalog.products",level="local",result="hit",service="catalog"} 60
                        emporium_cache_gets_total{cache="catalog.products",level="local",result="miss",service="catalog"} 40
                        emporium_cache_gets_total{cache="catalog.products",level="shared",result="hit",service="catalog"} 30
                        emporium_cache_gets_total{cache="catalog.products",level="shared",result="miss",service="catalog"} 10
                        emporium_cache_gets_total{cache="catalog.pages",level="local",result="hit",service="catalog"} 0
                        emporium_cache_gets_total{cache="catalog.pages",level="local",result="miss",service="catalog"} 0
                        """),
                status("catalog", "http://localhost:9083", up(1), """
                        emporium_cache_gets_total{cache="catalog.products",level="local",result="hit",service="catalog"} 20
                        emporium_cache_gets_total{cache="catalog.products",level="local",result="miss",service="catalog"} 80
                        emporium_cache_gets_total{cache="catalog.products",level="shared",result="hit",service="catalog"} 50
                        emporium_cache_gets_total{cache="catalog.products",level="shared",result="miss",service="catalog"} 30
                        """))));

        assertThat(console.caches()).extracting(CacheRatio::cache).containsExactly("catalog.pages", "catalog.products");
        CacheRatio pages = console.caches().get(0);
        assertThat(pages.hitRatio()).isNull();
        assertThat(pages.hitText()).isEqualTo("–");
        assertThat(pages.tone()).isEqualTo("unknown");
        CacheRatio products = console.caches().get(1);
        // 200 lookups: 80 answered locally, 80 by Redis of the 120 local misses, 40 loaded.
        assertThat(products.lookups()).isEqualTo(200);
        assertThat(products.hitRatio()).isCloseTo(0.8, within(1e-12));
        assertThat(products.localRatio()).isCloseTo(0.4, within(1e-12));
        assertThat(products.sharedRatio()).isCloseTo(80.0 / 120, within(1e-12));
        assertThat(products.hitText()).isEqualTo("80.0%");
        assertThat(products.sharedText()).isEqualTo("66.7%");
        assertThat(products.lookupsText()).isEqualTo("200");
        assertThat(products.tone()).isEqualTo("up");
        // Without a shared level (embedded mode): the ratio is the local level's, and the shared one is a dash.
        assertThat(new CacheRatio("identity", "identity.profiles", 30, 70, 0, 0).hitText()).isEqualTo("30.0%");
        assertThat(new CacheRatio("identity", "identity.profiles", 30, 70, 0, 0).sharedText()).isEqualTo("–");
        assertThat(new CacheRatio("identity", "identity.profiles", 30, 70, 0, 0).tone()).isEqualTo("down");
        // A few lookups say nothing yet: shown, but not judged.
        assertThat(new CacheRatio("catalog", "catalog.categories", 0, 1, 0, 0).hitText()).isEqualTo("0.0%");
        assertThat(new CacheRatio("catalog", "catalog.categories", 0, 1, 0, 0).tone()).isEqualTo("unknown");
    }

    @Test
    void breakersAreInTheStateMarkedOneWithTheirFailureRate() {
        Console console = Console.of(new Snapshot(NOW, List.of(
                status("catalog", "http://localhost:8083", up(1), """
                        resilience4j_circuitbreaker_state{name="redis",state="closed"} 0.0
                        resilience4j_circuitbreaker_state{name="redis",state="open"} 1.0
                        resilience4j_circuitbreaker_state{name="redis",state="half_open"} 0.0
                        resilience4j_circuitbreaker_failure_rate{name="redis"} 75.0
                        """),
                status("identity", "http://localhost:8082", up(1), """
                        resilience4j_circuitbreaker_state{name="redis",state="closed"} 1.0
                        resilience4j_circuitbreaker_state{name="redis",state="half_open"} 0.0
                        resilience4j_circuitbreaker_failure_rate{name="redis"} -1.0
                        """))));

        assertThat(console.breakers()).extracting(Breaker::service, Breaker::state, Breaker::label, Breaker::tone)
            .containsExactly(tuple("catalog", "open", "OPEN", "down"),
                    tuple("identity", "closed", "CLOSED", "up"));
        assertThat(console.breakers().get(0).failureRateText()).isEqualTo("75.0%");
        assertThat(console.breakers().get(1).failureRateText()).isEqualTo("–");
        assertThat(console.openBreakers()).isEqualTo(1);
        assertThat(new Breaker("x", "y", "z", "half_open", null).label()).isEqualTo("HALF OPEN");
    }

    @Test
    void queuesAndOutboxesTakeTheLargestValueOfTheInstancesSharingThem() {
        Console console = Console.of(new Snapshot(NOW, List.of(
                status("orders", "http://localhost:8085", up(1), """
                        emporium_messaging_queue_depth{queue="orders.saga"} 3
                        emporium_messaging_parked{queue="orders.saga"} 0
                        emporium_messaging_outbox_lag_seconds{store="orders-s0"} 0.4
                        emporium_messaging_outbox_lag_seconds{store="orders-s1"} 75
                        """),
                status("orders", "http://localhost:9085", up(1), """
                        emporium_messaging_queue_depth{queue="orders.saga"} 5
                        emporium_messaging_parked{queue="orders.saga"} 2
                        emporium_messaging_outbox_lag_seconds{store="orders-s0"} 6.25
                        """),
                status("inventory", "http://localhost:8086", up(1), """
                        emporium_messaging_parked{queue="inventory.commands"} 0
                        """))));

        assertThat(console.queues()).extracting(QueueDepth::queue, QueueDepth::depth, QueueDepth::parked).containsExactly(
                tuple("inventory.commands", null, 0.0),
                tuple("orders.saga", 5.0, 2.0));
        assertThat(console.queues().get(0).depthText()).isEqualTo("no data");
        assertThat(console.queues().get(1).tone()).isEqualTo("down");
        assertThat(console.parkedMessages()).isEqualTo(2);
        assertThat(console.outboxes()).extracting(OutboxLag::store, OutboxLag::seconds, OutboxLag::tone).containsExactly(
                tuple("orders-s0", 6.25, "warn"),
                tuple("orders-s1", 75.0, "down"));
        assertThat(console.outboxes().get(0).lagText()).isEqualTo("6.3 s");
        assertThat(console.maxOutboxLagText()).isEqualTo("75 s");
    }

    @Test
    void seriesNoInstanceReportsAreEmptyNotZero() {
        Console console = Console.of(new Snapshot(NOW, List.of(
                status("gateway", "http://localhost:8080", up(2), "process_uptime_seconds 10"),
                status("orders", "http://localhost:8085", unreachable(), null))));

        assertThat(console.breakers()).isEmpty();
        assertThat(console.caches()).isEmpty();
        assertThat(console.queues()).isEmpty();
        assertThat(console.outboxes()).isEmpty();
        assertThat(console.maxOutboxLag()).isNull();
        assertThat(console.maxOutboxLagText()).isEqualTo("no data");
        assertThat(console.outboxTone()).isEqualTo("unknown");
    }

    @Test
    void theShardMapPlacesEachRangeOnTheBar() {
        ShardMap map = new ShardMap(3, 4096, List.of(
                new ShardMap.Shard("s0", 1024, List.of("0-511", "2048-2559"), Map.of("identity",
                        new ShardMap.ServiceData("h2:s0", Map.of("users", 12_345L)))),
                new ShardMap.Shard("s1", 3072, List.of("512-2047", "2560-4095"), Map.of())), List.of());

        assertThat(map.segments()).extracting(ShardMap.Segment::shard, ShardMap.Segment::left, ShardMap.Segment::width)
            .containsExactly(tuple("s0", 0.0, 12.5),
                    tuple("s0", 50.0, 12.5),
                    tuple("s1", 12.5, 37.5),
                    tuple("s1", 62.5, 37.5));
        assertThat(map.services()).containsExactly("identity");
        assertThat(map.shards().get(0).rows("identity")).isEqualTo("users 12,345");
        assertThat(map.shards().get(1).rows("identity")).isEqualTo("–");
        assertThat(map.share(map.shards().get(1))).isEqualTo("75.0%");
    }

    static InstanceStatus status(String service, String url, Health health, String metrics) {
        Scrape scrape = metrics == null ? new Scrape(null, "connection refused") : new Scrape(Metrics.parse(metrics), null);
        return new InstanceStatus(new Instance(service, URI.create(url)), health, scrape);
    }

    static Health up(long millis) {
        return new Health("UP", millis, null);
    }

    static Health unreachable() {
        return new Health(Health.UNREACHABLE, null, "connection refused");
    }
}
