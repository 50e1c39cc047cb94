package dev.emporium.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for platforms that tests and benchmarks start, always below the kernel's ephemeral range: a
 * port in that range may be free when checked and then be taken as the local end of some outgoing connection (a
 * JDBC pool's, say) before the service that was given it binds, which then can never start.
 */
public final class FreePorts {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    /** Linux's default ephemeral range starts here, where the kernel does not say otherwise. */
    private static final int DEFAULT_EPHEMERAL_LOW = 32_768;

    private static final int LOWEST = 10_000;

    private FreePorts() {
    }

    /** A base port whose next {@code count - 1} ports are free too (the embedded platform's services take them). */
    public static int range(int count) {
        int highest = ephemeralLow() - count;
        if (highest <= LOWEST) {
            throw new IllegalStateException("no room for " + count + " ports between " + LOWEST
                    + " and the ephemeral range (" + EPHEMERAL_RANGE + ")");
        }
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(LOWEST, highest);
            boolean free = true;
            for (int port = base; port < base + count && free; port++) {
                try (ServerSocket socket = new ServerSocket(port)) {
                    socket.setReuseAddress(true);
                }
                catch (IOException ex) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no " + count + " free ports in a row");
    }

    static int ephemeralLow() {
        try {
            // Not Files.readString: it sizes its read by the file's size, which /proc reports as 0 (it read "3").
            return Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).getFirst().trim().split("\\s+")[0]);
        }
        catch (IOException | RuntimeException ex) {
            return DEFAULT_EPHEMERAL_LOW;
        }
    }
}
