package dev.emporium.chaos.load;

/**
 * The simulated clients' addresses, from 198.18.0.0/15, the range reserved for benchmarking (RFC 2544): sent as
 * {@code X-Forwarded-For}, which the gateway believes from loopback, so its per-client limits see many clients
 * rather than one. Never an address anything is sent to.
 */
public final class ClientAddresses {

    /** 198.18.0.0/15 holds 2^17 addresses; the first (network) one is skipped. */
    public static final int SIZE = (1 << 17) - 1;

    private ClientAddresses() {
    }

    /** The {@code index}-th address (0-based, modulo the range's size). */
    public static String at(int index) {
        int offset = Math.floorMod(index, SIZE) + 1;
        return "198." + (18 + (offset >>> 16)) + "." + ((offset >>> 8) & 0xff) + "." + (offset & 0xff);
    }
}
