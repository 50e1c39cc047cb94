package dev.emporium.identity.token;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import dev.emporium.identity.ShardedH2;
import dev.emporium.platform.sharding.ShardingSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Refresh tokens against the real sharded schema (H2 in PostgreSQL mode), with a clock the test moves. */
class RefreshTokensTests {

    final MovableClock clock = new MovableClock(Instant.parse("2026-01-10T12:00:00Z"));

    ShardingSetup shards;

    RefreshTokens tokens;

    @BeforeEach
    void schema() {
        this.shards = ShardedH2.open(this.clock);
        this.shards.database().writeWithoutResult("u-1", jdbc -> jdbc.sql("""
                insert into users (id, email, name, password_hash, roles, created_at, bucket)
                values ('u-1', 'ann@example.test', 'Ann', '{bcrypt}x', 'customer', current_timestamp, :bucket)
                """).param("bucket", dev.emporium.platform.sharding.Buckets.of("u-1")).update());
        this.tokens = new RefreshTokens(this.shards.database(), this.clock,
                new TokenProperties(Duration.ofMinutes(15), Duration.ofDays(30), Path.of("unused.json")));
    }

    @AfterEach
    void close() {
        this.shards.close();
    }

    @Test
    void aTokenIsTheUserIdAnd32RandomBytesInBase64urlStoredOnlyAsItsHash() {
        String token = this.tokens.issue("u-1");
        assertThat(token).startsWith("u-1.").hasSize(4 + 43).matches("u-1\\.[A-Za-z0-9_-]+");
        assertThat(this.tokens.issue("u-1")).isNotEqualTo(token);
        java.util.List<String> stored = this.shards.database().read("u-1", jdbc -> jdbc.sql("select token_hash from refresh_tokens")
            .query(String.class).list());
        assertThat(stored)
            .contains(RefreshTokens.hash(token))
            .doesNotContain(token);
    }

    @Test
    void aTokenNamingAnotherUserOrNoUserIsRejected() {
        String token = this.tokens.issue("u-1");
        assertThat(this.tokens.consume("u-2" + token.substring(3))).isEmpty();
        assertThat(this.tokens.consume(token.substring(4))).isEmpty();
        assertThat(this.tokens.consume(token)).contains("u-1");
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
        assertThat(ShardedH2.count(this.shards, "refresh_tokens", "1 = 1")).isEqualTo(1);
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
