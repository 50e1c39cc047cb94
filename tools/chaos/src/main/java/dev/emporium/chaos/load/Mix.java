package dev.emporium.chaos.load;

/**
 * Picks the route class of each arrival by smooth weighted round robin over the classes' weights: every window of 20
 * arrivals holds exactly 14 browses, 2 searches, 3 cart operations and 1 checkout, spread out rather than in runs,
 * so even a short phase has the mix's proportions. Not thread-safe: the driver's scheduler alone picks.
 */
public final class Mix {

    private static final RouteClass[] CLASSES = RouteClass.values();

    private final int[] current = new int[CLASSES.length];

    private final int total;

    public Mix() {
        int sum = 0;
        for (RouteClass routeClass : CLASSES) {
            sum += routeClass.weight();
        }
        this.total = sum;
    }

    public RouteClass next() {
        int best = 0;
        for (int i = 0; i < CLASSES.length; i++) {
            this.current[i] += CLASSES[i].weight();
            if (this.current[i] > this.current[best]) {
                best = i;
            }
        }
        this.current[best] -= this.total;
        return CLASSES[best];
    }
}
