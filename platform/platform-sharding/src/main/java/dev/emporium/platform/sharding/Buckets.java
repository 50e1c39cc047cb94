package dev.emporium.platform.sharding;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * A user's bucket: {@code CRC-32C(UTF-8 bytes of the user id) mod 4096}. The function must never change: it decides
 * where every row of sharded data lives. CRC-32C is in the JDK, fast, and spreads random UUIDs evenly; it is not a
 * defence against users choosing their ids, which they do not (identity assigns random UUIDs).
 */
public final class Buckets {

    /** The number of logical buckets. Shards own whole buckets; a move hands buckets over. */
    public static final int COUNT = 4096;

    private Buckets() {
    }

    public static int of(String userId) {
        CRC32C crc = new CRC32C();
        crc.update(userId.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % COUNT);
    }
}
