package dev.emporium.chaos.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The run second by second: each operation is put in the second of its intended start (when its shopper wanted it,
 * which is what a fault event is compared with), along with the events the scenario marks. Thread-safe: the
 * driver's virtual threads record into it while the scenario reads windows of it.
 */
public final class Timeline {

    private final long startNanos;

    /** Guarded by itself; each second is guarded by itself too, so recorders of different seconds do not contend. */
    private final List<Window> seconds = new ArrayList<>();

    private final List<FaultEvent> events = new CopyOnWriteArrayList<>();

    /** The first failures of the run, for the report: what was asked and what came back. */
    private final List<FailureSample> failures = new CopyOnWriteArrayList<>();

    /** How many failures the report shows at most. */
    static final int FAILURE_SAMPLES = 50;

    /**
     * One failed operation as the report shows it.
     *
     * @param atSeconds its intended start, in seconds since the start
     * @param routeClass its class's label
     * @param request its last request ("GET /p/p12")
     * @param status the answer's status, 0 without one
     * @param outcome the outcome's label
     * @param body the start of the answer's body
     */
    public record FailureSample(double atSeconds, String routeClass, String request, int status, String outcome, String body) {
    }

    /** @param startNanos the run's start on {@link System#nanoTime()}'s clock: second 0 begins there */
    public Timeline(long startNanos) {
        this.startNanos = startNanos;
    }

    public long startNanos() {
        return this.startNanos;
    }

    /** The second (0-based) {@code nanos} falls in; negative before the start. */
    public int secondOf(long nanos) {
        return (int) Math.floorDiv(nanos - this.startNanos, 1_000_000_000L);
    }

    /** The second now falls in. */
    public int currentSecond() {
        return secondOf(System.nanoTime());
    }

    public double secondsSinceStart(long nanos) {
        return (nanos - this.startNanos) / 1e9;
    }

    /** Records one operation; its latency runs from its intended start to its (last) answer. */
    public void record(RouteClass routeClass, Outcome outcome, long intendedStartNanos, long latencyNanos) {
        record(routeClass, outcome, intendedStartNanos, latencyNanos, latencyNanos);
    }

    /**
     * Records one operation whose last request may have come after others: {@code lastRequestNanos} is how long
     * that request took (from the intended start when it was the first), which is what a refusal is timed by.
     */
    public void record(RouteClass routeClass, Outcome outcome, long intendedStartNanos, long latencyNanos,
            long lastRequestNanos) {
        Window second = second(Math.max(0, secondOf(intendedStartNanos)));
        synchronized (second) {
            second.record(routeClass, outcome, latencyNanos, lastRequestNanos);
        }
    }

    private Window second(int index) {
        synchronized (this.seconds) {
            while (this.seconds.size() <= index) {
                this.seconds.add(new Window(1));
            }
            return this.seconds.get(index);
        }
    }

    /** Keeps a failure for the report, while fewer than {@link #FAILURE_SAMPLES} have been kept. */
    public void failure(long intendedStartNanos, RouteClass routeClass, String request, Answer answer) {
        if (this.failures.size() < FAILURE_SAMPLES) {
            String body = answer.body().length() > 200 ? answer.body().substring(0, 200) + "…" : answer.body();
            this.failures.add(new FailureSample(Math.round(secondsSinceStart(intendedStartNanos) * 1000) / 1000.0,
                    routeClass.label(), request, answer.status(), answer.outcome().label(), body));
        }
    }

    public List<FailureSample> failures() {
        return List.copyOf(this.failures);
    }

    /** Marks an event now. */
    public FaultEvent event(String text) {
        return event(System.nanoTime(), text);
    }

    public FaultEvent event(long atNanos, String text) {
        FaultEvent event = new FaultEvent(Math.round(secondsSinceStart(atNanos) * 10) / 10.0, text);
        this.events.add(event);
        return event;
    }

    public List<FaultEvent> events() {
        return List.copyOf(this.events);
    }

    /** How many seconds have operations recorded (the last one may still be filling). */
    public int length() {
        synchronized (this.seconds) {
            return this.seconds.size();
        }
    }

    /** The seconds {@code [from, to)} added up; seconds without operations count as empty ones. */
    public Window window(int from, int to) {
        int start = Math.max(0, from);
        Window sum = new Window(Math.max(0, to - start));
        for (int i = start; i < to; i++) {
            Window second;
            synchronized (this.seconds) {
                if (i >= this.seconds.size()) {
                    break;
                }
                second = this.seconds.get(i);
            }
            synchronized (second) {
                sum.add(second);
            }
        }
        return sum;
    }

    /** The seconds {@code [from, to)} one by one, for the report's charts. */
    public List<Window> perSecond(int from, int to) {
        List<Window> list = new ArrayList<>();
        for (int i = Math.max(0, from); i < to; i++) {
            list.add(window(i, i + 1));
        }
        return list;
    }

    /** Every second recorded so far. */
    public Window whole() {
        return window(0, length());
    }
}
