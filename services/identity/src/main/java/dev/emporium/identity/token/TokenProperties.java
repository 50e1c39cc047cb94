package dev.emporium.identity.token;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How identity issues tokens.
 *
 * @param accessTokenTtl lifetime of an access token (the {@code exp} claim and {@code expiresIn})
 * @param refreshTokenTtl lifetime of a refresh token; each use replaces it with a new one of the same lifetime
 * @param signingKeyFile the JWK file with the RSA key pair that signs access tokens; created (owner-only) if missing
 */
@ConfigurationProperties("emporium.identity")
record TokenProperties(@DefaultValue("15m") Duration accessTokenTtl, @DefaultValue("30d") Duration refreshTokenTtl,
        @DefaultValue("data/identity/jwt-signing-key.json") Path signingKeyFile) {

    TokenProperties {
        if (!accessTokenTtl.isPositive() || !refreshTokenTtl.isPositive()) {
            throw new IllegalArgumentException("token lifetimes must be positive");
        }
    }
}
