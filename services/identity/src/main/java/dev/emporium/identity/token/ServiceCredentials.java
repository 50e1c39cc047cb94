package dev.emporium.identity.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.emporium.platform.sharding.MoveCredentials;
import org.springframework.stereotype.Component;

/**
 * The admin token identity's shard move coordinator sends to cart and orders. Minted here with identity's own key
 * (a move can outlast the token of the admin who started it), valid for five minutes, renewed a minute early.
 */
@Component
class ServiceCredentials implements MoveCredentials {

    private static final Duration TTL = Duration.ofMinutes(5);

    private final AccessTokens tokens;

    private final Clock clock;

    private volatile Instant renewAt = Instant.MIN;

    private volatile String token = "";

    ServiceCredentials(AccessTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    public synchronized String bearerToken() {
        Instant now = this.clock.instant();
        if (!now.isBefore(this.renewAt)) {
            this.token = this.tokens.issueForService(TTL).value();
            this.renewAt = now.plus(TTL).minusSeconds(60);
        }
        return this.token;
    }
}
