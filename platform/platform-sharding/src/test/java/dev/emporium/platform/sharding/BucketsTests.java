package dev.emporium.platform.sharding;

import java.util.SplittableRandom;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The bucket function decides where every row lives: it must never change, and it must spread users evenly. */
class BucketsTests {

    @Test
    void bucketsArePinned() {
        // CRC-32C's published check value for "123456789" is 0xE3069283; 0x283 = 643.
        assertThat(Buckets.of("123456789")).isEqualTo(643);
        assertThat(Buckets.of("")).isZero();
        assertThat(Buckets.of("alice")).isEqualTo(654);
        assertThat(Buckets.of("bob@example.com")).isEqualTo(1645);
        assertThat(Buckets.of("00000000-0000-0000-0000-000000000000")).isEqualTo(1237);
        assertThat(Buckets.of("3f2504e0-4f89-11d3-9a0c-0305e82c3301")).isEqualTo(1129);
        assertThat(Buckets.of("ffffffff-ffff-ffff-ffff-ffffffffffff")).isEqualTo(639);
        // UTF-8, not the platform's charset: "ë" is two bytes.
        assertThat(Buckets.of("Zoë")).isEqualTo(3810);
    }

    @Test
    void randomUserIdsSpreadEvenlyOverTheBuckets() {
        SplittableRandom random = new SplittableRandom(20260101);
        int users = 100_000;
        int[] counts = new int[Buckets.COUNT];
        for (int i = 0; i < users; i++) {
            // Version 4 UUIDs, as identity assigns, from a seeded generator so that the test is repeatable.
            long high = (random.nextLong() & ~0xF000L) | 0x4000L;
            long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
            int bucket = Buckets.of(new UUID(high, low).toString());
            assertThat(bucket).isBetween(0, Buckets.COUNT - 1);
            counts[bucket]++;
        }
        double expected = (double) users / Buckets.COUNT;
        double chiSquare = 0;
        int fewest = Integer.MAX_VALUE;
        int most = 0;
        for (int count : counts) {
            chiSquare += (count - expected) * (count - expected) / expected;
            fewest = Math.min(fewest, count);
            most = Math.max(most, count);
        }
        // 4,095 degrees of freedom: mean 4,095, standard deviation √8,190 ≈ 90.5. Six of them either way.
        assertThat(chiSquare).isBetween(4095 - 6 * 90.5, 4095 + 6 * 90.5);
        // Poisson(24.4) per bucket: fewer than 3 or more than 60 in any of 4,096 buckets is vanishingly unlikely.
        assertThat(fewest).isGreaterThanOrEqualTo(3);
        assertThat(most).isLessThanOrEqualTo(60);
    }

    @Test
    void everyBucketIsInRangeWhateverTheId() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            StringBuilder id = new StringBuilder();
            int length = random.nextInt(0, 40);
            for (int c = 0; c < length; c++) {
                id.appendCodePoint(random.nextInt(1, 0x2FFF));
            }
            assertThat(Buckets.of(id.toString())).isBetween(0, Buckets.COUNT - 1);
        }
    }
}
