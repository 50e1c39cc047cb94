package dev.emporium.chaos.load;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.emporium.embedded.EmbeddedPlatform;
import dev.emporium.testsupport.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The driver against the real platform (embedded mode, through its gateway): the shop sets itself up (catalog,
 * customers), an open-model load delivers its arrivals at the rate and in the mix, every operation succeeds on a
 * healthy platform, and the orders it places complete.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoadIntegrationTests {

    EmbeddedPlatform platform;

    @BeforeAll
    void start() throws Exception {
        Path data = Files.createTempDirectory("emporium-chaos-driver");
        this.platform = EmbeddedPlatform.start(new EmbeddedPlatform.Settings(data,
                FreePorts.range(EmbeddedPlatform.SERVICE_COUNT), List.of()));
    }

    @AfterAll
    void stop() {
        if (this.platform != null) {
            this.platform.close();
        }
    }

    @Test
    void deliversTheMixAtTheRateAndEveryOperationSucceeds() {
        Shop.Settings settings = new Shop.Settings(Duration.ofSeconds(2), Duration.ofSeconds(10), 8, Duration.ofSeconds(20));
        try (Shop shop = Shop.open(this.platform.gatewayUrl(), settings, new PrintStream(PrintStream.nullOutputStream()))) {
            assertThat(shop.customers()).hasSize(8).allSatisfy(customer -> {
                assertThat(customer.token()).isNotBlank();
                assertThat(customer.client()).startsWith("198.18.0.");
            });
            Load load = Load.start(shop, 10);
            await().pollDelay(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(7)).until(() -> true);
            load.stop(Duration.ofSeconds(60));
            assertThat(load.inFlight()).isZero();
            Timeline timeline = load.timeline();
            Window first6 = timeline.window(0, 6);

            // Open model: 10 arrivals in each second, whatever the answers' speed; the mix exact every 20.
            assertThat(first6.attempted()).isEqualTo(60);
            assertThat(first6.attempted(RouteClass.BROWSE)).isEqualTo(42);
            assertThat(first6.attempted(RouteClass.SEARCH)).isEqualTo(6);
            assertThat(first6.attempted(RouteClass.CART)).isEqualTo(9);
            assertThat(first6.attempted(RouteClass.CHECKOUT)).isEqualTo(3);
            assertThat(timeline.perSecond(0, 6)).allSatisfy(second -> assertThat(second.attempted()).isEqualTo(10));
            assertThat(first6.failed()).as("outcomes %s, first failures %s", outcomes(first6), timeline.failures()).isZero();
            assertThat(first6.arrivalRate()).isCloseTo(10, within(0.01));
            assertThat(first6.percentileMillis(99)).isPositive().isLessThan(10_000);

            // The checkouts placed real orders, which the saga completes.
            List<AcceptedOrder> orders = load.acceptedOrders();
            assertThat(orders).hasSizeGreaterThanOrEqualTo(3);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(orders)
                .allSatisfy(order -> assertThat(shop.orderStatus(order)).isIn("CONFIRMED", "CANCELLED")));
        }
    }

    static String outcomes(Window window) {
        StringBuilder text = new StringBuilder();
        for (RouteClass routeClass : RouteClass.values()) {
            for (Outcome outcome : Outcome.values()) {
                long count = window.count(outcome, routeClass);
                if (count > 0) {
                    text.append(routeClass.label()).append(' ').append(outcome.label()).append(": ").append(count).append("; ");
                }
            }
        }
        return text.toString();
    }
}
