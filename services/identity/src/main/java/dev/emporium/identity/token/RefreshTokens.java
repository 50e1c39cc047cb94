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

import dev.emporium.platform.sharding.Buckets;
import dev.emporium.platform.sharding.ShardedDatabase;
import org.springframework.stereotype.Repository;

/**
 * Refresh tokens, on their user's shard: {@code <user id>.<32 random bytes, Base64url>}. The user id tells which
 * shard to look on (it is no secret: it is the access token's subject too). Only the token's SHA-256 is stored, so
 * the table is no list of live credentials. Each token works once: exchanging it marks it used in the same statement
 * that checks it, so two concurrent exchanges of one token cannot both succeed.
 */
@Repository
class RefreshTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ShardedDatabase shards;

    private final Clock clock;

    private final Duration ttl;

    RefreshTokens(ShardedDatabase shards, Clock clock, TokenProperties properties) {
        this.shards = shards;
        this.clock = clock;
        this.ttl = properties.refreshTokenTtl();
    }

    /** A new refresh token for the account; the account's expired tokens are cleared out on the way. */
    String issue(String userId) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String token = userId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        OffsetDateTime now = OffsetDateTime.now(this.clock);
        this.shards.writeWithoutResult(userId, jdbc -> {
            jdbc.sql("delete from refresh_tokens where user_id = :user and expires_at <= :now")
                .param("user", userId)
                .param("now", now)
                .update();
            jdbc.sql("""
                    insert into refresh_tokens (token_hash, user_id, issued_at, expires_at, bucket)
                    values (:hash, :user, :now, :expires, :bucket)
                    """)
                .param("hash", hash(token))
                .param("user", userId)
                .param("now", now)
                .param("expires", now.plus(this.ttl))
                .param("bucket", Buckets.of(userId))
                .update();
        });
        return token;
    }

    /** Uses up the token: the id of its account if it was known, unexpired and unused; empty otherwise. */
    Optional<String> consume(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0 || dot > 36) {
            return Optional.empty();
        }
        String userId = token.substring(0, dot);
        OffsetDateTime now = OffsetDateTime.now(this.clock);
        int consumed = this.shards.write(userId, jdbc -> jdbc.sql("""
                update refresh_tokens set used_at = :now
                where token_hash = :hash and user_id = :user and used_at is null and expires_at > :now
                """)
            .param("now", now)
            .param("hash", hash(token))
            .param("user", userId)
            .update());
        return consumed == 1 ? Optional.of(userId) : Optional.empty();
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
