package dev.emporium.chaos.suite;

import java.io.IOException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestClassOrder;

/**
 * Cluster mode in CI, on one whole cluster (starting one takes three minutes on two cores): cluster mode's own
 * behaviour ({@link ClusterModeChecks}), then the chaos scenarios under load with their pass criteria
 * ({@link ChaosScenarios}), then closing it leaves nothing running.
 */
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
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
    @Order(1)
    class ClusterMode extends ClusterModeChecks {
    }

    @Nested
    @Order(2)
    class ChaosUnderLoad extends ChaosScenarios {
    }
}
