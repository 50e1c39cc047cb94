package dev.emporium.platform.sharding;

import java.util.Optional;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One shard's database of this service: its primary (and, if configured, a replica for stale reads), a
 * {@link JdbcClient} and transactions on each, and the bucket fence. The fence is read with a shared lock by writes
 * ({@code FOR SHARE} on PostgreSQL; H2 has no shared row lock, so {@code FOR UPDATE}: writes to one bucket take turns
 * in embedded mode), which a move's freeze waits for.
 */
final class ShardDatabase {

    enum Fence {
        OWNED, FROZEN, NOT_HERE
    }

    private final String id;

    private final String server;

    private final DataSource primary;

    private final JdbcClient jdbc;

    private final TransactionTemplate writes;

    private final TransactionTemplate reads;

    private final TransactionTemplate snapshots;

    private final JdbcClient replicaJdbc;

    private final String lockClause;

    ShardDatabase(String id, String url, DataSource primary, @Nullable DataSource replica) {
        this.id = id;
        this.server = server(url);
        this.primary = primary;
        this.jdbc = JdbcClient.create(primary);
        this.writes = new TransactionTemplate(new DataSourceTransactionManager(primary));
        this.reads = new TransactionTemplate(new DataSourceTransactionManager(primary));
        this.reads.setReadOnly(true);
        this.reads.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.snapshots = new TransactionTemplate(new DataSourceTransactionManager(primary));
        this.snapshots.setReadOnly(true);
        this.snapshots.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.replicaJdbc = replica != null ? JdbcClient.create(replica) : this.jdbc;
        this.lockClause = url.startsWith("jdbc:h2:") ? "for update" : "for share";
    }

    String id() {
        return this.id;
    }

    /** Where the shard lives, for people: host, port and database of the URL, never its credentials. */
    String server() {
        return this.server;
    }

    DataSource primary() {
        return this.primary;
    }

    JdbcClient jdbc() {
        return this.jdbc;
    }

    /** Reads that may be stale: the replica if there is one. */
    JdbcClient replicaJdbc() {
        return this.replicaJdbc;
    }

    TransactionTemplate writes() {
        return this.writes;
    }

    TransactionTemplate reads() {
        return this.reads;
    }

    /** Read-only transactions that see one snapshot of the database (repeatable read), for copying a bucket. */
    TransactionTemplate snapshots() {
        return this.snapshots;
    }

    /** The bucket's fence, read in the current transaction; {@code locked} takes the write lock on its row. */
    Fence fence(int bucket, boolean locked) {
        Optional<String> state = this.jdbc.sql("select state from shard_buckets where bucket = :bucket"
                + (locked ? " " + this.lockClause : ""))
            .param("bucket", bucket)
            .query(String.class)
            .optional();
        return state.map(Fence::valueOf).orElse(Fence.NOT_HERE);
    }

    private static String server(String url) {
        String rest = url.replaceFirst("^jdbc:", "");
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        int options = rest.indexOf(';');
        if (options >= 0) {
            rest = rest.substring(0, options);
        }
        return rest.replaceFirst("//[^@/]*@", "//");
    }
}
