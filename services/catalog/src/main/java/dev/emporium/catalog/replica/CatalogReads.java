package dev.emporium.catalog.replica;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Runs the catalog's read queries, those that may see data a moment old: on the read replicas when they are
 * configured, else on the primary. Writes, and reads that must see a write just made, use the primary's
 * {@link JdbcClient} instead.
 * <p>
 * On replicas, a read that fails at the connection level runs again, twice at most, after 25 and 100 ms: the replica
 * died or is restarting, so the pool's connections are replaced first, and pgjdbc opens the new ones on replicas that
 * answer. Any other failure is the query's own and is not retried.
 */
public final class CatalogReads {

    /**
     * Connection-level SQLStates besides class 08 (connection exception): the server is shutting down
     * (admin_shutdown, crash_shutdown) or not accepting connections yet (cannot_connect_now).
     */
    private static final Set<String> SERVER_UNAVAILABLE = Set.of("57P01", "57P02", "57P03");

    private final JdbcClient jdbc;

    private final @Nullable RetryTemplate retry;

    private CatalogReads(JdbcClient jdbc, @Nullable RetryTemplate retry) {
        this.jdbc = jdbc;
        this.retry = retry;
    }

    static CatalogReads onPrimary(JdbcClient primary) {
        return new CatalogReads(primary, null);
    }

    static CatalogReads onReplicas(ReadReplicas replicas) {
        RetryTemplate retry = new RetryTemplate(RetryPolicy.builder()
            .predicate(CatalogReads::isConnectionFailure)
            .maxRetries(2)
            .delay(Duration.ofMillis(25))
            .multiplier(4)
            .build());
        retry.setRetryListener(new RetryListener() {

            @Override
            public void beforeRetry(RetryPolicy policy, Retryable<?> retryable) {
                replicas.replaceConnections();
            }
        });
        return new CatalogReads(replicas.jdbc(), retry);
    }

    /** Runs {@code query}, which may run more than once and so must only read. */
    public <T> T query(Function<JdbcClient, T> query) {
        if (this.retry == null) {
            return query.apply(this.jdbc);
        }
        return this.retry.invoke(() -> query.apply(this.jdbc));
    }

    /** Whether the failure, or a cause of it, is a broken or refused connection rather than an error of the query. */
    static boolean isConnectionFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || SERVER_UNAVAILABLE.contains(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
