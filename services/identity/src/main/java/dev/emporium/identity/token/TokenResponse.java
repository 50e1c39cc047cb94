package dev.emporium.identity.token;

/**
 * Tokens for a logged-in account.
 *
 * @param expiresIn seconds until the access token expires
 */
record TokenResponse(String accessToken, String refreshToken, String tokenType, long expiresIn) {

    static TokenResponse bearer(String accessToken, String refreshToken, long expiresIn) {
        return new TokenResponse(accessToken, refreshToken, "Bearer", expiresIn);
    }
}
