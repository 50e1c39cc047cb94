package dev.emporium.platform.sharding;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BucketRangeTests {

    @Test
    void parsesARange() {
        assertThat(BucketRange.parse("0-1023")).contains(new BucketRange(0, 1023));
        assertThat(BucketRange.parse("0-4095")).contains(new BucketRange(0, 4095));
        assertThat(BucketRange.parse("4095-4095")).contains(new BucketRange(4095, 4095));
    }

    @Test
    void parsesOneBucket() {
        assertThat(BucketRange.parse("7")).contains(new BucketRange(7, 7));
        assertThat(BucketRange.parse("0")).contains(new BucketRange(0, 0));
        assertThat(BucketRange.parse("0007")).contains(new BucketRange(7, 7));
    }

    @Test
    void allowsSpaces() {
        assertThat(BucketRange.parse("  10 -  20 ")).contains(new BucketRange(10, 20));
        assertThat(BucketRange.parse(" 5 ")).contains(new BucketRange(5, 5));
    }

    @ParameterizedTest
    @ValueSource(strings = { "20-10", "4096", "0-4096", "4000-5000", "-1", "-1-5", "99999", "12345-12346" })
    void refusesReversedAndOutOfRangeBuckets(String text) {
        assertThat(BucketRange.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", " ", "-", "1-", "-5", "a-b", "1-2-3", "1..5", "1,2", "0x10", "1 2", "١-٢", "1-5x" })
    void refusesGarbage(String text) {
        assertThat(BucketRange.parse(text)).isEmpty();
    }

    @Test
    void writesItselfAsItIsParsed() {
        assertThat(new BucketRange(3, 9)).hasToString("3-9");
        assertThat(new BucketRange(3, 3)).hasToString("3");
        assertThat(BucketRange.parse(new BucketRange(100, 4095).toString())).contains(new BucketRange(100, 4095));
        assertThat(new BucketRange(0, 4095).size()).isEqualTo(4096);
        assertThat(new BucketRange(12, 12).size()).isEqualTo(1);
    }

    @Test
    void cannotBeMadeOutOfRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> new BucketRange(-1, 3));
        assertThatIllegalArgumentException().isThrownBy(() -> new BucketRange(0, 4096));
        assertThatIllegalArgumentException().isThrownBy(() -> new BucketRange(9, 8));
    }
}
