package dev.emporium.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StartBoostTests {

    /** Root may lower niceness (CI and this machine run as root); anyone else runs at the usual priority. */
    static final int EXPECTED_WHILE_STARTING = "root".equals(System.getProperty("user.name")) ? StartBoost.STARTING_NICENESS : 0;

    @Test
    void aStartingProcessRunsAtTheBoostedPriorityAndSettlesBackToNormalOnceReady() throws Exception {
        Process child = new ProcessBuilder(StartBoost.boosted(List.of("sleep", "30"))).start();
        try {
            // nice sets the priority, then becomes the command: the child is seen here a moment before that.
            Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(niceness(child.pid())).isEqualTo(EXPECTED_WHILE_STARTING);
                assertThat(Files.readString(Path.of("/proc", Long.toString(child.pid()), "comm")).strip()).isEqualTo("sleep");
            });
            StartBoost.settle(child.pid());
            assertThat(niceness(child.pid())).isZero();
        }
        finally {
            child.destroyForcibly().waitFor();
        }
    }

    /** Field 19 of /proc/PID/stat; the name in field 2 ("(sleep)") has no spaces here. */
    static int niceness(long pid) throws Exception {
        String[] fields = Files.readString(Path.of("/proc", Long.toString(pid), "stat")).split(" ");
        return Integer.parseInt(fields[18]);
    }
}
