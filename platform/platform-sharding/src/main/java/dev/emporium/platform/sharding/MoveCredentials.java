package dev.emporium.platform.sharding;

/**
 * The bearer token a move coordinator's calls to the other sharded services carry: an admin token the coordinating
 * service mints for itself (a move outlives the request that started it, and the admin's own token).
 */
@FunctionalInterface
public interface MoveCredentials {

    String bearerToken();
}
