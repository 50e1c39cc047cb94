package dev.emporium.catalog.replica;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads on the replicas when {@code emporium.catalog.read-replicas.url} is set, on the primary otherwise. The replica
 * pool is not a {@code DataSource} bean, so the primary stays Boot's one auto-configured data source (Flyway, the
 * seeder and every write use it) and nothing reaches the replicas except through {@link CatalogReads}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReadReplicaProperties.class)
class ReadReplicaConfiguration {

    @Bean
    @ConditionalOnProperty("emporium.catalog.read-replicas.url")
    ReadReplicas readReplicas(ReadReplicaProperties properties, DataSourceProperties primary, MeterRegistry meters) {
        return new ReadReplicas(properties, primary.determineUsername(), primary.determinePassword(), meters);
    }

    @Bean
    CatalogReads catalogReads(JdbcClient primary, ObjectProvider<ReadReplicas> replicas) {
        ReadReplicas configured = replicas.getIfAvailable();
        return configured != null ? CatalogReads.onReplicas(configured) : CatalogReads.onPrimary(primary);
    }
}
