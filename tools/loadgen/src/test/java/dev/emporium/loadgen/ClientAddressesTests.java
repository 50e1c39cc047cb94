package dev.emporium.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class ClientAddressesTests {

    @Test
    void addressesSpanTheBenchmarkingRangeOnly() {
        assertThat(ClientAddresses.at(0)).isEqualTo("198.18.0.0");
        assertThat(ClientAddresses.at(257)).isEqualTo("198.18.1.1");
        assertThat(ClientAddresses.at(ClientAddresses.SIZE - 1)).isEqualTo("198.19.255.255");
        assertThatIllegalArgumentException().isThrownBy(() -> ClientAddresses.at(ClientAddresses.SIZE));
        assertThatIllegalArgumentException().isThrownBy(() -> ClientAddresses.at(-1));
    }

    @RepeatedTest(20)
    void randomAddressesSkipTheReservedOnes() {
        String address = ClientAddresses.random(ClientAddresses.SIZE - 1);
        assertThat(address).isEqualTo("198.19.255.255");
        assertThat(ClientAddresses.random(201)).matches("198\\.1[89]\\.\\d{1,3}\\.\\d{1,3}").isNotIn(
                ClientAddresses.at(0), ClientAddresses.at(200));
    }
}
