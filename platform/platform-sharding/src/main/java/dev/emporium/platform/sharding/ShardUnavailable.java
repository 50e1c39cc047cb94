package dev.emporium.platform.sharding;

import dev.emporium.platform.web.Problems;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The shard that holds a user's data could not be used: its database is unreachable, or the user's bucket is
 * frozen by a move for longer than a write waits. Nothing was changed; the request may be retried. Answered as a
 * 503 problem naming the shard, so one shard down costs only its own users.
 */
public class ShardUnavailable extends ErrorResponseException {

    ShardUnavailable(String shard, String detail, @Nullable Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Shard unavailable", detail),
                cause);
        getBody().setProperty("shard", shard);
        getHeaders().set(HttpHeaders.RETRY_AFTER, "2");
    }

    static ShardUnavailable unreachable(String shard, Throwable cause) {
        return new ShardUnavailable(shard, "The database shard holding this account's data is unavailable. Nothing was "
                + "changed; try again shortly.", cause);
    }

    static ShardUnavailable moving(String shard) {
        return new ShardUnavailable(shard, "This account's data is being moved to another shard. Nothing was changed; "
                + "try again in a moment.", null);
    }
}
