package dev.emporium.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.emporium.embedded.EmbeddedService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static dev.emporium.deploy.Objects.map;
import static dev.emporium.deploy.Objects.string;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/compose validates with Debian's docker-compose ({@code config} needs no Docker engine) and runs what
 * cluster mode runs: two instances of every service, PostgreSQL main, s0 and s1 with a streaming replica each,
 * Redis, RabbitMQ and the nginx edge.
 */
class ComposeTests {

    @Test
    @SuppressWarnings("unchecked")
    void theComposeFileValidatesAndNamesEveryServiceClusterModeRuns(@TempDir Path scratch) throws IOException {
        Path compose = Repository.ROOT.resolve("deploy/compose");
        Path environment = scratch.resolve("compose.env");
        Files.copy(compose.resolve(".env.example"), environment);
        Path key = compose.resolve("secrets/jwt-signing-key.json");
        boolean madeKey = !Files.exists(key);
        if (madeKey) {
            Files.copy(compose.resolve("secrets/jwt-signing-key.json.example"), key);
        }
        String config;
        try {
            config = Processes.run(scratch, List.of("docker-compose", "-f", compose.resolve("docker-compose.yml").toString(),
                    "--env-file", environment.toString(), "config"));
        }
        finally {
            if (madeKey) {
                Files.delete(key);
            }
        }
        Map<String, Object> services = map(new Yaml().<Map<String, Object>>load(config), "services");
        for (EmbeddedService service : EmbeddedService.ALL) {
            for (int instance = 1; instance <= 2; instance++) {
                String name = service.name() + "-" + instance;
                assertThat(services).as(name).containsKey(name);
                assertThat(string(services.get(name), "image")).as(name)
                    .isEqualTo("emporium/" + service.name() + ":0.1.0-SNAPSHOT");
                assertThat(services.get(name)).as(name).extracting(s -> ((Map<String, Object>) s).get("read_only")).isEqualTo(true);
            }
        }
        assertThat(services).containsKeys("pg-main", "pg-main-replica", "pg-s0", "pg-s0-replica", "pg-s1",
                "pg-s1-replica", "redis", "rabbitmq", "edge");
        assertThat(services).hasSize(EmbeddedService.ALL.size() * 2 + 9);
        // The replicas stream from their primaries, and the services are told both for failover.
        for (String primary : Set.of("pg-main", "pg-s0", "pg-s1")) {
            assertThat(string(services.get(primary + "-replica"), "environment.EMPORIUM_PRIMARY")).isEqualTo(primary);
        }
        String settings = string(services.get("orders-1"), "environment.SPRING_APPLICATION_JSON");
        assertThat(settings).contains("pg-s0:5432,pg-s0-replica:5432", "pg-s1:5432,pg-s1-replica:5432", "rabbitmq:5672",
                "redis://redis:6379", "http://payment-provider-2:8080");
        assertThat(config).doesNotContain(":latest");
    }
}
