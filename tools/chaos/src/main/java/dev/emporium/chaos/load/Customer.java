package dev.emporium.chaos.load;

/**
 * One of the run's own customers, logged in once.
 *
 * @param email its unique address
 * @param token its access token
 * @param client its client address (X-Forwarded-For), the same on every request, as one browser's would be
 */
public record Customer(String email, String token, String client) {
}
