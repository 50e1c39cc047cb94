package dev.emporium.identity.token;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import dev.emporium.identity.account.Account;
import dev.emporium.identity.account.Role;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AccessTokensTests {

    static final SigningKey KEY = new SigningKey(SigningKey.generate());

    static final Instant NOW = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    final TokenProperties properties = new TokenProperties(Duration.ofMinutes(15), Duration.ofDays(30),
            Path.of("unused.json"));

    final AccessTokens tokens = new AccessTokens(new NimbusJwtEncoder(new ImmutableJWKSet<SecurityContext>(new JWKSet(KEY.jwk()))),
            KEY, this.properties, Clock.fixed(NOW, ZoneOffset.UTC));

    final Account admin = new Account("0b6c7d2e-1f4a-4c8e-9d3b-5a6f7e8d9c0b", "admin@emporium.dev", "Shop Admin",
            List.of(Role.CUSTOMER, Role.ADMIN));

    @Test
    void signsTheAccountsClaimsWithRs256AndTheKeyId() {
        AccessTokens.AccessToken token = this.tokens.issue(this.admin);
        Jwt jwt = new TokenConfiguration().jwtDecoder(KEY).decode(token.value());

        assertThat(jwt.getHeaders()).containsEntry("alg", "RS256").containsEntry("kid", KEY.keyId());
        assertThat(jwt.getClaimAsString("iss")).isEqualTo("emporium-identity");
        assertThat(jwt.getSubject()).isEqualTo(this.admin.id());
        assertThat(jwt.getClaimAsString("email")).isEqualTo("admin@emporium.dev");
        assertThat(jwt.getClaimAsString("name")).isEqualTo("Shop Admin");
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("customer", "admin");
        assertThat(jwt.getIssuedAt()).isEqualTo(NOW);
        assertThat(jwt.getExpiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
        assertThat(token.expiresIn()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void aCustomerHasTheCustomerRoleOnly() {
        Account customer = new Account("c-1", "ann@example.test", "Ann", List.of(Role.CUSTOMER));
        Jwt jwt = new TokenConfiguration().jwtDecoder(KEY).decode(this.tokens.issue(customer).value());
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("customer");
    }

    @Test
    void tokensOfAnotherKeyDoNotValidate() {
        String token = this.tokens.issue(this.admin).value();
        SigningKey other = new SigningKey(SigningKey.generate());
        assertThatExceptionOfType(JwtException.class)
            .isThrownBy(() -> NimbusJwtDecoder.withPublicKey(other.publicKey()).build().decode(token));
    }
}
