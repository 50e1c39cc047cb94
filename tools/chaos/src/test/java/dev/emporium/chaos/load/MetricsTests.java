package dev.emporium.chaos.load;

import java.util.List;
import java.util.Map;

import dev.emporium.chaos.control.Metrics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsTests {

    static final String EXPOSITION = """
            # HELP resilience4j_circuitbreaker_state The states of the circuit breaker
            # TYPE resilience4j_circuitbreaker_state gauge
            resilience4j_circuitbreaker_state{instance="gateway-1",name="cart",service="gateway",state="closed"} 0.0
            resilience4j_circuitbreaker_state{instance="gateway-1",name="cart",service="gateway",state="open"} 1.0
            resilience4j_circuitbreaker_state{instance="gateway-1",name="catalog",service="gateway",state="closed"} 1.0
            resilience4j_circuitbreaker_state{instance="gateway-1",name="catalog",service="gateway",state="open"} 0.0
            # TYPE jvm_threads_live_threads gauge
            jvm_threads_live_threads{instance="gateway-1",service="gateway"} 41.0
            process_uptime_seconds 12.5
            """;

    @Test
    void readsSamplesWithTheirLabels() {
        List<Metrics.Sample> samples = Metrics.parse(EXPOSITION);
        assertThat(samples).hasSize(6);
        assertThat(Metrics.value(samples, "jvm_threads_live_threads", Map.of())).hasValue(41.0);
        assertThat(Metrics.value(samples, "resilience4j_circuitbreaker_state", Map.of("name", "catalog", "state", "closed")))
            .hasValue(1.0);
        assertThat(Metrics.value(samples, "process_uptime_seconds", Map.of())).hasValue(12.5);
        assertThat(Metrics.value(samples, "no_such_metric", Map.of())).isEmpty();
    }

    @Test
    void findsTheOpenBreakers() {
        assertThat(Metrics.openBreakers(Metrics.parse(EXPOSITION))).containsExactly("cart");
        assertThat(Metrics.openBreakers(Metrics.parse(EXPOSITION.replace("state=\"open\"} 1.0", "state=\"open\"} 0.0"))))
            .isEmpty();
    }
}
