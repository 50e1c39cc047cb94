package dev.emporium.platform.messaging.rabbit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.emporium.platform.messaging.Deliveries;
import dev.emporium.platform.messaging.Envelope;
import dev.emporium.platform.messaging.MessageTransport;
import dev.emporium.platform.messaging.ParkedMessage;
import dev.emporium.platform.messaging.PublishFailed;
import dev.emporium.platform.messaging.RetryPolicy;
import dev.emporium.platform.messaging.Subscription;
import dev.emporium.platform.messaging.UnreadableMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wire on RabbitMQ. Topology, declared here and again whenever the connection is re-established:
 * <ul>
 * <li>a durable topic exchange per producing service, {@code emporium.<service>};</li>
 * <li>per subscription, a durable queue (classic, or quorum when {@code quorum-queues}) bound by the message types
 * it takes; a delay queue per step of the retry backoff, {@code <queue>.retry.<millis>ms}, whose fixed TTL
 * dead-letters each message back to the queue when its delay ends; and the parking lot, {@code <queue>.parking-lot}.</li>
 * </ul>
 * Publishing waits for the broker's confirm, with {@code mandatory} set: a message no queue is bound for comes back
 * and counts as not sent, as does a nack, a timeout or a broken connection. Consumers acknowledge by hand, after the
 * shared {@link Deliveries} has decided: done (ack), retry (the message goes to the delay queue with its attempt
 * number in a header, then ack), or park (to the parking lot with the error, then ack). If that republish fails,
 * the message is handed back to the queue (nack with requeue), so nothing is lost.
 */
public final class RabbitTransport implements MessageTransport, AutoCloseable {

    static final String ATTEMPT = "x-emporium-attempt";

    static final String ERROR = "x-emporium-error";

    static final String PARKED_AT = "x-emporium-parked-at";

    static final String EXCHANGE = "x-emporium-exchange";

    static final String ROUTING_KEY = "x-emporium-routing-key";

    private static final Logger log = LoggerFactory.getLogger(RabbitTransport.class);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CachingConnectionFactory connections;

    private final RabbitMessagingProperties properties;

    private final RabbitAdmin admin;

    private final RabbitTemplate template;

    /** Everything declared so far, declared again on every new connection (a broker that restarted). */
    private final List<Object> declared = new CopyOnWriteArrayList<>();

    private final Set<String> ownQueues = ConcurrentHashMap.newKeySet();

    public RabbitTransport(CachingConnectionFactory connections, RabbitMessagingProperties properties) {
        this.connections = connections;
        this.properties = properties;
        this.admin = new RabbitAdmin(connections);
        this.admin.setIgnoreDeclarationExceptions(false);
        this.template = new RabbitTemplate(connections);
        this.template.setMandatory(true);
        connections.addConnectionListener(new ConnectionListener() {
            @Override
            public void onCreate(Connection connection) {
                redeclare();
            }
        });
    }

    /** A connection factory with publisher confirms and returns, for {@link RabbitTransport}. */
    public static CachingConnectionFactory connectionFactory(RabbitMessagingProperties properties, String name) {
        CachingConnectionFactory factory = new CachingConnectionFactory();
        factory.setAddresses(properties.addresses());
        factory.setUsername(properties.username());
        factory.setPassword(properties.password());
        factory.setVirtualHost(properties.virtualHost());
        factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        factory.setPublisherReturns(true);
        factory.setConnectionNameStrategy(connectionFactory -> name);
        factory.setConnectionTimeout((int) Duration.ofSeconds(2).toMillis());
        factory.setChannelCacheSize(25);
        return factory;
    }

    @Override
    public void declareExchange(String exchange) {
        declare(new TopicExchange(exchange, true, false));
    }

    @Override
    public void publish(String exchange, String routingKey, String messageId, byte[] body) throws PublishFailed {
        MessageProperties properties = new MessageProperties();
        properties.setMessageId(messageId);
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setDeliveryMode(org.springframework.amqp.core.MessageDeliveryMode.PERSISTENT);
        send(exchange, routingKey, new Message(body, properties));
    }

    private void send(String exchange, String routingKey, Message message) throws PublishFailed {
        String messageId = message.getMessageProperties().getMessageId();
        // A correlation of its own per send: the relay may publish the same message id again while an earlier
        // attempt's confirm or return is still on its way.
        CorrelationData correlation = new CorrelationData(UUID.randomUUID().toString());
        try {
            this.template.send(exchange, routingKey, message, correlation);
            CorrelationData.Confirm confirm = correlation.getFuture()
                .get(this.properties.confirmTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!confirm.ack()) {
                throw new PublishFailed("RabbitMQ refused message " + messageId + " for " + exchange + ": "
                        + confirm.reason());
            }
            if (correlation.getReturned() != null) {
                throw new PublishFailed("Message " + messageId + " (" + routingKey + ") is unroutable on "
                        + exchange + ": " + correlation.getReturned().getReplyText());
            }
        }
        catch (AmqpException ex) {
            throw new PublishFailed("Cannot publish to RabbitMQ: " + ex.getMessage(), ex);
        }
        catch (TimeoutException ex) {
            throw new PublishFailed("RabbitMQ did not confirm message " + messageId + " within "
                    + this.properties.confirmTimeout().toMillis() + " ms", ex);
        }
        catch (ExecutionException ex) {
            throw new PublishFailed("Publishing to RabbitMQ failed: " + ex.getCause(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new PublishFailed("Interrupted waiting for RabbitMQ's confirm", ex);
        }
    }

    @Override
    public AutoCloseable consume(Subscription subscription, RetryPolicy retries, int concurrency, Deliveries deliveries) {
        String queue = subscription.queue();
        declare(queue(queue, Map.of()));
        for (Subscription.Binding binding : subscription.bindings()) {
            TopicExchange exchange = new TopicExchange(binding.exchange(), true, false);
            declare(exchange);
            declare(BindingBuilder.bind(new Queue(queue)).to(exchange).with(binding.pattern()));
        }
        for (Duration delay : new TreeSet<>(retries.backoff())) {
            declare(queue(delayQueue(queue, delay), Map.of("x-message-ttl", delay.toMillis(), "x-dead-letter-exchange",
                    "", "x-dead-letter-routing-key", queue)));
        }
        declare(queue(parkingLot(queue), Map.of()));
        this.ownQueues.add(queue);

        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(this.connections);
        container.setQueueNames(queue);
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        container.setConcurrentConsumers(concurrency);
        container.setPrefetchCount(this.properties.prefetch());
        container.setMissingQueuesFatal(false);
        container.setDefaultRequeueRejected(true);
        container.setMessageListener((ChannelAwareMessageListener) (message, channel) -> deliver(queue, message,
                channel, deliveries));
        container.start();
        return container::stop;
    }

    private void deliver(String queue, Message message, @Nullable Channel channel, Deliveries deliveries)
            throws java.io.IOException {
        long tag = message.getMessageProperties().getDeliveryTag();
        if (channel == null) {
            throw new IllegalStateException("manual acknowledgement needs the channel");
        }
        int attempt = attempt(message);
        Deliveries.Outcome outcome = deliveries.deliver(message.getBody(), attempt);
        try {
            switch (outcome.kind()) {
                case DONE -> {
                }
                case RETRY -> send("", delayQueue(queue, outcome.delay()), copy(message, attempt + 1, Map.of()));
                case PARK -> send("", parkingLot(queue), copy(message, attempt, Map.of(ERROR, String.valueOf(outcome.error()),
                        PARKED_AT, Instant.now().toString())));
            }
            channel.basicAck(tag, false);
        }
        catch (PublishFailed ex) {
            log.warn("Could not move message {} of {} for {}: handing it back to the queue ({})",
                    message.getMessageProperties().getMessageId(), queue, outcome.kind(), ex.getMessage());
            channel.basicNack(tag, false, true);
        }
    }

    @Override
    public List<ParkedMessage> parked(String queue) {
        List<ParkedMessage> parked = new ArrayList<>();
        // Take every message without acknowledging it, then hand them all back at once: they keep their order.
        withChannel(channel -> {
            GetResponse response;
            long last = -1;
            while ((response = channel.basicGet(parkingLot(queue), false)) != null) {
                parked.add(parkedMessage(queue, response.getProps(), response.getBody()));
                last = response.getEnvelope().getDeliveryTag();
            }
            if (last >= 0) {
                channel.basicNack(last, true, true);
            }
            return null;
        });
        return parked;
    }

    @Override
    public QueueDepth depth(String queue) {
        QueueDepth depth = withChannel(channel -> new QueueDepth(channel.messageCount(queue),
                channel.messageCount(parkingLot(queue))));
        if (depth == null) {
            throw new IllegalStateException("no answer from RabbitMQ about " + queue);
        }
        return depth;
    }

    @Override
    public int replay(String queue, @Nullable String messageId) {
        Integer replayed = withChannel(channel -> {
            channel.confirmSelect();
            int count = 0;
            long last = -1;
            GetResponse response;
            while ((response = channel.basicGet(parkingLot(queue), false)) != null) {
                AMQP.BasicProperties properties = response.getProps();
                if (messageId != null && !messageId.equals(properties.getMessageId())) {
                    last = response.getEnvelope().getDeliveryTag();
                }
                else {
                    Map<String, Object> headers = new HashMap<>(properties.getHeaders() == null ? Map.of()
                            : properties.getHeaders());
                    headers.put(ATTEMPT, 1);
                    headers.remove(ERROR);
                    headers.remove(PARKED_AT);
                    channel.basicPublish("", queue, true, properties.builder().headers(headers).build(),
                            response.getBody());
                    channel.waitForConfirmsOrDie(this.properties.confirmTimeout().toMillis());
                    channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
                    count++;
                }
            }
            if (last >= 0) {
                // Hands back the parked messages that were not replayed, all at once (the replayed ones are
                // acknowledged already, and a nack must name a tag still outstanding).
                channel.basicNack(last, true, true);
            }
            return count;
        });
        return replayed == null ? 0 : replayed;
    }

    @Override
    public List<String> queues() {
        return this.ownQueues.stream().sorted().toList();
    }

    @Override
    public void close() {
        this.connections.destroy();
    }

    private <T> @Nullable T withChannel(ChannelWork<T> work) {
        try (Connection connection = this.connections.createConnection();
                Channel channel = connection.createChannel(false)) {
            return work.run(channel);
        }
        catch (Exception ex) {
            throw new IllegalStateException("RabbitMQ: " + ex.getMessage(), ex);
        }
    }

    private interface ChannelWork<T> {

        @Nullable T run(Channel channel) throws Exception;
    }

    private Queue queue(String name, Map<String, Object> arguments) {
        QueueBuilder builder = QueueBuilder.durable(name).withArguments(arguments);
        if (this.properties.quorumQueues()) {
            builder.quorum();
        }
        return builder.build();
    }

    private void declare(Object declarable) {
        if (!this.declared.contains(declarable)) {
            this.declared.add(declarable);
        }
        try {
            declareNow(declarable);
        }
        catch (AmqpException ex) {
            // Declared again when the connection comes back.
            log.warn("RabbitMQ is unreachable; {} is declared when it is back: {}", declarable, ex.getMessage());
        }
    }

    private void redeclare() {
        for (Object declarable : this.declared) {
            try {
                declareNow(declarable);
            }
            catch (AmqpException ex) {
                log.warn("Declaring {} failed: {}", declarable, ex.getMessage());
            }
        }
    }

    private void declareNow(Object declarable) {
        switch (declarable) {
            case TopicExchange exchange -> this.admin.declareExchange(exchange);
            case Queue queue -> this.admin.declareQueue(queue);
            case Binding binding -> this.admin.declareBinding(binding);
            default -> throw new IllegalArgumentException("cannot declare " + declarable);
        }
    }

    private static Message copy(Message message, int attempt, Map<String, String> headers) {
        MessageProperties properties = message.getMessageProperties();
        MessageProperties copy = new MessageProperties();
        copy.setMessageId(properties.getMessageId());
        copy.setContentType(properties.getContentType());
        copy.setDeliveryMode(org.springframework.amqp.core.MessageDeliveryMode.PERSISTENT);
        copy.setHeader(ATTEMPT, attempt);
        // Where the message was first published: a retried message arrives from its delay queue (the default
        // exchange), so the first delivery's values are carried along.
        copy.setHeader(EXCHANGE, properties.getHeaders().getOrDefault(EXCHANGE,
                String.valueOf(properties.getReceivedExchange())));
        copy.setHeader(ROUTING_KEY, properties.getHeaders().getOrDefault(ROUTING_KEY,
                String.valueOf(properties.getReceivedRoutingKey())));
        headers.forEach(copy::setHeader);
        return new Message(message.getBody(), copy);
    }

    private static int attempt(Message message) {
        Object attempt = message.getMessageProperties().getHeaders().get(ATTEMPT);
        return attempt instanceof Number number ? number.intValue() : 1;
    }

    private static ParkedMessage parkedMessage(String queue, AMQP.BasicProperties properties, byte[] body) {
        Map<String, Object> headers = properties.getHeaders() == null ? Map.of() : properties.getHeaders();
        String type = null;
        try {
            type = Envelope.fromJson(JSON, body).type();
        }
        catch (UnreadableMessage ex) {
            log.debug("Parked message {} is not an envelope", properties.getMessageId());
        }
        Object attempts = headers.get(ATTEMPT);
        Object parkedAt = headers.get(PARKED_AT);
        return new ParkedMessage(queue, String.valueOf(properties.getMessageId()), type,
                attempts instanceof Number number ? number.intValue() : 1, String.valueOf(headers.get(ERROR)),
                parkedAt == null ? Instant.EPOCH : Instant.parse(parkedAt.toString()),
                new String(body, StandardCharsets.UTF_8));
    }

    static String delayQueue(String queue, Duration delay) {
        return queue + ".retry." + delay.toMillis() + "ms";
    }

    static String parkingLot(String queue) {
        return queue + ".parking-lot";
    }
}
