package dev.emporium.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class LoadSettingsTests {

    @Test
    void durationsAreReadAsPeopleTypeThem() {
        assertThat(LoadSettings.duration("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(LoadSettings.duration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(LoadSettings.duration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(LoadSettings.duration("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(LoadSettings.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThatIllegalArgumentException().isThrownBy(() -> LoadSettings.duration("soon"));
    }

    @Test
    void refusesSettingsThatMakeNoRun() {
        URI url = URI.create("http://localhost:8080");
        Duration minute = Duration.ofMinutes(1);
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new LoadSettings(URI.create("ftp://localhost"), 20, minute, Duration.ZERO, 200, minute, false));
        assertThatIllegalArgumentException().isThrownBy(() -> new LoadSettings(url, 0, minute, Duration.ZERO, 200, minute, false));
        assertThatIllegalArgumentException().isThrownBy(() -> new LoadSettings(url, 20, Duration.ZERO, Duration.ZERO, 200, minute, false));
        assertThatIllegalArgumentException().isThrownBy(() -> new LoadSettings(url, 20, minute, Duration.ZERO, 0, minute, false));
        assertThat(new LoadSettings(url, 0.5, minute, Duration.ZERO, 1, Duration.ZERO, true).rate()).isEqualTo(0.5);
    }
}
