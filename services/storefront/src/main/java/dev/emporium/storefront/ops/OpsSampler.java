package dev.emporium.storefront.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.emporium.storefront.ops.ActuatorClient.Health;
import dev.emporium.storefront.ops.ActuatorClient.Scrape;
import dev.emporium.storefront.ops.Snapshot.InstanceStatus;
import dev.emporium.storefront.ops.Traffic.Tick;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Samples every instance (health check, then scrape; all instances in parallel) every {@code sample-interval},
 * keeping each sample's request counters in a {@link TrafficHistory} for the charts and the whole last sample for the
 * page. It runs only while someone watches: a look at the console starts it, and it stops itself once nobody has
 * looked for {@code idle-after}, so an idle storefront scrapes nothing.
 */
@Component
class OpsSampler implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OpsSampler.class);

    private final ActuatorClient actuators;

    private final List<Instance> instances;

    private final Duration interval;

    private final Duration idleAfter;

    private final Clock clock;

    private final TrafficHistory history;

    private final ScheduledExecutorService timer = Executors
        .newSingleThreadScheduledExecutor(Thread.ofPlatform().name("ops-sampler").daemon().factory());

    /** Held while sampling: one sample at a time, whether the timer or a page asked for it. */
    private final Object sampling = new Object();

    private volatile @Nullable Snapshot latest;

    private Instant lastLook = Instant.EPOCH;

    private @Nullable ScheduledFuture<?> running;

    OpsSampler(ActuatorClient actuators, OpsProperties settings, Clock clock) {
        this.actuators = actuators;
        this.instances = settings.instances();
        this.interval = settings.sampleInterval();
        this.idleAfter = settings.idleAfter();
        this.clock = clock;
        this.history = TrafficHistory.of(settings.window(), settings.sampleInterval());
    }

    /**
     * Someone looks at the console: sampling goes on (or starts again), and the latest sample is returned, taken now
     * if it is older than the interval.
     */
    Snapshot watched() {
        keepRunning();
        synchronized (this.sampling) {
            Snapshot last = this.latest;
            return last != null && age(last).compareTo(this.interval) < 0 ? last : sample();
        }
    }

    /** The samples of the window, oldest first. */
    List<Tick> ticks() {
        return this.history.within(this.clock.instant());
    }

    Duration interval() {
        return this.interval;
    }

    /** Whether the background sampler is on (someone looked within {@code idle-after}). */
    synchronized boolean isRunning() {
        return this.running != null && !this.running.isDone();
    }

    private synchronized void keepRunning() {
        this.lastLook = this.clock.instant();
        if (!isRunning()) {
            long millis = this.interval.toMillis();
            this.running = this.timer.scheduleWithFixedDelay(this::tick, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the timer if nobody looked for {@code idle-after}; under the same lock as {@link #keepRunning}. */
    private synchronized boolean stopIfIdle() {
        if (this.clock.instant().isBefore(this.lastLook.plus(this.idleAfter))) {
            return false;
        }
        if (this.running != null) {
            this.running.cancel(false);
            this.running = null;
        }
        return true;
    }

    private void tick() {
        try {
            if (stopIfIdle()) {
                return;
            }
            synchronized (this.sampling) {
                Snapshot last = this.latest;
                // A page may just have sampled: skip rather than measure a sliver of an interval.
                if (last == null || age(last).compareTo(this.interval.dividedBy(2)) >= 0) {
                    sample();
                }
            }
        }
        catch (RuntimeException ex) {
            // A scheduled task that throws is never run again: log, and sample again next time.
            log.warn("Sampling the instances failed: {}", ex.toString(), ex);
        }
    }

    private Snapshot sample() {
        Instant at = this.clock.instant();
        List<InstanceStatus> statuses = new ArrayList<>();
        try (ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor()) {
            // Every instance at once; on each, the health check first, so that its time is the instance's alone.
            List<Future<InstanceStatus>> probed = new ArrayList<>();
            for (Instance instance : this.instances) {
                probed.add(probes.submit(() -> new InstanceStatus(instance, this.actuators.health(instance),
                        this.actuators.metrics(instance))));
            }
            for (int i = 0; i < this.instances.size(); i++) {
                Instance instance = this.instances.get(i);
                statuses.add(join(probed.get(i), problem -> new InstanceStatus(instance,
                        new Health(Health.UNREACHABLE, null, problem), new Scrape(null, problem))));
            }
        }
        Map<Instance, RequestCounters> counters = new LinkedHashMap<>();
        statuses.forEach(status -> {
            Metrics metrics = status.scrape().metrics();
            if (metrics != null) {
                counters.put(status.instance(), RequestCounters.of(metrics));
            }
        });
        this.history.add(new Tick(at, counters));
        Snapshot snapshot = new Snapshot(at, statuses);
        this.latest = snapshot;
        return snapshot;
    }

    private Duration age(Snapshot snapshot) {
        return Duration.between(snapshot.at(), this.clock.instant());
    }

    private static <T> T join(Future<T> probe, Function<String, T> failed) {
        try {
            return probe.get();
        }
        catch (ExecutionException ex) {
            return failed.apply(String.valueOf(ex.getCause()));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return failed.apply("interrupted");
        }
    }

    @Override
    public void destroy() {
        this.timer.shutdownNow();
    }
}
