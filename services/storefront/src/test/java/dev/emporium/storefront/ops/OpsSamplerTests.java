package dev.emporium.storefront.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.emporium.storefront.ops.ActuatorClient.Health;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The sampler works only while someone watches, on a clock the test moves; its one instance answers nothing. */
class OpsSamplerTests {

    final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));

    final OpsProperties settings = new OpsProperties(Map.of("orders", List.of(URI.create("http://127.0.0.1:" + closedPort()))),
            Duration.ofMillis(20), Duration.ofMinutes(5), Duration.ofMinutes(3), Duration.ofSeconds(1));

    final OpsSampler sampler = new OpsSampler(new ActuatorClient(this.settings, JsonMapper.builder().build()),
            this.settings, this.clock);

    @AfterEach
    void stop() {
        this.sampler.destroy();
    }

    @Test
    void anIdleStorefrontSamplesNothingAndAWatchedOneSamplesUntilNobodyLooks() {
        assertThat(this.sampler.isRunning()).isFalse();
        assertThat(this.sampler.ticks()).isEmpty();

        // A look: sampled at once (the instance answers nothing: unreachable, never an error), then in the background.
        Snapshot first = this.sampler.watched();
        assertThat(first.instances()).singleElement().satisfies(status -> {
            assertThat(status.health().status()).isEqualTo(Health.UNREACHABLE);
            assertThat(status.scrape().metrics()).isNull();
        });
        assertThat(this.sampler.isRunning()).isTrue();
        this.clock.advance(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).until(() -> this.sampler.ticks().size() >= 2);
        // Within the interval a look reuses the last sample.
        assertThat(this.sampler.watched()).isSameAs(this.sampler.watched());

        // Nobody has looked for longer than idle-after: the sampler stops and samples no more.
        this.clock.advance(Duration.ofMinutes(3).plusSeconds(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> !this.sampler.isRunning());
        int ticks = this.sampler.ticks().size();
        this.clock.advance(Duration.ofSeconds(5));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> this.sampler.ticks().size() == ticks);

        // Another look starts it again, with a fresh sample.
        Snapshot again = this.sampler.watched();
        assertThat(again.at()).isEqualTo(this.clock.instant());
        assertThat(this.sampler.isRunning()).isTrue();
        assertThat(this.sampler.ticks()).hasSize(ticks + 1);
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** A clock that stands still until the test moves it. */
    static final class MovableClock extends Clock {

        private final AtomicReference<Instant> now;

        MovableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void advance(Duration duration) {
            this.now.updateAndGet(instant -> instant.plus(duration));
        }

        @Override
        public Instant instant() {
            return this.now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
