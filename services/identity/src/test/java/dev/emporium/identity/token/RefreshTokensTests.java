package dev.emporium.identity.token;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;

/** Refresh tokens against the real schema (H2 in PostgreSQL mode), with a clock the test moves. */
class RefreshTokensTests {

    final MovableClock clock = new MovableClock(Instant.parse("2026-01-10T12:00:00Z"));

    JdbcClient jdbc;

    RefreshTokens tokens;

    @BeforeEach
    void schema() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:refresh-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/identity/V1__accounts_and_refresh_tokens.sql"))
            .execute(dataSource);
        this.jdbc = JdbcClient.create(dataSource);
        this.jdbc.sql("""
                insert into users (id, email, name, password_hash, roles, created_at)
                values ('u-1', 'ann@example.test', 'Ann', '{bcrypt}x', 'customer', current_timestamp)
                """).update();
        this.tokens = new RefreshTokens(this.jdbc, this.clock,
                new TokenProperties(Duration.ofMinutes(15), Duration.ofDays(30), Path.of("unused.json")));
    }

    @Test
    void aTokenIs32RandomBytesInBase64urlStoredOnlyAsItsHash() {
        String token = this.tokens.issue("u-1");
        assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(this.tokens.issue("u-1")).isNotEqualTo(token);
        assertThat(this.jdbc.sql("select token_hash from refresh_tokens").query(String.class).list())
            .contains(RefreshTokens.hash(token))
            .doesNotContain(token);
    }

    @Test
    void worksOnceOnly() {
        String token = this.tokens.issue("u-1");
        assertThat(this.tokens.consume(token)).contains("u-1");
        assertThat(this.tokens.consume(token)).isEmpty();
        assertThat(this.tokens.consume("never-issued")).isEmpty();
    }

    @Test
    void expiresAfterItsLifetime() {
        String stillValid = this.tokens.issue("u-1");
        String expired = this.tokens.issue("u-1");
        this.clock.advance(Duration.ofDays(30).minusSeconds(1));
        assertThat(this.tokens.consume(stillValid)).contains("u-1");
        this.clock.advance(Duration.ofSeconds(1));
        assertThat(this.tokens.consume(expired)).isEmpty();
    }

    @Test
    void issuingClearsTheAccountsExpiredTokens() {
        this.tokens.issue("u-1");
        this.tokens.issue("u-1");
        this.clock.advance(Duration.ofDays(31));
        this.tokens.issue("u-1");
        assertThat(this.jdbc.sql("select count(*) from refresh_tokens").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void hashesAsSha256InHex() {
        assertThat(RefreshTokens.hash("abc"))
            .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    static final class MovableClock extends Clock {

        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            this.now = this.now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return this.now;
        }
    }
}
