package dev.emporium.platform.sharding;

import java.util.List;

/**
 * What a query across all shards gathered: the rows of every shard that answered before the deadline, and the
 * shards that did not (down, failing or too slow), so a caller can say its answer is partial.
 */
public record Scatter<T>(List<T> rows, List<String> missingShards) {

    public boolean complete() {
        return this.missingShards.isEmpty();
    }
}
