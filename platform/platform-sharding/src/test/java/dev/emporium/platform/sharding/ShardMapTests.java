package dev.emporium.platform.sharding;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ShardMapTests {

    @Test
    void theFirstMapSplitsTheBucketsIntoEqualConsecutiveRanges() {
        ShardMap map = ShardMap.initial(List.of("s0", "s1"));

        assertThat(map.version()).isEqualTo(1);
        assertThat(map.shardOf(0)).isEqualTo("s0");
        assertThat(map.shardOf(2047)).isEqualTo("s0");
        assertThat(map.shardOf(2048)).isEqualTo("s1");
        assertThat(map.shardOf(4095)).isEqualTo("s1");
        assertThat(map.ranges()).isEqualTo(Map.of("s0", List.of(new BucketRange(0, 2047)), "s1",
                List.of(new BucketRange(2048, 4095))));
        assertThat(map.bucketCounts()).containsExactly(Map.entry("s0", 2048), Map.entry("s1", 2048));
    }

    @Test
    void aSplitThatDoesNotDivideEvenlyCoversEveryBucketOnce() {
        ShardMap map = ShardMap.initial(List.of("s0", "s1", "s2"));

        assertThat(map.ranges()).containsExactly(Map.entry("s0", List.of(new BucketRange(0, 1365))),
                Map.entry("s1", List.of(new BucketRange(1366, 2730))), Map.entry("s2", List.of(new BucketRange(2731, 4095))));
        assertThat(map.bucketCounts()).containsExactly(Map.entry("s0", 1366), Map.entry("s1", 1365), Map.entry("s2", 1365));
        assertThat(map.bucketCounts().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(Buckets.COUNT);
    }

    @Test
    void oneShardOwnsEverything() {
        ShardMap map = ShardMap.initial(List.of("only"));

        assertThat(map.ranges()).isEqualTo(Map.of("only", List.of(new BucketRange(0, 4095))));
        assertThat(map.bucketCounts()).isEqualTo(Map.of("only", 4096));
    }

    @Test
    void rangesAreByShardNameAndAscendingWhateverTheOrderOfOwnership() {
        String[] owners = new String[Buckets.COUNT];
        Arrays.fill(owners, "s1");
        Arrays.fill(owners, 0, 10, "s2");
        Arrays.fill(owners, 100, 200, "s0");
        owners[4095] = "s2";
        owners[300] = "s0";
        ShardMap map = new ShardMap(7, owners);

        assertThat(map.version()).isEqualTo(7);
        assertThat(map.ranges()).containsExactly(
                Map.entry("s0", List.of(new BucketRange(100, 199), new BucketRange(300, 300))),
                Map.entry("s1", List.of(new BucketRange(10, 99), new BucketRange(200, 299), new BucketRange(301, 4094))),
                Map.entry("s2", List.of(new BucketRange(0, 9), new BucketRange(4095, 4095))));
        assertThat(map.bucketCounts()).containsExactly(Map.entry("s0", 101), Map.entry("s1", 3984), Map.entry("s2", 11));
    }

    @Test
    void aMapIsImmutable() {
        String[] owners = new String[Buckets.COUNT];
        Arrays.fill(owners, "s0");
        ShardMap map = new ShardMap(2, owners);
        owners[5] = "s1";

        assertThat(map.shardOf(5)).isEqualTo("s0");
    }

    @Test
    void aMapNamesAnOwnerForEachOfTheBuckets() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ShardMap(1, new String[Buckets.COUNT - 1]));
    }
}
