package dev.emporium.chaos.load;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-model load on a {@link Shop}: one scheduler thread releases arrivals at their intended start times
 * ({@link OpenSchedule}) and each runs on a virtual thread of its own, so a slow answer never delays the next
 * arrival; what each shopper saw goes to the {@link Timeline} by intended start. The rate may change while it runs
 * (the overload scenario steps it). Stop it with {@link #close()}, which waits for the operations in flight.
 */
public final class Load implements AutoCloseable {

    private final Shop shop;

    private final Timeline timeline;

    private final Thread scheduler;

    private final AtomicLong inFlight = new AtomicLong();

    private final List<AcceptedOrder> accepted = new CopyOnWriteArrayList<>();

    private volatile double rate;

    private volatile boolean stopping;

    private Load(Shop shop, double rate) {
        this.shop = shop;
        this.rate = checked(rate);
        this.timeline = new Timeline(System.nanoTime());
        this.scheduler = Thread.ofPlatform().name("chaos-scheduler").daemon().unstarted(this::schedule);
    }

    /** Starts the load at {@code rate} arrivals per second; second 0 of its timeline is now. */
    public static Load start(Shop shop, double rate) {
        Load load = new Load(shop, rate);
        load.scheduler.start();
        return load;
    }

    private static double checked(double rate) {
        if (!(rate > 0) || rate > 10_000) {
            throw new IllegalArgumentException("the rate must be in (0, 10000] per second: " + rate);
        }
        return rate;
    }

    public Timeline timeline() {
        return this.timeline;
    }

    public double rate() {
        return this.rate;
    }

    /** From the next arrival on, arrivals come at {@code rate} per second. */
    public void rate(double rate) {
        this.rate = checked(rate);
    }

    /** Every order a checkout placed so far. */
    public List<AcceptedOrder> acceptedOrders() {
        return List.copyOf(this.accepted);
    }

    private void schedule() {
        Mix mix = new Mix();
        double segmentRate = this.rate;
        OpenSchedule segment = new OpenSchedule(this.timeline.startNanos(), segmentRate);
        long n = 0;
        while (!this.stopping) {
            if (this.rate != segmentRate) {
                // A new segment from the arrival that was due next, so the change costs no arrival and adds none.
                segmentRate = this.rate;
                segment = new OpenSchedule(segment.intendedStart(n), segmentRate);
                n = 0;
            }
            long intended = segment.intendedStart(n++);
            long wait;
            while ((wait = intended - System.nanoTime()) > 0 && !this.stopping) {
                LockSupport.parkNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(50)));
            }
            if (this.stopping) {
                break;
            }
            RouteClass routeClass = mix.next();
            this.inFlight.incrementAndGet();
            Thread.ofVirtual().start(() -> run(routeClass, intended));
        }
    }

    private void run(RouteClass routeClass, long intended) {
        try {
            Shop.Attempt attempt = this.shop.perform(routeClass, this.accepted::add);
            long now = System.nanoTime();
            this.timeline.record(routeClass, attempt.answer().outcome(), intended, now - intended,
                    now - (attempt.followUp() ? attempt.answer().sentNanos() : intended));
            if (!attempt.answer().ok()) {
                this.timeline.failure(intended, routeClass, attempt.request(), attempt.answer());
            }
        }
        catch (RuntimeException ex) {
            // A driver bug must not pass for the platform's success, nor kill the run: it counts as a failure.
            long now = System.nanoTime();
            this.timeline.record(routeClass, Outcome.CONNECTION_ERROR, intended, now - intended, now - intended);
            this.timeline.failure(intended, routeClass, "driver error",
                    new Answer(Outcome.CONNECTION_ERROR, 0, ex.toString(), null, now));
        }
        finally {
            this.inFlight.decrementAndGet();
        }
    }

    /** Operations started and not yet answered. */
    public long inFlight() {
        return this.inFlight.get();
    }

    /** Stops releasing arrivals and waits (at most {@code patience}) for those in flight. */
    public void stop(Duration patience) {
        this.stopping = true;
        LockSupport.unpark(this.scheduler);
        try {
            this.scheduler.join();
            long deadline = System.nanoTime() + patience.toNanos();
            while (this.inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(60));
    }
}
