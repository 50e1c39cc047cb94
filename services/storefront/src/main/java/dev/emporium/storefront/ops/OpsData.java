package dev.emporium.storefront.ops;

import java.util.List;

import dev.emporium.storefront.ops.Console.InstanceView;
import dev.emporium.storefront.ops.Traffic.Point;
import org.jspecify.annotations.Nullable;

/**
 * What the console's script polls ({@code GET /ops/data}): the charts' points over the window and every instance's
 * latest health.
 *
 * @param sampledAt when the latest sample was taken (epoch milliseconds)
 * @param samples how many samples the window holds (one more than the points: a rate needs two)
 * @param services the services in the console's order
 */
record OpsData(long sampledAt, long intervalMillis, long windowMillis, int samples, List<String> services,
        List<Point> points, List<InstanceHealth> instances) {

    /** One instance's latest health, as the page's topology shows it. */
    record InstanceHealth(String service, String url, String status, String tone, @Nullable Long millis,
            String responseTime, boolean slow, @Nullable String problem) {

        static InstanceHealth of(InstanceView view) {
            return new InstanceHealth(view.service(), view.url(), view.status(), view.tone(), view.millis(),
                    view.responseTime(), view.isSlow(), view.problem());
        }
    }
}
