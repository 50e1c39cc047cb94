package dev.emporium.chaos.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomeTests {

    @Test
    void classifiesAnswers() {
        assertThat(Outcome.of(200, "application/json")).isEqualTo(Outcome.OK_2XX);
        assertThat(Outcome.of(202, null)).isEqualTo(Outcome.OK_2XX);
        assertThat(Outcome.of(404, "application/problem+json")).isEqualTo(Outcome.CLIENT_4XX);
        assertThat(Outcome.of(429, "application/problem+json")).isEqualTo(Outcome.RATE_LIMITED_429);
        assertThat(Outcome.of(503, "application/problem+json")).isEqualTo(Outcome.PROBLEM_503);
        assertThat(Outcome.of(503, "application/problem+json;charset=UTF-8")).isEqualTo(Outcome.PROBLEM_503);
        // nginx's own 503 page is not a clean refusal of the platform's.
        assertThat(Outcome.of(503, "text/html")).isEqualTo(Outcome.SERVER_5XX);
        assertThat(Outcome.of(502, "text/html")).isEqualTo(Outcome.SERVER_5XX);
        assertThat(Outcome.of(500, "application/problem+json")).isEqualTo(Outcome.SERVER_5XX);
        assertThat(Outcome.of(302, null)).isEqualTo(Outcome.CLIENT_4XX);
    }

    @Test
    void clientAddressesComeFromTheBenchmarkingRange() {
        assertThat(ClientAddresses.at(0)).isEqualTo("198.18.0.1");
        assertThat(ClientAddresses.at(255)).isEqualTo("198.18.1.0");
        assertThat(ClientAddresses.at(65_535)).isEqualTo("198.19.0.0");
        assertThat(ClientAddresses.at(ClientAddresses.SIZE - 1)).isEqualTo("198.19.255.255");
        assertThat(ClientAddresses.at(ClientAddresses.SIZE)).isEqualTo("198.18.0.1");
    }
}
