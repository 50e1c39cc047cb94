package dev.emporium.chaos.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.emporium.chaos.load.AcceptedOrder;
import dev.emporium.chaos.load.Load;
import dev.emporium.chaos.load.RouteClass;
import dev.emporium.chaos.load.Shop;
import dev.emporium.chaos.load.Timeline;
import dev.emporium.chaos.load.Window;

/**
 * Scenario 4: RabbitMQ stopped for 30 s under load, then started. Checkout writes the order and its event to the
 * outbox in one transaction, so it is accepted (202) without the broker; the relay publishes once the broker is back,
 * and every order placed must then reach a final status (CONFIRMED or CANCELLED), none left PENDING, within
 * {@link #COMPLETION_BOUND} of the broker's return.
 */
public final class RabbitmqDown extends UnderLoad<RabbitmqDown.Marks> {

    static final String RABBITMQ = "rabbitmq";

    static final Duration COMPLETION_BOUND = Duration.ofSeconds(60);

    /**
     * @param outage the phases
     * @param duringOutage how many accepted orders were placed while the broker was down
     * @param statuses the last status read of every accepted order of the run, by id
     * @param lastFinalSeconds when the last of them was seen final, in seconds after the broker was started again
     */
    record Marks(Outage outage, int duringOutage, Map<String, String> statuses, double lastFinalSeconds) {
    }

    @Override
    public String name() {
        return "rabbitmq-down";
    }

    @Override
    public String criterion() {
        return "RabbitMQ stopped for 30 s: checkouts during the outage accepted (202); every order CONFIRMED or "
                + "CANCELLED (none PENDING) within 60 s of its return";
    }

    @Override
    Marks drive(Chaos chaos, Load load, Shop shop) throws InterruptedException {
        Outage outage = RedisDown.stopFor(chaos, load, RABBITMQ);
        long restartedAt = load.timeline().startNanos() + outage.to() * 1_000_000_000L;
        load.close();
        long outageStart = load.timeline().startNanos() + outage.from() * 1_000_000_000L;
        List<AcceptedOrder> orders = load.acceptedOrders();
        int during = (int) orders.stream()
            .filter(order -> order.acceptedAtNanos() >= outageStart && order.acceptedAtNanos() < restartedAt)
            .count();
        chaos.say("   %d orders accepted, %d of them during the outage; reading them back", orders.size(), during);
        Map<String, String> statuses = new HashMap<>();
        List<AcceptedOrder> pending = new ArrayList<>(orders);
        long deadline = restartedAt + COMPLETION_BOUND.toNanos();
        long lastFinal = restartedAt;
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            List<AcceptedOrder> still = new ArrayList<>();
            for (AcceptedOrder order : pending) {
                String status = shop.orderStatus(order);
                statuses.put(order.id(), status == null ? "UNREADABLE" : status);
                if ("CONFIRMED".equals(status) || "CANCELLED".equals(status)) {
                    lastFinal = Math.max(lastFinal, System.nanoTime());
                }
                else {
                    still.add(order);
                }
            }
            pending = still;
            if (!pending.isEmpty()) {
                holdSeconds(0.5);
            }
        }
        double lastFinalSeconds = pending.isEmpty() ? (lastFinal - restartedAt) / 1e9 : Double.POSITIVE_INFINITY;
        load.timeline().event(pending.isEmpty()
                ? String.format(java.util.Locale.ROOT, "every order final %.1f s after the broker's return", lastFinalSeconds)
                : pending.size() + " orders still not final");
        return new Marks(outage, during, statuses, lastFinalSeconds);
    }

    @Override
    void restore(Chaos chaos) {
        RedisDown.startIfStopped(chaos, RABBITMQ);
    }

    @Override
    Verdict judge(Timeline timeline, Marks marks) {
        Window during = marks.outage().during(timeline);
        Map<String, Long> byStatus = new LinkedHashMap<>();
        marks.statuses().values().forEach(status -> byStatus.merge(status, 1L, Long::sum));
        long notFinal = marks.statuses().values().stream()
            .filter(status -> !"CONFIRMED".equals(status) && !"CANCELLED".equals(status))
            .count();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("checkoutsDuringOutage", during.attempted(RouteClass.CHECKOUT));
        figures.put("ordersAcceptedDuringOutage", marks.duringOutage());
        figures.put("ordersByStatus", byStatus);
        figures.put("lastOrderFinalSecondsAfterReturn", marks.lastFinalSeconds());
        figures.put("checkoutP99DuringMs", during.percentileMillis(99, RouteClass.CHECKOUT));
        figures.put("failedOtherRequests", timeline.whole().failed(KillInstances.idempotent()));
        return new Verdict(List.of(
                Check.that("checkouts during the outage", during.attempted(RouteClass.CHECKOUT) > 0 && marks.duringOutage() > 0,
                        during.attempted(RouteClass.CHECKOUT) + " attempted, " + marks.duringOutage() + " accepted", "> 0"),
                Check.none("checkouts during the outage not accepted", during.failed(RouteClass.CHECKOUT)),
                Check.none("orders not CONFIRMED or CANCELLED after the bound", notFinal),
                Check.atMost("last order final after the broker's return", marks.lastFinalSeconds(),
                        COMPLETION_BOUND.toSeconds(), " s")),
                figures);
    }
}
