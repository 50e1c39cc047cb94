package dev.emporium.platform.messaging;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.emporium.platform.sharding.ShardedDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/**
 * Messaging for a service that sets {@code emporium.messaging.enabled} (off by default: in embedded mode every
 * service shares one classpath, and only those that send or receive messages take part): the outbox and inbox tables
 * (migrated with their own history table, on the service's database or on every shard), the {@link Outbox}, the
 * {@link Inbox}, the {@link OutboxRelay}, the consumers of the service's {@link Subscription}s, the parking-lot API,
 * and the in-process transport unless another adapter (RabbitMQ) provides the {@link MessageTransport}.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
        "dev.emporium.platform.sharding.ShardingAutoConfiguration",
        "dev.emporium.platform.messaging.rabbit.RabbitMessagingAutoConfiguration" })
@ConditionalOnBooleanProperty("emporium.messaging.enabled")
@EnableConfigurationProperties(MessagingProperties.class)
class MessagingAutoConfiguration {

    /** Boot's Flyway migration of the service's own schema, which must run before the outbox tables appear. */
    private static final String BOOT_FLYWAY = "flywayInitializer";

    @Bean
    @ConditionalOnMissingBean
    MessageTransport inProcessMessageTransport(MessagingProperties properties) {
        if (!properties.transport().equals("in-process")) {
            throw new IllegalStateException("emporium.messaging.transport=" + properties.transport()
                    + " needs its adapter on the classpath (platform-messaging-rabbit for rabbit)");
        }
        return InProcessTransport.named(properties.inProcessBroker());
    }

    /**
     * The databases with an outbox and inbox: every shard's primary for a sharded service, else the service's
     * database. Migrated here, after the service's own migrations (Boot's Flyway runs first, so it still finds the
     * schema it expects).
     */
    @Bean
    OutboxStores outboxStores(@Value("${spring.application.name}") String service,
            ObjectProvider<ShardedDatabase> shards, ObjectProvider<DataSource> dataSource,
            BeanFactory beans) {
        if (beans.containsBean(BOOT_FLYWAY)) {
            beans.getBean(BOOT_FLYWAY);
        }
        List<OutboxStore> stores = new ArrayList<>();
        ShardedDatabase sharded = shards.getIfAvailable();
        if (sharded != null) {
            for (Map.Entry<String, DataSource> shard : sharded.primaries().entrySet()) {
                stores.add(new OutboxStore(service + "-" + shard.getKey(), shard.getValue(), true));
            }
        }
        else {
            stores.add(new OutboxStore(service, dataSource.getObject(), false));
        }
        stores.forEach(store -> Flyway.configure()
            .dataSource(store.dataSource())
            .locations("classpath:db/messaging")
            .table("messaging_schema_history")
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .load()
            .migrate());
        return new OutboxStores(stores);
    }

    @Bean
    Outbox outbox(@Value("${spring.application.name}") String service, ObjectProvider<JsonMapper> json,
            ObjectProvider<Clock> clock, ObjectProvider<MessageTracing> tracing, OutboxStores migrated) {
        return new Outbox(service, json.getIfAvailable(JsonMapper::new), clock.getIfAvailable(Clock::systemUTC),
                tracing.getIfAvailable());
    }

    /** Traces across the broker, when the service traces (platform-web brings Micrometer Tracing). */
    @Bean
    @ConditionalOnBean({ Tracer.class, Propagator.class })
    MessageTracing messageTracing(Tracer tracer, Propagator propagator) {
        return new MessageTracing(tracer, propagator);
    }

    @Bean
    Inbox inbox(ObjectProvider<Clock> clock, OutboxStores migrated) {
        return new Inbox(clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "emporium.messaging.relay.enabled", matchIfMissing = true)
    OutboxRelay outboxRelay(OutboxStores stores, Outbox outbox, MessageTransport transport,
            MessagingProperties properties, ObjectProvider<Clock> clock, ObjectProvider<MeterRegistry> meters) {
        OutboxRelay relay = new OutboxRelay(stores.stores(), transport, properties.relay(), properties.inboxRetention(),
                clock.getIfAvailable(Clock::systemUTC), meters.getIfAvailable());
        outbox.onCommit(relay::nudge);
        return relay;
    }

    @Bean
    MessageConsumers messageConsumers(@Value("${spring.application.name}") String service,
            ObjectProvider<Subscription> subscriptions, MessageTransport transport, MessagingProperties properties,
            ObjectProvider<JsonMapper> json, ObjectProvider<MeterRegistry> meters, ObjectProvider<MessageTracing> tracing,
            OutboxStores migrated) {
        return new MessageConsumers(Envelope.exchangeOf(service), subscriptions.orderedStream().toList(), transport,
                properties, json.getIfAvailable(JsonMapper::new), meters.getIfAvailable(), tracing.getIfAvailable());
    }

    @Bean
    ParkedMessagesController parkedMessagesController(MessageTransport transport) {
        return new ParkedMessagesController(transport);
    }

    /** The outbox databases, migrated. */
    record OutboxStores(List<OutboxStore> stores) {
    }
}
