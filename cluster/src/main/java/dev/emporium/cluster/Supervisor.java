package dev.emporium.cluster;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps processes running. It learns of a death the moment it happens ({@link ProcessHandle#onExit()}, no polling)
 * and starts the process again at once; only a crash loop (a process that keeps dying within
 * {@link RestartPolicy#QUICK_DEATH} of its start) waits, longer each time. A process stopped on purpose stays down
 * until it is started again. Health is polled: a starting process is UP once healthy, an UP process that fails
 * {@link #UNHEALTHY_CHECKS} checks in a row is DOWN (it is alive, so nothing restarts it: the edge and the
 * services' balancers route around it), and one that never becomes healthy within its start timeout is killed,
 * which restarts it.
 *
 * <p>Whoever lists instances (discovery, Prometheus, the edge) is told through {@code membershipChanged} whenever a
 * process joins (first healthy since its start) or leaves (died, stopped, removed), and whenever one that serves goes
 * DOWN or comes back UP ({@link #ready}).
 */
final class Supervisor implements AutoCloseable {

    enum State { STARTING, UP, DOWN, STOPPED }

    /** What {@code GET /status} shows of one process. */
    record Status(String name, String kind, @Nullable String service, int port, @Nullable Long pid, State state,
            int restarts, Instant since, boolean serving) {
    }

    static final int UNHEALTHY_CHECKS = 3;

    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

    private static final Duration TICK = Duration.ofMillis(200);

    private static final Duration UP_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final Clock clock;

    private final RestartPolicy policy;

    private final Duration startTimeout;

    private final Runnable membershipChanged;

    private final Map<String, Slot> slots = new LinkedHashMap<>();

    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("supervisor-health").factory());

    /** Membership changes are told one at a time, in order, off the threads that noticed them. */
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("supervisor-membership").factory());

    /**
     * First starts at once: a JVM's start is CPU-bound, so eleven at once on two cores take longer in all than two at a
     * time (and a start that takes minutes hits its timeout). Restarts do not wait for a permit: a killed instance
     * must serve again within seconds, and crash loops are held back by the restart policy instead.
     */
    private final java.util.concurrent.Semaphore starting;

    private volatile boolean closed;

    Supervisor(Clock clock, RestartPolicy policy, Duration startTimeout, Runnable membershipChanged) {
        this.clock = clock;
        this.policy = policy;
        this.startTimeout = startTimeout;
        this.membershipChanged = membershipChanged;
        this.starting = new java.util.concurrent.Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()), true);
        this.ticker.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Takes {@code processes} under supervision and starts them (in parallel); see {@link #awaitUp}. */
    void launch(List<? extends Supervised> processes, @Nullable String service) {
        List<Slot> added = new ArrayList<>();
        synchronized (this) {
            for (Supervised process : processes) {
                if (this.slots.containsKey(process.name())) {
                    throw new IllegalArgumentException("already supervised: " + process.name());
                }
                Slot slot = new Slot(process, service, now());
                this.slots.put(process.name(), slot);
                added.add(slot);
            }
        }
        added.forEach(slot -> this.workers.execute(() -> begin(slot, true)));
    }

    void launch(Supervised process, @Nullable String service) {
        launch(List.of(process), service);
    }

    /** Waits until every one of {@code names} is UP; fails with the names that are not. */
    void awaitUp(List<String> names, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                List<String> waiting = names.stream().filter(name -> slot(name).state != State.UP).toList();
                if (waiting.isEmpty()) {
                    return;
                }
                long left = deadline - System.nanoTime();
                if (this.closed) {
                    throw new IllegalStateException("stopped while waiting for " + waiting);
                }
                if (left <= 0) {
                    // Its state and restarts tell a slow start from a crash loop (its log says why).
                    throw new IllegalStateException("not UP within " + timeout.toSeconds() + " s: " + waiting.stream()
                        .map(name -> name + " (" + slot(name).state + ", " + slot(name).restarts + " restarts)")
                        .toList());
                }
                wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 500)));
            }
        }
    }

    /** SIGKILL: the process dies and is restarted, as any process that died. */
    void kill(String name) {
        slot(name).process.kill();
    }

    /** Stops the process the orderly way and keeps it down; returns once it has gone. */
    void stop(String name) {
        Slot slot = slot(name);
        synchronized (this) {
            slot.wanted = false;
            slot.generation++;
        }
        slot.process.stop();
        boolean left;
        synchronized (this) {
            left = slot.serving;
            slot.serving = false;
            transition(slot, State.STOPPED);
        }
        if (left) {
            changed();
        }
    }

    /** Starts a process that was stopped on purpose; nothing happens if it is running. */
    void start(String name) {
        Slot slot = slot(name);
        synchronized (this) {
            if (slot.wanted) {
                return;
            }
            slot.wanted = true;
        }
        this.workers.execute(() -> begin(slot, true));
    }

    /** Stops the process (if it runs) and forgets it. */
    void remove(String name) {
        stop(name);
        synchronized (this) {
            this.slots.remove(name);
        }
    }

    /** Stops {@code names} in parallel, the orderly way, and returns once all have gone. */
    void stopAll(List<String> names) {
        try (ExecutorService stoppers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String name : names) {
                stoppers.execute(() -> {
                    try {
                        stop(name);
                    }
                    catch (RuntimeException ex) {
                        log.warn("Stopping {} failed", name, ex);
                    }
                });
            }
        }
    }

    synchronized List<Status> statuses() {
        return this.slots.values().stream().map(this::status).toList();
    }

    synchronized Optional<Status> status(String name) {
        Slot slot = this.slots.get(name);
        return slot == null ? Optional.empty() : Optional.of(status(slot));
    }

    synchronized boolean has(String name) {
        return this.slots.containsKey(name);
    }

    /** The processes that serve now: healthy at least once since their last start, and not stopped since. */
    synchronized List<Supervised> serving() {
        return this.slots.values().stream().filter(slot -> slot.serving).map(slot -> slot.process).toList();
    }

    /** Of those serving, the ones whose last health checks passed (not DOWN: alive, but failing its checks). */
    synchronized List<Supervised> ready() {
        return this.slots.values()
            .stream()
            .filter(slot -> slot.serving && slot.state == State.UP)
            .map(slot -> slot.process)
            .toList();
    }

    synchronized List<Supervised> processes() {
        return this.slots.values().stream().map(slot -> slot.process).toList();
    }

    /** Stops watching (no more restarts); the processes are left as they are: stop them first. */
    @Override
    public void close() {
        synchronized (this) {
            this.closed = true;
            this.slots.values().forEach(slot -> slot.wanted = false);
            notifyAll();
        }
        this.ticker.shutdownNow();
        this.notifier.shutdown();
        this.workers.shutdownNow();
    }

    private Status status(Slot slot) {
        OptionalLong pid = slot.process.pid();
        return new Status(slot.process.name(), slot.process.kind(), slot.service, slot.process.port(),
                pid.isPresent() ? pid.getAsLong() : null, slot.state, slot.restarts, slot.since, slot.serving);
    }

    private synchronized Slot slot(String name) {
        Slot slot = this.slots.get(name);
        if (slot == null) {
            throw new UnknownNameException("process", name);
        }
        return slot;
    }

    /** Starts the process of {@code slot} (first start or restart) and watches for its exit. */
    private void begin(Slot slot, boolean gated) {
        if (gated) {
            try {
                this.starting.acquire();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        long generation;
        synchronized (this) {
            if (!slot.wanted || this.closed) {
                if (gated) {
                    this.starting.release();
                }
                return;
            }
            if (gated) {
                slot.holdsPermit = true;
            }
            generation = ++slot.generation;
            slot.startedAt = now();
            slot.unhealthyChecks = 0;
            transition(slot, State.STARTING);
        }
        try {
            slot.process.start();
        }
        catch (IOException | RuntimeException ex) {
            log.warn("{} did not start: {}", slot.process.name(), ex.toString());
            exited(slot, generation);
            return;
        }
        watchExit(slot, generation);
    }

    private void watchExit(Slot slot, long generation) {
        OptionalLong pid = slot.process.pid();
        Optional<ProcessHandle> handle = pid.isPresent() ? ProcessHandle.of(pid.getAsLong()) : Optional.empty();
        if (handle.isEmpty()) {
            // Not running (it died at once) or no pid yet (a server that detaches): the next tick looks again.
            synchronized (this) {
                slot.exitWatched = -1;
            }
            return;
        }
        synchronized (this) {
            slot.exitWatched = generation;
        }
        handle.get().onExit().thenRunAsync(() -> exited(slot, generation), this.workers);
    }

    /** The process of {@code slot} started as {@code generation} has exited (or never started). */
    private void exited(Slot slot, long generation) {
        Duration delay;
        boolean left;
        synchronized (this) {
            if (slot.generation != generation || !slot.wanted || this.closed) {
                return;
            }
            left = slot.serving;
            slot.serving = false;
            transition(slot, State.DOWN);
            Duration lived = Duration.between(slot.startedAt, now());
            delay = this.policy.delayAfter(slot, lived);
            log.warn("{} exited after {} s; restarting it{}", slot.process.name(), lived.toSeconds(),
                    delay.isZero() ? "" : " in " + delay.toMillis() + " ms (it keeps dying)");
        }
        if (left) {
            changed();
        }
        Runnable restart = () -> {
            synchronized (this) {
                if (slot.generation != generation || !slot.wanted || this.closed) {
                    return;
                }
                slot.restarts++;
            }
            begin(slot, false);
        };
        if (delay.isZero()) {
            this.workers.execute(restart);
        }
        else {
            this.ticker.schedule(() -> this.workers.execute(restart), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Health checks, each on a virtual thread of its own, so a slow one does not hold up the others. */
    private void tick() {
        List<Slot> due = new ArrayList<>();
        Instant now = now();
        synchronized (this) {
            for (Slot slot : this.slots.values()) {
                // Not yet begun (waiting for a start permit): nothing to check, and its start timeout has not begun.
                if (!slot.wanted || slot.checking || slot.generation == 0) {
                    continue;
                }
                if (slot.exitWatched == -1 && slot.state == State.STARTING) {
                    retryExitWatch(slot);
                }
                boolean starting = slot.state == State.STARTING;
                if (starting || Duration.between(slot.lastCheck, now).compareTo(UP_CHECK_INTERVAL) >= 0) {
                    slot.checking = true;
                    slot.lastCheck = now;
                    due.add(slot);
                    slot.checkedGeneration = slot.generation;
                }
            }
        }
        for (Slot slot : due) {
            long generation = slot.checkedGeneration;
            this.workers.execute(() -> check(slot, generation));
        }
    }

    private void retryExitWatch(Slot slot) {
        long generation = slot.generation;
        OptionalLong pid = slot.process.pid();
        slot.exitWatched = generation;
        if (pid.isEmpty()) {
            // Its start has returned and it runs no longer: it died before its exit could be watched (a process
            // that fails at once, as a crash loop does).
            this.workers.execute(() -> exited(slot, generation));
            return;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid.getAsLong());
        if (handle.isEmpty()) {
            this.workers.execute(() -> exited(slot, generation));
        }
        else {
            handle.get().onExit().thenRunAsync(() -> exited(slot, generation), this.workers);
        }
    }

    private void check(Slot slot, long generation) {
        // Joined, or a serving process went DOWN or came back UP: whoever lists instances is told.
        AtomicBoolean changed = new AtomicBoolean();
        try {
            boolean healthy = slot.process.healthy();
            synchronized (this) {
                // A check that began before a death or a stop says nothing of the process that runs now.
                if (!slot.wanted || slot.generation != generation) {
                    return;
                }
                if (healthy) {
                    slot.unhealthyChecks = 0;
                    if (slot.state != State.UP) {
                        if (slot.state == State.STARTING) {
                            log.info("{} is UP after {} ms", slot.process.name(),
                                    Duration.between(slot.startedAt, now()).toMillis());
                        }
                        else {
                            log.info("{} passes its health checks again", slot.process.name());
                            changed.set(slot.serving);
                        }
                        transition(slot, State.UP);
                    }
                    if (!slot.serving) {
                        slot.serving = true;
                        changed.set(true);
                    }
                }
                else if (slot.state == State.UP && ++slot.unhealthyChecks >= UNHEALTHY_CHECKS) {
                    log.warn("{} failed {} health checks in a row", slot.process.name(), slot.unhealthyChecks);
                    transition(slot, State.DOWN);
                    changed.set(slot.serving);
                }
                else if (slot.state == State.STARTING
                        && Duration.between(slot.startedAt, now()).compareTo(this.startTimeout) > 0) {
                    log.warn("{} not healthy {} s after its start: killing it", slot.process.name(),
                            this.startTimeout.toSeconds());
                    slot.startedAt = now();
                    this.workers.execute(slot.process::kill);
                }
            }
        }
        catch (RuntimeException ex) {
            log.warn("Checking {} failed", slot.process.name(), ex);
        }
        finally {
            synchronized (this) {
                slot.checking = false;
            }
        }
        if (changed.get()) {
            changed();
        }
    }

    private void transition(Slot slot, State state) {
        if (state != State.STARTING && slot.holdsPermit) {
            slot.holdsPermit = false;
            this.starting.release();
        }
        if (slot.state != state) {
            slot.state = state;
            slot.since = now();
            notifyAll();
        }
    }

    private void changed() {
        if (!this.notifier.isShutdown()) {
            try {
                this.notifier.execute(() -> {
                    try {
                        this.membershipChanged.run();
                    }
                    catch (RuntimeException ex) {
                        log.warn("Telling the new membership failed", ex);
                    }
                });
            }
            catch (java.util.concurrent.RejectedExecutionException ex) {
                // Closed meanwhile: nobody listens any more.
            }
        }
    }

    private Instant now() {
        return this.clock.instant();
    }

    /** One supervised process and what the supervisor knows of it (guarded by the supervisor). */
    static final class Slot {

        final Supervised process;

        final @Nullable String service;

        State state = State.STARTING;

        Instant since;

        int restarts;

        boolean wanted = true;

        /** Incremented by every start and every stop: an exit of an older generation is old news. */
        long generation;

        long checkedGeneration;

        /** The generation whose exit is watched; -1 while a pid is awaited. */
        long exitWatched;

        Instant startedAt;

        Instant lastCheck = Instant.EPOCH;

        boolean checking;

        int unhealthyChecks;

        boolean serving;

        /** Whether it holds one of the permits to start (from its start until UP, dead or stopped). */
        boolean holdsPermit;

        /** Deaths in a row, each soon after its start (the restart policy's count). */
        int quickDeaths;

        Slot(Supervised process, @Nullable String service, Instant now) {
            this.process = process;
            this.service = service;
            this.since = now;
            this.startedAt = now;
        }
    }
}
