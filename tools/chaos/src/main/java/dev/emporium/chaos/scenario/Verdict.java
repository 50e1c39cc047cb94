package dev.emporium.chaos.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scenario's judgement: its checks (it passes when every one does) and the figures it measured on the way, in the
 * order they were taken.
 */
public record Verdict(List<Check> checks, Map<String, Object> figures) {

    public Verdict {
        checks = List.copyOf(checks);
        figures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }

    public boolean passed() {
        return !this.checks.isEmpty() && this.checks.stream().allMatch(Check::passed);
    }
}
