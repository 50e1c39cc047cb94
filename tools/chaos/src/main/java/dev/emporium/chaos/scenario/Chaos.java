package dev.emporium.chaos.scenario;

import java.io.PrintStream;

import dev.emporium.chaos.control.ControlApi;
import dev.emporium.chaos.load.Shop;

/**
 * What a scenario runs against: the cluster's control API and edge, how hard to drive it, and where to say what it
 * does.
 */
public record Chaos(ControlApi control, String edgeUrl, RunSettings settings, Shop.Settings shop, PrintStream log) {

    /** Tells the log what the scenario does now. */
    void say(String format, Object... arguments) {
        this.log.printf(format + "%n", arguments);
    }
}
