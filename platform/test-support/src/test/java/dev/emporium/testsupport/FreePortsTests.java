package dev.emporium.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FreePortsTests {

    @Test
    void readsTheKernelsEphemeralRange() {
        // A misread (such as "3", what Files.readString gave) fails this; the kernel allows 1024 and up.
        assertThat(FreePorts.ephemeralLow()).isBetween(1_024, 65_535);
    }

    @Test
    void aRangeIsFreeAndEndsBelowTheEphemeralRange() throws IOException {
        int base = FreePorts.range(300);

        assertThat(base).isGreaterThanOrEqualTo(10_000);
        assertThat(base + 300).isLessThanOrEqualTo(FreePorts.ephemeralLow());
        for (int port = base; port < base + 300; port++) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
    }
}
