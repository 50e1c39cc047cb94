package dev.emporium.platform.messaging;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One database with an outbox: a service's database, or one shard's primary.
 *
 * @param name for logs and metrics: the service, or the shard id
 * @param fenced whether it is a shard, whose relay publishes only the rows of buckets the shard owns (a bucket being
 *        moved away is frozen, and its unsent rows leave from the new owner)
 */
public record OutboxStore(String name, DataSource dataSource, boolean fenced) {

    JdbcClient jdbc() {
        return JdbcClient.create(this.dataSource);
    }

    TransactionTemplate transactions() {
        return new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
    }
}
