package dev.emporium.chaos.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class OpenScheduleTests {

    @Test
    void arrivalsAreDueAtTheRateFromTheStartWhateverHappenedBefore() {
        OpenSchedule schedule = new OpenSchedule(1_000, 40);
        assertThat(schedule.intendedStart(0)).isEqualTo(1_000);
        assertThat(schedule.intendedStart(1)).isEqualTo(1_000 + 25_000_000);
        assertThat(schedule.intendedStart(40)).isEqualTo(1_000 + 1_000_000_000);
        // Arrival 400 is due 10 s in, however long the first 399 took to answer: nothing in the schedule waits.
        assertThat(schedule.intendedStart(400)).isEqualTo(1_000 + 10_000_000_000L);
    }

    @Test
    void fractionalIntervalsDoNotDrift() {
        OpenSchedule schedule = new OpenSchedule(0, 3);
        assertThat(schedule.intendedStart(1)).isEqualTo(333_333_333);
        assertThat(schedule.intendedStart(3)).isEqualTo(1_000_000_000);
        assertThat(schedule.intendedStart(3_000)).isEqualTo(1_000_000_000_000L);
    }

    @Test
    void countsTheArrivalsDueWithinATime() {
        OpenSchedule schedule = new OpenSchedule(5, 10);
        assertThat(schedule.dueWithin(0)).isZero();
        assertThat(schedule.dueWithin(1)).isEqualTo(1);
        assertThat(schedule.dueWithin(100_000_000)).isEqualTo(1);
        assertThat(schedule.dueWithin(100_000_001)).isEqualTo(2);
        assertThat(schedule.dueWithin(1_000_000_000)).isEqualTo(10);
        assertThat(new OpenSchedule(0, 7).dueWithin(60_000_000_000L)).isEqualTo(420);
    }

    @Test
    void refusesARateThatIsNotPositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> new OpenSchedule(0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new OpenSchedule(0, -1));
        assertThatIllegalArgumentException().isThrownBy(() -> new OpenSchedule(0, Double.NaN));
    }
}
