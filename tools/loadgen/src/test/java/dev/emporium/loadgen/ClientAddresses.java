package dev.emporium.loadgen;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Addresses of simulated clients, from 198.18.0.0/15 (RFC 2544's benchmarking range, never routed): each virtual
 * client sends one as {@code X-Forwarded-For}, which the gateway believes from a loopback hop, so its limits per
 * client address see many clients instead of one. No traffic ever goes to these addresses.
 */
final class ClientAddresses {

    /** 198.18.0.0/15: 2^17 addresses. */
    static final int SIZE = 1 << 17;

    private static final int BASE = (198 << 24) | (18 << 16);

    private ClientAddresses() {
    }

    /** The address at {@code index} (0 .. {@link #SIZE} - 1) of the range. */
    static String at(int index) {
        if (index < 0 || index >= SIZE) {
            throw new IllegalArgumentException("no address " + index + " in 198.18.0.0/15");
        }
        int address = BASE + index;
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff);
    }

    /** Any address of the range but the first {@code reserved} ones (those belong to the registered customers). */
    static String random(int reserved) {
        return at(ThreadLocalRandom.current().nextInt(reserved, SIZE));
    }
}
