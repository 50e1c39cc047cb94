package dev.emporium.testsupport;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Issues real RS256 tokens, shaped like identity's, from a key made for the test JVM. A service test imports
 * {@link Configuration} so the service validates them exactly as it validates identity's tokens in production:
 * signature, expiry and the {@code roles} claim all take the real path.
 */
public final class TestJwtIssuer {

    private static final KeyPair KEYS = generate();

    private static final NimbusJwtEncoder ENCODER = new NimbusJwtEncoder(new ImmutableJWKSet<SecurityContext>(new JWKSet(
            new RSAKey.Builder((RSAPublicKey) KEYS.getPublic()).privateKey((RSAPrivateKey) KEYS.getPrivate()).keyID("test").build())));

    private TestJwtIssuer() {
    }

    /** An {@code Authorization} header value for {@code userId}; the roles default to {@code customer}. */
    public static String bearer(String userId, String... roles) {
        return "Bearer " + token(userId, roles);
    }

    /** A signed access token for {@code userId}, valid for ten minutes. */
    public static String token(String userId, String... roles) {
        Instant now = Instant.now();
        JwtClaimsSet claims = JwtClaimsSet.builder()
            .issuer("emporium-identity")
            .subject(userId)
            .issuedAt(now)
            .expiresAt(now.plusSeconds(600))
            .claim("email", userId + "@example.test")
            .claim("name", "Test " + userId)
            .claim("roles", roles.length == 0 ? List.of("customer") : List.of(roles))
            .build();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId("test").build();
        return ENCODER.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    }

    /** Replaces the service's JWKS-backed decoder with one that trusts the test key. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Configuration {

        @Bean
        JwtDecoder testJwtDecoder() {
            return NimbusJwtDecoder.withPublicKey((RSAPublicKey) KEYS.getPublic()).build();
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
