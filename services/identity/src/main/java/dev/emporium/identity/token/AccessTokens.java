package dev.emporium.identity.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import dev.emporium.identity.account.Account;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

/**
 * Issues RS256 access tokens: {@code iss} emporium-identity, {@code sub} the account id, {@code email}, {@code name},
 * {@code roles} (["customer"] or ["customer", "admin"]), {@code iat} and {@code exp}; the header names the signing
 * key ({@code kid}) so verifiers pick it from the JWK set.
 */
@Component
class AccessTokens {

    static final String ISSUER = "emporium-identity";

    private final JwtEncoder encoder;

    private final String keyId;

    private final Duration ttl;

    private final Clock clock;

    AccessTokens(JwtEncoder encoder, SigningKey signingKey, TokenProperties properties, Clock clock) {
        this.encoder = encoder;
        this.keyId = signingKey.keyId();
        this.ttl = properties.accessTokenTtl();
        this.clock = clock;
    }

    record AccessToken(String value, Duration expiresIn) {
    }

    /**
     * A token for identity's own calls to other services (the shard move coordinator's): subject {@code
     * service:identity}, role admin, short-lived.
     */
    AccessToken issueForService(Duration ttl) {
        Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
        JwtClaimsSet claims = JwtClaimsSet.builder()
            .issuer(ISSUER)
            .subject("service:identity")
            .issuedAt(now)
            .expiresAt(now.plus(ttl))
            .claim("roles", java.util.List.of("admin"))
            .build();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(this.keyId).build();
        return new AccessToken(this.encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue(), ttl);
    }

    AccessToken issue(Account account) {
        Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
        JwtClaimsSet claims = JwtClaimsSet.builder()
            .issuer(ISSUER)
            .subject(account.id())
            .issuedAt(now)
            .expiresAt(now.plus(this.ttl))
            .claim("email", account.email())
            .claim("name", account.name())
            .claim("roles", account.roleClaims())
            .build();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(this.keyId).build();
        return new AccessToken(this.encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue(), this.ttl);
    }
}
