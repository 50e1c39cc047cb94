package dev.emporium.identity.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Refresh tokens: 32 random bytes, Base64url. Only their SHA-256 is stored, so the table is no list of live
 * credentials. Each token works once: exchanging it marks it used in the same statement that checks it, so two
 * concurrent exchanges of one token cannot both succeed.
 */
@Repository
class RefreshTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    private final Clock clock;

    private final Duration ttl;

    RefreshTokens(JdbcClient jdbc, Clock clock, TokenProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.ttl = properties.refreshTokenTtl();
    }

    /** A new refresh token for the account; the account's expired tokens are cleared out on the way. */
    String issue(String userId) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        OffsetDateTime now = OffsetDateTime.now(this.clock);
        this.jdbc.sql("delete from refresh_tokens where user_id = :user and expires_at <= :now")
            .param("user", userId)
            .param("now", now)
            .update();
        this.jdbc.sql("""
                insert into refresh_tokens (token_hash, user_id, issued_at, expires_at)
                values (:hash, :user, :now, :expires)
                """)
            .param("hash", hash(token))
            .param("user", userId)
            .param("now", now)
            .param("expires", now.plus(this.ttl))
            .update();
        return token;
    }

    /** Uses up the token: the id of its account if it was known, unexpired and unused; empty otherwise. */
    @Transactional
    Optional<String> consume(String token) {
        String hash = hash(token);
        OffsetDateTime now = OffsetDateTime.now(this.clock);
        int consumed = this.jdbc.sql("""
                update refresh_tokens set used_at = :now
                where token_hash = :hash and used_at is null and expires_at > :now
                """)
            .param("now", now)
            .param("hash", hash)
            .update();
        if (consumed != 1) {
            return Optional.empty();
        }
        return this.jdbc.sql("select user_id from refresh_tokens where token_hash = :hash")
            .param("hash", hash)
            .query(String.class)
            .optional();
    }

    /** Lower-case hex SHA-256 of the token's text, the table's key. */
    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
        }
    }
}
