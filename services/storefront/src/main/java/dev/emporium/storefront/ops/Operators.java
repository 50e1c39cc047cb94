package dev.emporium.storefront.ops;

import java.util.List;

import dev.emporium.storefront.api.ApiUnavailable;
import dev.emporium.storefront.api.StorefrontProperties;
import dev.emporium.storefront.api.TokenRejected;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;

/**
 * Tells whether an access token is an administrator's: its {@code roles} claim holds {@code admin}. Unlike the
 * greeting's name, this decides what the storefront shows, so the token is verified first: signed with one of the
 * identity service's keys (its JWKS, fetched through the public API and kept) and not expired. A token that fails
 * that is {@link TokenRejected}, as if the API had rejected it, so the session refreshes it once or asks for a login.
 */
@Component
class Operators {

    static final String ADMIN = "admin";

    private final JwtDecoder tokens;

    Operators(StorefrontProperties properties) {
        String api = properties.apiBaseUrl().toString();
        this.tokens = NimbusJwtDecoder
            .withJwkSetUri((api.endsWith("/") ? api.substring(0, api.length() - 1) : api) + "/.well-known/jwks.json")
            .build();
    }

    /**
     * @throws TokenRejected when the token is not one of identity's, or expired
     * @throws ApiUnavailable when identity's keys cannot be fetched
     */
    boolean isAdmin(String accessToken) {
        Jwt token;
        try {
            token = this.tokens.decode(accessToken);
        }
        catch (BadJwtException ex) {
            throw new TokenRejected();
        }
        catch (JwtException ex) {
            throw new ApiUnavailable("Cannot verify the access token: " + ex.getMessage(), ex);
        }
        List<String> roles = token.getClaimAsStringList("roles");
        return roles != null && roles.contains(ADMIN);
    }
}
