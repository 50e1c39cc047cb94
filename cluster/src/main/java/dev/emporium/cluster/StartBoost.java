package dev.emporium.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a starting service JVM more CPU than the instances already serving, until it is ready, as systemd's
 * {@code StartupCPUWeight} does for units that start. On two cores shared by some thirty processes under load, a
 * restarted instance at the same priority as the rest gets a thirtieth of the machine and took 40-75 s to be ready;
 * a killed instance must serve again within 10 s. The JVM starts under {@code nice -n -10} (about nine times the CPU
 * weight of nice 0), and once healthy every one of its threads goes back to nice 0.
 *
 * <p>Lowering niceness needs root (or CAP_SYS_NICE); without it {@code nice} warns and runs the JVM at the usual
 * priority, so the boost is simply absent. Switched off with {@code -Demporium.cluster.start-boost=false}.
 */
final class StartBoost {

    private static final Logger log = LoggerFactory.getLogger(StartBoost.class);

    static final int STARTING_NICENESS = -10;

    private static final boolean enabled = !"false".equals(System.getProperty("emporium.cluster.start-boost"))
            && Files.isExecutable(Path.of("/usr/bin/nice")) && Files.isExecutable(Path.of("/usr/bin/renice"));

    private StartBoost() {
    }

    /** {@code command} run at the starting priority. */
    static List<String> boosted(List<String> command) {
        if (!enabled) {
            return command;
        }
        List<String> boosted = new ArrayList<>(List.of("/usr/bin/nice", "-n", Integer.toString(STARTING_NICENESS)));
        boosted.addAll(command);
        return boosted;
    }

    /**
     * Puts every thread of process {@code pid} back to nice 0. Niceness is per thread on Linux and a new thread
     * inherits its creator's, so this goes over the threads twice, for those created while the first pass ran.
     */
    static void settle(long pid) {
        if (!enabled) {
            return;
        }
        for (int pass = 0; pass < 2; pass++) {
            List<String> command = new ArrayList<>(List.of("/usr/bin/renice", "-n", "0", "-p"));
            try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                tasks.map(task -> task.getFileName().toString()).forEach(command::add);
            }
            catch (IOException ex) {
                return; // it has gone
            }
            try {
                Process renice = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
                if (!renice.waitFor(5, TimeUnit.SECONDS)) {
                    renice.destroyForcibly();
                }
            }
            catch (IOException ex) {
                log.warn("Could not put process {} back to nice 0: {}", pid, ex.toString());
                return;
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
