package dev.emporium.cluster;

import java.io.IOException;
import java.util.OptionalLong;

/**
 * One process of the cluster that the supervisor keeps running: a service instance, a PostgreSQL server, Redis, the
 * nginx edge. The supervisor starts it, checks it, restarts it when it has died (unless it was stopped on purpose),
 * and kills or stops it on request (the chaos scenarios do).
 */
public interface Supervised {

    /** A unique name, such as {@code catalog-1}, {@code pg-s0-replica-1} or {@code redis}. */
    String name();

    /** What it is: {@code service}, {@code postgres}, {@code redis}, {@code edge}. */
    String kind();

    /** The loopback port it listens on. */
    int port();

    /** Starts the process and returns without waiting for it to be healthy. */
    void start() throws IOException;

    /** The process id while it runs. */
    OptionalLong pid();

    /** Whether it answers as it should (readiness for a service, a query for a database). */
    boolean healthy();

    /** Sends SIGKILL: the supervisor notices and restarts it. */
    void kill();

    /** Stops it the orderly way (SIGTERM, then SIGKILL after a grace period) and waits until it has gone. */
    void stop();
}
