package dev.emporium.chaos.load;

import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MixTests {

    @Test
    void everyTwentyArrivalsHoldTheMixExactly() {
        Mix mix = new Mix();
        for (int window = 0; window < 5; window++) {
            Map<RouteClass, Integer> counts = new EnumMap<>(RouteClass.class);
            for (int i = 0; i < 20; i++) {
                counts.merge(mix.next(), 1, Integer::sum);
            }
            assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of(RouteClass.BROWSE, 14, RouteClass.SEARCH, 2,
                    RouteClass.CART, 3, RouteClass.CHECKOUT, 1));
        }
    }

    @Test
    void spreadsTheRareClassesOut() {
        Mix mix = new Mix();
        int longestBrowseRun = 0;
        int run = 0;
        for (int i = 0; i < 200; i++) {
            run = mix.next() == RouteClass.BROWSE ? run + 1 : 0;
            longestBrowseRun = Math.max(longestBrowseRun, run);
        }
        assertThat(longestBrowseRun).isLessThanOrEqualTo(4);
    }
}
