package dev.emporium.chaos.control;

import org.jspecify.annotations.Nullable;

/**
 * One process as {@code GET /status} shows it.
 *
 * @param name such as {@code catalog-1}, {@code pg-main-replica-1}, {@code redis}
 * @param kind service, edge, redis, rabbitmq or postgres
 * @param service the service of a service instance, else null
 * @param port its loopback port
 * @param pid its process id while it runs
 * @param state STARTING, UP, DOWN or STOPPED
 * @param restarts how often the supervisor has restarted it
 */
public record ProcessStatus(String name, String kind, @Nullable String service, int port, @Nullable Long pid,
        String state, int restarts) {

    public boolean up() {
        return "UP".equals(this.state);
    }
}
