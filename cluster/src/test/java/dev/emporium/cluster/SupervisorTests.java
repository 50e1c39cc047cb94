package dev.emporium.cluster;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The supervisor over tiny real child processes ({@code sleep}, a shell that exits at once). */
class SupervisorTests {

    private final AtomicInteger membershipChanges = new AtomicInteger();

    private final Supervisor supervisor = new Supervisor(Clock.systemUTC(),
            new RestartPolicy(Duration.ofSeconds(30), 2, Duration.ofMillis(200), Duration.ofMillis(800)),
            Duration.ofSeconds(30), this.membershipChanges::incrementAndGet);

    private final List<Child> children = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopEverything() {
        this.supervisor.stopAll(this.supervisor.statuses().stream().map(Supervisor.Status::name).toList());
        this.supervisor.close();
        this.children.forEach(Child::kill);
    }

    @Test
    void aKilledProcessIsRestartedAtOnce() throws InterruptedException {
        Child sleeper = child("sleeper", "sleep", "300");
        this.supervisor.launch(sleeper, "demo");
        this.supervisor.awaitUp(List.of("sleeper"), Duration.ofSeconds(10));
        long firstPid = sleeper.pid().orElseThrow();
        Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> this.membershipChanges.get() > 0);

        long killed = System.nanoTime();
        this.supervisor.kill("sleeper");

        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
            Supervisor.Status status = this.supervisor.status("sleeper").orElseThrow();
            return status.state() == Supervisor.State.UP && status.restarts() == 1;
        });
        assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(2));
        assertThat(sleeper.pid().orElseThrow()).isNotEqualTo(firstPid);
        assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(sleeper.starts.get()).isEqualTo(2);
    }

    @Test
    void aStoppedProcessStaysDownUntilStarted() throws InterruptedException {
        Child sleeper = child("sleeper", "sleep", "300");
        this.supervisor.launch(sleeper, "demo");
        this.supervisor.awaitUp(List.of("sleeper"), Duration.ofSeconds(10));
        long pid = sleeper.pid().orElseThrow();

        this.supervisor.stop("sleeper");

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> {
            Supervisor.Status status = this.supervisor.status("sleeper").orElseThrow();
            return status.state() == Supervisor.State.STOPPED && status.pid() == null;
        });
        assertThat(sleeper.starts.get()).isEqualTo(1);

        this.supervisor.start("sleeper");
        this.supervisor.awaitUp(List.of("sleeper"), Duration.ofSeconds(10));
        assertThat(sleeper.starts.get()).isEqualTo(2);
        assertThat(this.supervisor.status("sleeper").orElseThrow().restarts()).isZero();
    }

    @Test
    void aCrashLoopIsRestartedLessAndLessOften() {
        Child crasher = child("crasher", "sh", "-c", "exit 3");
        this.supervisor.launch(crasher, "demo");

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> crasher.startTimes.size() >= 6);
        List<Long> times = List.copyOf(crasher.startTimes);
        // Two free restarts, then 200, 400, 800, 800 ms (the cap) between starts.
        assertThat(gapMillis(times, 1)).isLessThan(150);
        assertThat(gapMillis(times, 2)).isLessThan(150);
        assertThat(gapMillis(times, 3)).isBetween(190L, 600L);
        assertThat(gapMillis(times, 4)).isBetween(390L, 900L);
        assertThat(gapMillis(times, 5)).isBetween(790L, 1400L);
        Supervisor.Status status = this.supervisor.status("crasher").orElseThrow();
        assertThat(status.state()).isIn(Supervisor.State.DOWN, Supervisor.State.STARTING);
        assertThat(status.restarts()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void aRemovedProcessIsStoppedAndForgotten() throws InterruptedException {
        Child sleeper = child("sleeper", "sleep", "300");
        this.supervisor.launch(sleeper, "demo");
        this.supervisor.awaitUp(List.of("sleeper"), Duration.ofSeconds(10));
        long pid = sleeper.pid().orElseThrow();

        this.supervisor.remove("sleeper");

        assertThat(this.supervisor.has("sleeper")).isFalse();
        assertThat(this.supervisor.serving()).isEmpty();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void aProcessThatFailsItsChecksLeavesTheReadyOnesAliveAndComesBackWhenItPasses() throws InterruptedException {
        Child sleeper = child("sleeper", "sleep", "300");
        this.supervisor.launch(sleeper, "demo");
        this.supervisor.awaitUp(List.of("sleeper"), Duration.ofSeconds(10));
        Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> this.membershipChanges.get() > 0);
        int joined = this.membershipChanges.get();
        long pid = sleeper.pid().orElseThrow();

        sleeper.failingChecks = true;

        Awaitility.await()
            .atMost(Duration.ofSeconds(8))
            .until(() -> this.supervisor.status("sleeper").orElseThrow().state() == Supervisor.State.DOWN);
        Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> this.membershipChanges.get() > joined);
        assertThat(this.supervisor.ready()).isEmpty();
        assertThat(this.supervisor.serving()).as("alive: still listed, not restarted").containsExactly(sleeper);
        assertThat(sleeper.pid()).hasValue(pid);
        int wentDown = this.membershipChanges.get();

        sleeper.failingChecks = false;

        Awaitility.await().atMost(Duration.ofSeconds(4)).until(() -> this.supervisor.ready().contains(sleeper));
        Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> this.membershipChanges.get() > wentDown);
        assertThat(sleeper.starts.get()).isEqualTo(1);
    }

    private static long gapMillis(List<Long> startNanos, int index) {
        return Duration.ofNanos(startNanos.get(index) - startNanos.get(index - 1)).toMillis();
    }

    private Child child(String name, String... command) {
        Child child = new Child(name, List.of(command));
        this.children.add(child);
        return child;
    }

    /** A real child process, healthy while it runs and not {@code failingChecks}. */
    static final class Child implements Supervised {

        final String name;

        final List<String> command;

        final AtomicInteger starts = new AtomicInteger();

        final List<Long> startTimes = new CopyOnWriteArrayList<>();

        volatile Process process;

        volatile boolean failingChecks;

        Child(String name, List<String> command) {
            this.name = name;
            this.command = command;
        }

        @Override
        public String name() {
            return this.name;
        }

        @Override
        public String kind() {
            return "test";
        }

        @Override
        public int port() {
            return 0;
        }

        @Override
        public void start() throws IOException {
            this.startTimes.add(System.nanoTime());
            this.starts.incrementAndGet();
            this.process = new ProcessBuilder(this.command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        }

        @Override
        public OptionalLong pid() {
            Process running = this.process;
            return running != null && running.isAlive() ? OptionalLong.of(running.pid()) : OptionalLong.empty();
        }

        @Override
        public boolean healthy() {
            Process running = this.process;
            return running != null && running.isAlive() && !this.failingChecks;
        }

        @Override
        public void kill() {
            Process running = this.process;
            if (running != null) {
                running.destroyForcibly();
            }
        }

        @Override
        public void stop() {
            Process running = this.process;
            if (running != null) {
                running.destroy();
                try {
                    running.waitFor();
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
