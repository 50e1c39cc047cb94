package dev.emporium.storefront.ops;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The shard map as {@code GET /api/ops/shards} answers it: which bucket ranges each shard owns, and what each
 * sharded service keeps there (its database server and row counts by table).
 *
 * @param unavailableServices sharded services that did not report their shards
 */
public record ShardMap(long mapVersion, int buckets, List<Shard> shards, List<String> unavailableServices) {

    public ShardMap {
        shards = shards == null ? List.of() : List.copyOf(shards);
        unavailableServices = unavailableServices == null ? List.of() : List.copyOf(unavailableServices);
    }

    /** One shard: its buckets (how many, as ranges such as {@code 0-2047}) and each service's data on it. */
    public record Shard(String id, int buckets, List<String> ranges, Map<String, ServiceData> services) {

        public Shard {
            ranges = ranges == null ? List.of() : List.copyOf(ranges);
            services = services == null ? Map.of() : services;
        }

        /** {@code users 1 · addresses 0}: a service's rows on this shard, or a dash when it has none here. */
        public String rows(String service) {
            ServiceData data = this.services.get(service);
            if (data == null || data.rows() == null || data.rows().isEmpty()) {
                return "–";
            }
            return data.rows().entrySet().stream().map(entry -> entry.getKey() + " " + Console.count(entry.getValue()))
                .collect(Collectors.joining(" · "));
        }

        public @Nullable String server(String service) {
            ServiceData data = this.services.get(service);
            return data == null ? null : data.server();
        }
    }

    /** A service's database on a shard. */
    public record ServiceData(@Nullable String server, @Nullable Map<String, Long> rows) {
    }

    /** One bucket range of the bar that draws the map: where it starts and how wide it is, in percent. */
    public record Segment(String shard, int shardIndex, String range, double left, double width) {
    }

    /** Every service with data on some shard, in the order the map names them. */
    public List<String> services() {
        Set<String> services = new LinkedHashSet<>();
        this.shards.forEach(shard -> services.addAll(shard.services().keySet()));
        return List.copyOf(services);
    }

    /** The bucket ranges of every shard, placed on the whole range of buckets. */
    public List<Segment> segments() {
        List<Segment> segments = new ArrayList<>();
        if (this.buckets <= 0) {
            return segments;
        }
        for (int i = 0; i < this.shards.size(); i++) {
            Shard shard = this.shards.get(i);
            for (String range : shard.ranges()) {
                String[] bounds = range.split("-");
                try {
                    int first = Integer.parseInt(bounds[0].strip());
                    int last = bounds.length > 1 ? Integer.parseInt(bounds[1].strip()) : first;
                    segments.add(new Segment(shard.id(), i, range, 100.0 * first / this.buckets,
                            100.0 * (last - first + 1) / this.buckets));
                }
                catch (NumberFormatException ex) {
                    // not a range this console can place: the table still lists it
                }
            }
        }
        return segments;
    }

    /** The share of all buckets a shard owns, e.g. {@code 50.0%}. */
    public String share(Shard shard) {
        return this.buckets > 0 ? Console.percent((double) shard.buckets() / this.buckets) : "–";
    }
}
