package dev.emporium.provider.charge;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code emporium.provider.*}: how the simulator misbehaves.
 *
 * @param latency added to every request
 * @param failureRate the share of requests (0 to 1) answered 503 before anything is done
 * @param slowLatency how long {@code tok_slow} takes to approve
 */
@ConfigurationProperties("emporium.provider")
record ProviderProperties(@DefaultValue("0ms") Duration latency, @DefaultValue("0") double failureRate,
        @DefaultValue("3s") Duration slowLatency) {
}
