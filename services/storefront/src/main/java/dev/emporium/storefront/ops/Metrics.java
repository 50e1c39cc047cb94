package dev.emporium.storefront.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.emporium.storefront.ops.PrometheusText.Sample;

/** One instance's scrape, by metric name. */
final class Metrics {

    private final Map<String, List<Sample>> byName;

    private Metrics(Map<String, List<Sample>> byName) {
        this.byName = byName;
    }

    static Metrics of(List<Sample> samples) {
        Map<String, List<Sample>> byName = new LinkedHashMap<>();
        samples.forEach(sample -> byName.computeIfAbsent(sample.name(), name -> new java.util.ArrayList<>()).add(sample));
        byName.replaceAll((name, list) -> List.copyOf(list));
        return new Metrics(byName);
    }

    static Metrics parse(String text) {
        return of(PrometheusText.parse(text));
    }

    /** The samples of one series name ({@code http_server_requests_seconds_count}), in scrape order. */
    List<Sample> named(String name) {
        return this.byName.getOrDefault(name, List.of());
    }

    boolean has(String name) {
        return this.byName.containsKey(name);
    }

    /** The sum of one series' values over the samples that match (NaN values left out). */
    double sum(String name, Predicate<Sample> filter) {
        double sum = 0;
        for (Sample sample : named(name)) {
            if (filter.test(sample) && !Double.isNaN(sample.value())) {
                sum += sample.value();
            }
        }
        return sum;
    }
}
