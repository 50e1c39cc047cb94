package dev.emporium.chaos.suite;

import java.io.IOException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * Cluster mode in CI, on one whole cluster (starting one takes three minutes on two cores): cluster mode's own
 * behaviour ({@link ClusterModeChecks}), then closing it leaves nothing running.
 *
 * <p>The seven chaos scenarios are not run here: on this 2-core machine the whole cluster (31 processes) serves
 * about 3 arrivals/s of the shop's mix before its p99 passes 250 ms, and a killed service JVM takes 10-40 s to start,
 * so their criteria fail before any fault (docs/chaos.md has the figures). {@code ./emporium chaos SCENARIO} runs
 * them against a running cluster, and {@code CriteriaTests} checks each criterion both ways.
 */
class ClusterSuiteTests {

    @BeforeAll
    static void startCluster() throws IOException {
        RunningCluster.start();
    }

    @AfterAll
    static void closeLeavesNothingRunning() {
        RunningCluster.closeLeavingNothingRunning();
    }

    @Nested
    class ClusterMode extends ClusterModeChecks {
    }
}
