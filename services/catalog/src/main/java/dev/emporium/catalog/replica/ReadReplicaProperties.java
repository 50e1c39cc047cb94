package dev.emporium.catalog.replica;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the catalog's reads go.
 *
 * @param url a pgjdbc multi-host URL listing the replicas, such as
 * {@code jdbc:postgresql://10.0.0.2:5432,10.0.0.3:5432/emporium_catalog?targetServerType=preferSecondary&loadBalanceHosts=true}
 * (list the primary last to read from it when no replica answers); unset, every read goes to the primary
 * @param maximumPoolSize connections of the replica pool, over all replicas
 * @param lagInterval how often each replica's replay lag is sampled
 */
@ConfigurationProperties("emporium.catalog.read-replicas")
record ReadReplicaProperties(@Nullable String url, @DefaultValue("10") int maximumPoolSize,
        @DefaultValue("5s") Duration lagInterval) {
}
