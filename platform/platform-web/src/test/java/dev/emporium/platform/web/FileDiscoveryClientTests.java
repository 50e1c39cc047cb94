package dev.emporium.platform.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.cloud.client.ServiceInstance;

import static org.assertj.core.api.Assertions.assertThat;

/** The discovery file as the supervisor writes it: read at once, read again after it changes, kept when broken. */
class FileDiscoveryClientTests {

    @TempDir
    Path directory;

    private final MovableClock clock = new MovableClock();

    @Test
    void readsEveryServicesInstances() throws IOException {
        Path file = write("{\"catalog\":[\"http://127.0.0.1:9130\",\"http://127.0.0.1:9131\"],\"cart\":[\"http://127.0.0.1:9140\"]}");
        FileDiscoveryClient client = new FileDiscoveryClient(file, this.clock);

        assertThat(client.getServices()).containsExactlyInAnyOrder("catalog", "cart");
        assertThat(addresses(client.getInstances("catalog"))).containsExactly("127.0.0.1:9130", "127.0.0.1:9131");
        assertThat(client.getInstances("catalog").getFirst().getServiceId()).isEqualTo("catalog");
        assertThat(client.getInstances("orders")).isEmpty();
    }

    @Test
    void seesAChangedFileOnceASecondHasPassed() throws IOException {
        Path file = write("{\"catalog\":[\"http://127.0.0.1:9130\"]}");
        FileDiscoveryClient client = new FileDiscoveryClient(file, this.clock);

        write("{\"catalog\":[\"http://127.0.0.1:9130\",\"http://127.0.0.1:9131\",\"http://127.0.0.1:9132\"]}");
        this.clock.advance(Duration.ofMillis(200));
        assertThat(addresses(client.getInstances("catalog"))).as("not looked at again yet").containsExactly("127.0.0.1:9130");

        this.clock.advance(Duration.ofSeconds(1));
        assertThat(addresses(client.getInstances("catalog"))).containsExactly("127.0.0.1:9130", "127.0.0.1:9131",
                "127.0.0.1:9132");

        write("{\"catalog\":[\"http://127.0.0.1:9250\"]}");
        this.clock.advance(Duration.ofSeconds(1));
        assertThat(addresses(client.getInstances("catalog"))).containsExactly("127.0.0.1:9250");
    }

    @Test
    void keepsTheLastGoodListWhenTheFileIsBroken() throws IOException {
        Path file = write("{\"catalog\":[\"http://127.0.0.1:9130\"]}");
        FileDiscoveryClient client = new FileDiscoveryClient(file, this.clock);

        write("{\"catalog\":[\"http://127.0.0.1:91");
        this.clock.advance(Duration.ofSeconds(2));
        assertThat(addresses(client.getInstances("catalog"))).containsExactly("127.0.0.1:9130");

        write("{\"catalog\":[\"not a url\"]}");
        this.clock.advance(Duration.ofSeconds(2));
        assertThat(addresses(client.getInstances("catalog"))).containsExactly("127.0.0.1:9130");
    }

    @Test
    void anAbsentFileIsNoInstancesUntilItAppears() throws IOException {
        FileDiscoveryClient client = new FileDiscoveryClient(this.directory.resolve("instances.json"), this.clock);
        assertThat(client.getServices()).isEmpty();

        write("{\"media\":[\"http://127.0.0.1:9170\"]}");
        this.clock.advance(Duration.ofSeconds(1));
        assertThat(addresses(client.getInstances("media"))).containsExactly("127.0.0.1:9170");
    }

    @Test
    void theReactiveClientReadsTheSameFile() throws IOException {
        Path file = write("{\"catalog\":[\"http://127.0.0.1:9130\"]}");
        FileDiscoveryReactiveClient reactive = new FileDiscoveryReactiveClient(new FileDiscoveryClient(file, this.clock));

        assertThat(addresses(reactive.getInstances("catalog").collectList().block())).containsExactly("127.0.0.1:9130");
    }

    /** As the supervisor does: a new file renamed over the old one. */
    private Path write(String json) throws IOException {
        Path file = this.directory.resolve("instances.json");
        Path next = Files.writeString(this.directory.resolve("instances.json.next"), json);
        return Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<String> addresses(List<ServiceInstance> instances) {
        return instances.stream().map(instance -> instance.getHost() + ":" + instance.getPort()).toList();
    }

    private static final class MovableClock extends Clock {

        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            this.now = this.now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return this.now;
        }
    }
}
