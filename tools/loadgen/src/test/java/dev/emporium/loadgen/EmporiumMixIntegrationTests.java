package dev.emporium.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.emporium.embedded.EmbeddedPlatform;
import dev.emporium.testsupport.ChildProcess;
import dev.emporium.testsupport.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulation end to end, along the path {@code ./emporium load} takes: Gatling in a JVM of its own (as its Maven
 * plugin forks one, which also keeps Gatling's Netty and Scala apart from the platform's) runs {@link EmporiumMix} in
 * strict mode for a few seconds at a low rate against an embedded platform this test starts on free ports. Gatling
 * then checks its own statistics: no failed request, and every journey of the mix run without failure; its exit
 * status and its report of each assertion say whether they held.
 */
class EmporiumMixIntegrationTests {

    @Test
    void everyJourneyRunsAgainstTheEmbeddedPlatformWithoutAFailedRequest(@TempDir Path temporary) throws IOException {
        Path results = Files.createDirectories(Path.of("target", "gatling-it"));
        Path log = temporary.resolve("gatling.log");
        int gatewayPort = FreePorts.range(EmbeddedPlatform.SERVICE_COUNT);
        int exitValue;
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(
                new EmbeddedPlatform.Settings(temporary.resolve("platform"), gatewayPort, List.of()))) {
            Process gatling = new ProcessBuilder(gatlingCommand(platform.gatewayUrl(), results))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
            try (ChildProcess running = ChildProcess.terminatedBySignal(gatling, Files.createDirectories(temporary.resolve("gatling")))) {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> !gatling.isAlive());
                exitValue = gatling.exitValue();
            }
        }
        String output = Files.readString(log);
        assertThat(exitValue).as(output).isZero();
        assertThat(output).as("Gatling's output").contains("Global: count of failed events is 0.0 : true");
        for (String journey : Journeys.MIX.keySet()) {
            assertThat(output).as("Gatling's output").contains(journey + ": count of all events is greater than 0.0 : true",
                    journey + ": count of failed events is 0.0 : true");
        }
        assertThat(output).as("Gatling's output").contains("Reports generated");
    }

    /** {@code java -cp <this test's classpath> io.gatling.app.Gatling}: 5 users/s for 6 s after a 2 s ramp, strict, 6 customers. */
    private static List<String> gatlingCommand(String url, Path results) {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                // What Gatling's build plugins pass too: its stats writer reaches into String's internals.
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED",
                "-D" + LoadSettings.PREFIX + "url=" + url,
                "-D" + LoadSettings.PREFIX + "rate=5",
                "-D" + LoadSettings.PREFIX + "duration=6s",
                "-D" + LoadSettings.PREFIX + "ramp=2s",
                "-D" + LoadSettings.PREFIX + "customers=6",
                "-D" + LoadSettings.PREFIX + "think=100ms",
                "-D" + LoadSettings.PREFIX + "strict=true",
                "-cp", classpath,
                "io.gatling.app.Gatling",
                "--simulation", EmporiumMix.class.getName(),
                "--results-folder", results.toAbsolutePath().toString(),
                "--run-description", EmporiumMixIntegrationTests.class.getSimpleName());
    }
}
