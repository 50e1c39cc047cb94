package dev.emporium.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class WeightedRoundRobinTests {

    @Test
    void everyTwentyPicksHoldTheMixExactly() {
        WeightedRoundRobin<String> mix = new WeightedRoundRobin<>(Journeys.MIX);
        for (int round = 0; round < 5; round++) {
            List<String> picks = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                picks.add(mix.next());
            }
            assertThat(Collections.frequency(picks, Journeys.BROWSE)).isEqualTo(14);
            assertThat(Collections.frequency(picks, Journeys.SEARCH)).isEqualTo(2);
            assertThat(Collections.frequency(picks, Journeys.CART)).isEqualTo(3);
            assertThat(Collections.frequency(picks, Journeys.CHECKOUT)).isEqualTo(1);
        }
    }

    @Test
    void picksAreSpreadOutNotBunched() {
        WeightedRoundRobin<String> halves = new WeightedRoundRobin<>(Map.of("a", 1, "b", 1));
        assertThat(List.of(halves.next(), halves.next(), halves.next(), halves.next()))
            .containsAnyOf("a", "b")
            .satisfies(picks -> assertThat(picks.get(0)).isNotEqualTo(picks.get(1)))
            .satisfies(picks -> assertThat(picks.get(2)).isNotEqualTo(picks.get(3)));
        WeightedRoundRobin<String> mix = new WeightedRoundRobin<>(Journeys.MIX);
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            picks.add(mix.next());
        }
        // Browse never runs more than three times in a row when it has 70%.
        assertThat(String.join(",", picks)).doesNotContain("browse,browse,browse,browse");
    }

    @Test
    void refusesNothingToChooseAndWeightsBelowOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> new WeightedRoundRobin<>(Map.<String, Integer>of()));
        assertThatIllegalArgumentException().isThrownBy(() -> new WeightedRoundRobin<>(Map.of("a", 0)));
    }
}
