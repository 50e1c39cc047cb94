package dev.emporium.chaos.scenario;

import java.util.List;
import java.util.Optional;

/** Every scenario, in the order {@code all} runs them. */
public final class Scenarios {

    public static final List<Scenario> ALL = List.of(new KillInstances(), new KillReplica(), new RedisDown(),
            new RabbitmqDown(), new SlowService(), new Overload(), new KillGateway());

    private Scenarios() {
    }

    public static Optional<Scenario> named(String name) {
        return ALL.stream().filter(scenario -> scenario.name().equals(name)).findFirst();
    }

    public static List<String> names() {
        return ALL.stream().map(Scenario::name).toList();
    }
}
