package dev.emporium.platform.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.lettuce.core.event.connection.DisconnectedEvent;
import io.lettuce.core.resource.ClientResources;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import reactor.core.Disposable;

/**
 * Keeps this instance hearing the invalidation channel, without holding the service's start-up hostage. In the
 * background, every {@code interval}: while not subscribed, it subscribes (again) as soon as Redis answers a PING;
 * while subscribed, it PINGs Redis, and two failures in a row mean invalidations may be going unheard. A dropped
 * connection (Lettuce's {@link DisconnectedEvent}) means the same at once. Either way {@link TieredCaches#deafened}
 * bypasses the caches until the next subscription is confirmed ({@link TieredCaches#onChannelSubscribed}), which
 * drops every local value, since messages may have been missed.
 */
final class InvalidationSubscriber implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InvalidationSubscriber.class);

    private final LettuceConnectionFactory connections;

    private final ClientResources resources;

    private final TieredCaches caches;

    private final SharedRedis redis;

    private final byte[] channel;

    private final Duration interval;

    private volatile boolean running;

    private final AtomicBoolean watching = new AtomicBoolean();

    private volatile @Nullable Thread watcher;

    private volatile @Nullable Disposable disconnects;

    private volatile @Nullable RedisConnection subscribed;

    InvalidationSubscriber(LettuceConnectionFactory connections, ClientResources resources, TieredCaches caches,
            SharedRedis redis, String channel, Duration interval) {
        this.connections = connections;
        this.resources = resources;
        this.caches = caches;
        this.redis = redis;
        this.channel = channel.getBytes(StandardCharsets.UTF_8);
        this.interval = interval;
    }

    /** Starts watching once the service runs and has a cache: in embedded mode every service has this library. */
    @Override
    public void start() {
        this.running = true;
        this.caches.whenACacheExists(this::startWatching);
    }

    private void startWatching() {
        if (this.running && this.watching.compareAndSet(false, true)) {
            this.disconnects = this.resources.eventBus().get()
                .filter(DisconnectedEvent.class::isInstance)
                .subscribe(event -> this.caches.deafened("the connection to Redis dropped"));
            this.watcher = Thread.ofVirtual().name("cache-invalidations-watcher").start(this::watch);
        }
    }

    private void watch() {
        boolean warned = false;
        int failedPings = 0;
        while (this.running) {
            if (!this.caches.listening()) {
                if (answers()) {
                    warned = !subscribe(warned);
                }
                else if (!warned) {
                    log.warn("Cannot subscribe to cache invalidations yet (Redis does not answer); trying again every "
                            + "{} ms", this.interval.toMillis());
                    warned = true;
                }
                failedPings = 0;
            }
            else if (answers()) {
                failedPings = 0;
            }
            else if (++failedPings == 2) {
                this.caches.deafened("Redis did not answer two PINGs");
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

    /** Subscribes on a fresh connection (closing the one before); true if Redis took the subscription. */
    private boolean subscribe(boolean warned) {
        RedisConnection previous = this.subscribed;
        if (previous != null) {
            this.subscribed = null;
            close(previous);
        }
        RedisConnection connection = null;
        try {
            connection = this.connections.getConnection();
            connection.subscribe(this.caches, this.channel);
            this.subscribed = connection;
            if (warned) {
                log.info("Subscribed to cache invalidations");
            }
            return true;
        }
        catch (RuntimeException ex) {
            if (connection != null) {
                close(connection);
            }
            return false;
        }
    }

    private boolean answers() {
        try {
            return "PONG".equals(this.redis.call(operations -> operations.execute(RedisConnection::ping)));
        }
        catch (RuntimeException ex) {
            return false;
        }
    }

    @Override
    public void stop() {
        this.running = false;
        Thread thread = this.watcher;
        if (thread != null) {
            thread.interrupt();
        }
        Disposable listener = this.disconnects;
        if (listener != null) {
            listener.dispose();
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
