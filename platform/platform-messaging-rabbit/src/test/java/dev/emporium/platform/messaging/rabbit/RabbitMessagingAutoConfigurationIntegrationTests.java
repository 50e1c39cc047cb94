package dev.emporium.platform.messaging.rabbit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.emporium.platform.messaging.Deliveries;
import dev.emporium.platform.messaging.Envelope;
import dev.emporium.platform.messaging.MessageTransport;
import dev.emporium.platform.messaging.RetryPolicy;
import dev.emporium.platform.messaging.Subscription;
import dev.emporium.testsupport.rabbit.TemporaryVhost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The auto-configuration gives a service the RabbitMQ transport only when it takes part in messaging over rabbit. */
class RabbitMessagingAutoConfigurationIntegrationTests {

    static final JsonMapper json = JsonMapper.builder().build();

    static TemporaryVhost vhost;

    final ApplicationContextRunner contexts = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RabbitMessagingAutoConfiguration.class))
        .withPropertyValues("spring.application.name=orders");

    @BeforeAll
    static void createVhost() {
        vhost = TemporaryVhost.create();
    }

    @AfterAll
    static void deleteVhost() {
        vhost.close();
    }

    @Test
    void noTransportUnlessMessagingIsEnabledOverRabbit() {
        this.contexts.run(context -> assertThat(context).doesNotHaveBean(MessageTransport.class));
        this.contexts.withPropertyValues("emporium.messaging.enabled=true")
            .run(context -> assertThat(context).doesNotHaveBean(MessageTransport.class));
        this.contexts.withPropertyValues("emporium.messaging.enabled=true", "emporium.messaging.transport=in-process")
            .run(context -> assertThat(context).doesNotHaveBean(MessageTransport.class));
        this.contexts.withPropertyValues("emporium.messaging.enabled=false", "emporium.messaging.transport=rabbit")
            .run(context -> assertThat(context).doesNotHaveBean(MessageTransport.class));
    }

    @Test
    void theRabbitTransportUsesTheConfiguredBrokerAndDisconnectsWithTheContext() {
        List<String> received = new CopyOnWriteArrayList<>();
        this.contexts
            .withPropertyValues("emporium.messaging.enabled=true", "emporium.messaging.transport=rabbit",
                    "emporium.messaging.rabbit.virtual-host=" + vhost.name(),
                    "emporium.messaging.rabbit.confirm-timeout=3s", "emporium.messaging.rabbit.prefetch=5")
            .run(context -> {
                assertThat(context).getBean(MessageTransport.class).isInstanceOf(RabbitTransport.class);
                assertThat(context.getBean(RabbitMessagingProperties.class))
                    .isEqualTo(new RabbitMessagingProperties("127.0.0.1:5672", "guest", "guest", vhost.name(), false,
                            Duration.ofSeconds(3), 5));
                MessageTransport transport = context.getBean(MessageTransport.class);
                transport.declareExchange("emporium.orders");
                Subscription subscription = new Subscription("notifications.orders",
                        List.of(new Subscription.Binding("orders", "order.confirmed")),
                        delivery -> received.add(delivery.envelope().id()));
                RetryPolicy retries = new RetryPolicy(List.of(Duration.ofMillis(100)));
                try (AutoCloseable consumer = transport.consume(subscription, retries, 1,
                        new Deliveries(subscription, retries, json, null))) {
                    Envelope envelope = new Envelope(UUID.randomUUID().toString(), "order.confirmed", 1, "orders",
                            Instant.now(), "order-1", null, json.createObjectNode().put("orderId", "order-1"));
                    transport.publish("emporium.orders", "order.confirmed", envelope.id(), envelope.toJson(json));
                    await().until(() -> received.contains(envelope.id()));
                }
                assertThat(connections()).as("connected to the configured virtual host").contains(vhost.name());
            });
        await().until(() -> !connections().contains(vhost.name()));
    }

    /** The virtual hosts of the broker's open connections. */
    private static List<String> connections() throws Exception {
        Process list = new ProcessBuilder("rabbitmqctl", "-q", "list_connections", "vhost").redirectErrorStream(true)
            .start();
        String output = new String(list.getInputStream().readAllBytes());
        assertThat(list.waitFor()).isZero();
        return output.lines().map(String::strip).toList();
    }
}
