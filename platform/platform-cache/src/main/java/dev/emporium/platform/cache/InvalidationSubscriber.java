package dev.emporium.platform.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Keeps a pub/sub connection subscribed to the invalidation channel without holding the service's start-up hostage:
 * while Redis does not answer, it tries again every {@code interval} in the background. Once subscribed, Lettuce
 * reconnects and re-subscribes by itself after an outage, and each (re-)subscription reaches
 * {@link TieredCaches#onChannelSubscribed}.
 */
final class InvalidationSubscriber implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InvalidationSubscriber.class);

    private final LettuceConnectionFactory connections;

    private final TieredCaches caches;

    private final byte[] channel;

    private final Duration interval;

    private volatile boolean running;

    private final AtomicBoolean subscribing = new AtomicBoolean();

    private volatile @Nullable Thread starter;

    private volatile @Nullable RedisConnection subscribed;

    InvalidationSubscriber(LettuceConnectionFactory connections, TieredCaches caches, String channel, Duration interval) {
        this.connections = connections;
        this.caches = caches;
        this.channel = channel.getBytes(StandardCharsets.UTF_8);
        this.interval = interval;
    }

    /** Subscribes once the service runs and has a cache: in embedded mode every service has this library. */
    @Override
    public void start() {
        this.running = true;
        this.caches.whenACacheExists(this::startSubscribing);
    }

    private void startSubscribing() {
        if (this.running && this.subscribing.compareAndSet(false, true)) {
            this.starter = Thread.ofVirtual().name("cache-invalidations-subscriber").start(this::subscribe);
        }
    }

    private void subscribe() {
        boolean warned = false;
        while (this.running) {
            RedisConnection connection = null;
            try {
                connection = this.connections.getConnection();
                connection.subscribe(this.caches, this.channel);
                this.subscribed = connection;
                if (warned) {
                    log.info("Subscribed to cache invalidations");
                }
                return;
            }
            catch (RuntimeException ex) {
                if (connection != null) {
                    close(connection);
                }
                if (!warned) {
                    log.warn("Cannot subscribe to cache invalidations yet ({}); trying again every {} ms",
                            ex.getMessage(), this.interval.toMillis());
                    warned = true;
                }
            }
            try {
                Thread.sleep(this.interval);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void stop() {
        this.running = false;
        Thread thread = this.starter;
        if (thread != null) {
            thread.interrupt();
        }
        RedisConnection connection = this.subscribed;
        if (connection != null) {
            close(connection);
            this.subscribed = null;
        }
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    private static void close(RedisConnection connection) {
        try {
            connection.close();
        }
        catch (RuntimeException ex) {
            // Closing a connection to a Redis that is gone: nothing to give back.
        }
    }
}
