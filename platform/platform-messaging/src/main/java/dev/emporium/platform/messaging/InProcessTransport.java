package dev.emporium.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wire of embedded mode: exchanges, bindings and queues in this JVM's memory, shared by every service context of
 * the platform (as they would share one RabbitMQ; {@code emporium.messaging.in-process-broker} names the broker), with the same routing (topic patterns; an unroutable message is not sent),
 * delayed retries and parking lots. Each context's instance sees the parking lots of its own subscriptions.
 *
 * <p>Messages live in memory: ones queued when the JVM stops are gone, while their outbox rows say sent. Embedded
 * mode is for one laptop; the services' own recovery (an order that stalls is driven again) covers that loss.
 */
public final class InProcessTransport implements MessageTransport {

    private static final Logger log = LoggerFactory.getLogger(InProcessTransport.class);

    private static final Map<String, Broker> BROKERS = new ConcurrentHashMap<>();

    private final Broker broker;

    private final Set<String> ownQueues = ConcurrentHashMap.newKeySet();

    InProcessTransport(Broker broker) {
        this.broker = broker;
    }

    /** The transport of the JVM's default broker. */
    public static InProcessTransport shared() {
        return named("default");
    }

    /**
     * The transport of the JVM's broker of that name: the service contexts of one platform share one, and two
     * platforms in one JVM (tests) each have their own.
     */
    public static InProcessTransport named(String broker) {
        return new InProcessTransport(BROKERS.computeIfAbsent(broker, name -> new Broker()));
    }

    /** A transport with a broker of its own, for tests. */
    public static InProcessTransport isolated() {
        return new InProcessTransport(new Broker());
    }

    @Override
    public void declareExchange(String exchange) {
        this.broker.bindings.computeIfAbsent(exchange, name -> new CopyOnWriteArrayList<>());
    }

    @Override
    public void publish(String exchange, String routingKey, String messageId, byte[] body) throws PublishFailed {
        List<Bound> bindings = this.broker.bindings.get(exchange);
        if (bindings == null) {
            throw new PublishFailed("No exchange " + exchange);
        }
        List<Queue> targets = bindings.stream()
            .filter(bound -> TopicPattern.matches(bound.pattern(), routingKey))
            .map(bound -> this.broker.queue(bound.queue()))
            .distinct()
            .toList();
        if (targets.isEmpty()) {
            throw new PublishFailed("Message " + messageId + " (" + routingKey + ") is unroutable on " + exchange);
        }
        targets.forEach(queue -> queue.ready.add(new Message(messageId, body, 1)));
    }

    @Override
    public AutoCloseable consume(Subscription subscription, RetryPolicy retries, int concurrency, Deliveries deliveries) {
        Queue queue = this.broker.queue(subscription.queue());
        for (Subscription.Binding binding : subscription.bindings()) {
            List<Bound> bindings = this.broker.bindings.computeIfAbsent(binding.exchange(),
                    name -> new CopyOnWriteArrayList<>());
            Bound bound = new Bound(binding.pattern(), subscription.queue());
            if (!bindings.contains(bound)) {
                bindings.add(bound);
            }
        }
        this.ownQueues.add(subscription.queue());
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            workers.add(Thread.ofVirtual().name(subscription.queue() + "-" + i).start(() -> work(queue, deliveries)));
        }
        return () -> {
            workers.forEach(Thread::interrupt);
            for (Thread worker : workers) {
                worker.join(5_000);
            }
        };
    }

    private void work(Queue queue, Deliveries deliveries) {
        while (!Thread.currentThread().isInterrupted()) {
            Message message;
            try {
                message = queue.ready.take();
            }
            catch (InterruptedException ex) {
                return;
            }
            Deliveries.Outcome outcome = deliveries.deliver(message.body(), message.attempt());
            switch (outcome.kind()) {
                case DONE -> {
                }
                case RETRY -> this.broker.delays.schedule(
                        () -> queue.ready.add(new Message(message.id(), message.body(), message.attempt() + 1)),
                        outcome.delay().toMillis(), TimeUnit.MILLISECONDS);
                case PARK -> queue.parked.add(parked(queue.name, message, String.valueOf(outcome.error())));
            }
        }
    }

    private static ParkedMessage parked(String queue, Message message, String error) {
        String type = null;
        try {
            type = Envelope.fromJson(JsonMapper.builder().build(), message.body()).type();
        }
        catch (UnreadableMessage ex) {
            log.debug("Parked message {} is not an envelope", message.id());
        }
        return new ParkedMessage(queue, message.id(), type, message.attempt(), error, Clock.systemUTC().instant(),
                new String(message.body(), StandardCharsets.UTF_8));
    }

    @Override
    public List<ParkedMessage> parked(String queue) {
        Queue known = this.broker.queues.get(queue);
        return known == null ? List.of() : List.copyOf(known.parked);
    }

    @Override
    public QueueDepth depth(String queue) {
        Queue known = this.broker.queues.get(queue);
        return known == null ? new QueueDepth(0, 0) : new QueueDepth(known.ready.size(), known.parked.size());
    }

    @Override
    public int replay(String queue, @Nullable String messageId) {
        Queue known = this.broker.queues.get(queue);
        if (known == null) {
            return 0;
        }
        int replayed = 0;
        for (ParkedMessage parked : List.copyOf(known.parked)) {
            if ((messageId == null || parked.messageId().equals(messageId)) && known.parked.remove(parked)) {
                known.ready.add(new Message(parked.messageId(), parked.body().getBytes(StandardCharsets.UTF_8), 1));
                replayed++;
            }
        }
        return replayed;
    }

    @Override
    public List<String> queues() {
        return this.ownQueues.stream().sorted().toList();
    }

    private record Message(String id, byte[] body, int attempt) {
    }

    private record Bound(String pattern, String queue) {
    }

    private static final class Queue {

        private final String name;

        private final BlockingQueue<Message> ready = new LinkedBlockingQueue<>();

        private final List<ParkedMessage> parked = new CopyOnWriteArrayList<>();

        Queue(String name) {
            this.name = name;
        }
    }

    static final class Broker {

        private final Map<String, List<Bound>> bindings = new ConcurrentHashMap<>();

        private final Map<String, Queue> queues = new ConcurrentHashMap<>();

        private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "in-process-retries");
            thread.setDaemon(true);
            return thread;
        });

        Queue queue(String name) {
            return this.queues.computeIfAbsent(name, Queue::new);
        }
    }

    /** AMQP topic matching: words separated by dots; {@code *} matches one word, {@code #} zero or more. */
    static final class TopicPattern {

        private TopicPattern() {
        }

        static boolean matches(String pattern, String routingKey) {
            return matches(pattern.split("\\."), 0, routingKey.split("\\."), 0);
        }

        private static boolean matches(String[] pattern, int p, String[] key, int k) {
            if (p == pattern.length) {
                return k == key.length;
            }
            if (pattern[p].equals("#")) {
                for (int skip = k; skip <= key.length; skip++) {
                    if (matches(pattern, p + 1, key, skip)) {
                        return true;
                    }
                }
                return false;
            }
            return k < key.length && (pattern[p].equals("*") || pattern[p].equals(key[k]))
                    && matches(pattern, p + 1, key, k + 1);
        }
    }
}
