package dev.emporium.chaos.scenario;

import java.time.Instant;

import dev.emporium.chaos.load.Timeline;

/**
 * What a scenario run leaves: its verdict and the timeline it was judged from.
 *
 * @param scenario the scenario's name
 * @param criterion its pass criterion, in words
 * @param startedAt when the load started
 * @param rate the (initial) arrival rate
 */
public record ScenarioResult(String scenario, String criterion, Instant startedAt, double rate, Verdict verdict,
        Timeline timeline) {

    public boolean passed() {
        return this.verdict.passed();
    }
}
