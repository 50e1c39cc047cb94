package dev.emporium.chaos.suite;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import dev.emporium.chaos.control.ControlApi;
import dev.emporium.chaos.load.Shop;
import dev.emporium.chaos.report.ReportWriter;
import dev.emporium.chaos.scenario.Chaos;
import dev.emporium.chaos.scenario.RunSettings;
import dev.emporium.chaos.scenario.Scenario;
import dev.emporium.chaos.scenario.ScenarioResult;
import dev.emporium.chaos.scenario.Scenarios;
import dev.emporium.cluster.Cluster;
import dev.emporium.cluster.ClusterSettings;
import dev.emporium.testsupport.ChildProcess;
import dev.emporium.testsupport.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chaos suite in CI: ONE cluster (two instances of every service, its own ports and var directory), every
 * scenario in turn against it, each asserting its pass criterion and leaving its report under target/chaos. Sized
 * for a 2-core machine: a modest rate and short quiet phases; the outages keep the 30 s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosSuiteTests {

    static final Path REPORTS = Path.of("target", "chaos");

    static final RunSettings SETTINGS = new RunSettings(15, Duration.ofSeconds(5), RunSettings.OUTAGE);

    Cluster cluster;

    ControlApi control;

    Chaos chaos;

    @BeforeAll
    void startCluster() throws Exception {
        // Under target/, not a temporary directory: PostgreSQL and RabbitMQ run as their own users and must reach it
        // (a temporary directory is the test user's alone). Each run starts from an empty data tier.
        Path var = Path.of("target", "chaos-suite-var").toAbsolutePath();
        ChildProcess.deleteDirectory(var);
        this.cluster = Cluster.start(new ClusterSettings(var, FreePorts.range(1), FreePorts.range(300), Map.of()));
        this.control = new ControlApi(this.cluster.controlUrl());
        Shop.Settings shop = new Shop.Settings(Duration.ofSeconds(1), Duration.ofSeconds(3), 24, Duration.ofSeconds(10));
        this.chaos = new Chaos(this.control, this.cluster.edgeUrl(), SETTINGS, shop, new PrintStream(System.out, true));
    }

    @AfterAll
    void stopCluster() {
        try {
            if (this.control != null) {
                this.control.close();
            }
        }
        finally {
            if (this.cluster != null) {
                this.cluster.close();
            }
        }
    }

    void passes(String name) throws InterruptedException {
        Scenario scenario = Scenarios.named(name).orElseThrow();
        ScenarioResult result = scenario.run(this.chaos);
        Path report = ReportWriter.write(REPORTS, result);
        assertThat(result.passed())
            .as("%s failed (report %s): %s", name, report.toAbsolutePath(), result.verdict().checks().stream()
                .filter(check -> !check.passed())
                .map(check -> check.name() + " = " + check.measured() + " (limit " + check.limit() + ")")
                .collect(Collectors.joining("; ")))
            .isTrue();
    }

    @Test
    @Order(1)
    void killInstances() throws InterruptedException {
        passes("kill-instances");
    }

    @Test
    @Order(2)
    void killReplica() throws InterruptedException {
        passes("kill-replica");
    }

    @Test
    @Order(3)
    void redisDown() throws InterruptedException {
        passes("redis-down");
    }

    @Test
    @Order(4)
    void rabbitmqDown() throws InterruptedException {
        passes("rabbitmq-down");
    }

    @Test
    @Order(5)
    void slowService() throws InterruptedException {
        passes("slow-service");
    }

    @Test
    @Order(6)
    void overload() throws InterruptedException {
        passes("overload");
    }

    @Test
    @Order(7)
    void killGateway() throws InterruptedException {
        passes("kill-gateway");
    }
}
