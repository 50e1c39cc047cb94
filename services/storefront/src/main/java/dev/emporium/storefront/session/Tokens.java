package dev.emporium.storefront.session;

/** What login and refresh answer: a short-lived access token (JWT) and a refresh token, rotated on each refresh. */
public record Tokens(String accessToken, String refreshToken, String tokenType, long expiresIn) {
}
