package dev.emporium.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes outbox rows and marks them sent: at least once, in the order they were written per database. Each batch
 * locks its rows ({@code FOR UPDATE SKIP LOCKED}), publishes them one by one with the broker's confirm, and marks the
 * confirmed ones sent in the same transaction, so relays on several instances never publish the same row at once,
 * and a relay that dies mid-batch leaves its rows unsent for the next (a row published but not marked is published
 * again: consumers' inboxes make that harmless).
 *
 * <p>It wakes when a transaction that wrote to the outbox commits, and polls otherwise. While the broker is
 * unreachable it backs off, and the rows wait in the outbox. Sent rows are deleted after the retention.
 */
public final class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private static final Duration HOUSEKEEPING = Duration.ofMinutes(1);

    private static final Duration LAG_CHECK = Duration.ofSeconds(1);

    private final List<Store> stores;

    private final MessageTransport transport;

    private final MessagingProperties.Relay settings;

    private final Duration inboxRetention;

    private final Clock clock;

    private final @Nullable Timer publishLag;

    private final Semaphore wakeUp = new Semaphore(0);

    private final Map<String, Instant> oldestUnsent = new ConcurrentHashMap<>();

    private volatile @Nullable Thread worker;

    private volatile boolean running;

    public OutboxRelay(List<OutboxStore> stores, MessageTransport transport, MessagingProperties.Relay settings,
            Duration inboxRetention, Clock clock, @Nullable MeterRegistry meters) {
        this.stores = stores.stream().map(Store::new).toList();
        this.transport = transport;
        this.settings = settings;
        this.inboxRetention = inboxRetention;
        this.clock = clock;
        this.publishLag = meters == null ? null
                : Timer.builder("emporium.messaging.outbox.publish.lag")
                    .description("From an event's commit to the broker's confirm of its publication")
                    .publishPercentiles(0.5, 0.99)
                    .register(meters);
        if (meters != null) {
            for (OutboxStore store : stores) {
                Gauge.builder("emporium.messaging.outbox.lag", this, relay -> relay.lagSeconds(store.name()))
                    .description("Age of the oldest unsent event in the outbox, in seconds")
                    .tag("store", store.name())
                    .baseUnit("seconds")
                    .register(meters);
            }
        }
    }

    /** Asks the relay to look at the outboxes now rather than at its next poll. */
    public void nudge() {
        this.wakeUp.release();
    }

    /**
     * Publishes every unsent row it can, once, on this thread (the relay's loop does this continuously).
     *
     * @return how many rows were published
     * @throws PublishFailed if the broker refused one; the rows before it were published and marked
     */
    public int relayOnce() throws PublishFailed {
        int published = 0;
        for (Store store : this.stores) {
            Batch batch;
            do {
                batch = store.relayBatch();
                published += batch.published();
                if (batch.failure() != null) {
                    throw batch.failure();
                }
            }
            while (batch.locked() == this.settings.batchSize());
        }
        return published;
    }

    private void loop() {
        Duration backoff = this.settings.pollInterval();
        Instant nextHousekeeping = this.clock.instant();
        Instant nextLagCheck = this.clock.instant();
        boolean failing = false;
        while (this.running) {
            if (!this.clock.instant().isBefore(nextLagCheck)) {
                measureLag();
                nextLagCheck = this.clock.instant().plus(LAG_CHECK);
            }
            try {
                relayOnce();
                if (failing) {
                    log.info("Outbox relay publishes again");
                    failing = false;
                }
                backoff = this.settings.pollInterval();
                if (!this.clock.instant().isBefore(nextHousekeeping)) {
                    housekeeping();
                    nextHousekeeping = this.clock.instant().plus(HOUSEKEEPING);
                }
            }
            catch (PublishFailed | RuntimeException ex) {
                if (!failing) {
                    log.warn("Outbox relay cannot publish ({}); events wait in the outbox, retrying", ex.toString());
                    failing = true;
                }
                backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
            }
            try {
                // Wait for a commit's nudge, or the poll interval (longer while failing); drain extra nudges.
                this.wakeUp.tryAcquire(backoff.toMillis(), TimeUnit.MILLISECONDS);
                this.wakeUp.drainPermits();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void housekeeping() {
        OffsetDateTime now = OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC);
        for (Store store : this.stores) {
            JdbcClient jdbc = store.store.jdbc();
            int outbox = jdbc.sql("delete from outbox where sent_at < :before")
                .param("before", now.minus(this.settings.retention()))
                .update();
            int inbox = jdbc.sql("delete from inbox where received_at < :before")
                .param("before", now.minus(this.inboxRetention))
                .update();
            if (outbox + inbox > 0) {
                log.debug("Deleted {} sent outbox rows and {} old inbox rows from {}", outbox, inbox, store.store.name());
            }
        }
    }

    /** Notes each outbox's oldest unsent row, for the lag gauge; a database that does not answer keeps its last. */
    private void measureLag() {
        for (Store store : this.stores) {
            try {
                store.jdbc.sql("select min(created_at) from outbox where sent_at is null")
                    .query((row, rowNum) -> row.getObject(1, OffsetDateTime.class))
                    .optional()
                    .ifPresentOrElse(oldest -> this.oldestUnsent.put(store.store.name(), oldest.toInstant()),
                            () -> this.oldestUnsent.remove(store.store.name()));
            }
            catch (RuntimeException ex) {
                log.debug("Cannot measure the outbox lag of {}: {}", store.store.name(), ex.toString());
            }
        }
    }

    private double lagSeconds(String store) {
        Instant oldest = this.oldestUnsent.get(store);
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, this.clock.instant()).toMillis() / 1000.0);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public void start() {
        this.running = true;
        Thread thread = Thread.ofPlatform().daemon().name("outbox-relay").unstarted(() -> {
            try {
                Thread.sleep(this.settings.initialDelay().toMillis());
            }
            catch (InterruptedException ex) {
                return;
            }
            loop();
        });
        this.worker = thread;
        thread.start();
    }

    @Override
    public void stop() {
        this.running = false;
        Thread thread = this.worker;
        if (thread != null) {
            this.wakeUp.release();
            try {
                thread.join(Duration.ofSeconds(5));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    private record Batch(int locked, int published, @Nullable PublishFailed failure) {
    }

    private record Row(String id, String exchange, String type, String envelope, Instant createdAt) {
    }

    private final class Store {

        private final OutboxStore store;

        private final JdbcClient jdbc;

        private final TransactionTemplate transactions;

        private final String select;

        Store(OutboxStore store) {
            this.store = store;
            this.jdbc = store.jdbc();
            this.transactions = store.transactions();
            this.select = "select id, exchange, type, envelope, created_at from outbox where sent_at is null"
                    + (store.fenced() ? " and exists (select 1 from shard_buckets b where b.bucket = outbox.bucket"
                            + " and b.state = 'OWNED')" : "")
                    + " order by created_at, id limit :limit for update skip locked";
        }

        Batch relayBatch() {
            Batch batch = this.transactions.execute(status -> {
                List<Row> rows = this.jdbc.sql(this.select)
                    .param("limit", OutboxRelay.this.settings.batchSize())
                    .query((row, rowNum) -> new Row(row.getString("id"), row.getString("exchange"),
                            row.getString("type"), row.getString("envelope"),
                            row.getObject("created_at", OffsetDateTime.class).toInstant()))
                    .list();
                List<String> sent = new ArrayList<>();
                PublishFailed failure = null;
                for (Row row : rows) {
                    try {
                        OutboxRelay.this.transport.publish(row.exchange(), row.type(), row.id(),
                                row.envelope().getBytes(StandardCharsets.UTF_8));
                        sent.add(row.id());
                        if (OutboxRelay.this.publishLag != null) {
                            OutboxRelay.this.publishLag
                                .record(Duration.between(row.createdAt(), OutboxRelay.this.clock.instant()));
                        }
                    }
                    catch (PublishFailed ex) {
                        failure = ex;
                        break;
                    }
                }
                if (!sent.isEmpty()) {
                    this.jdbc.sql("update outbox set sent_at = :now where id in (:ids)")
                        .param("now", OffsetDateTime.ofInstant(OutboxRelay.this.clock.instant(), ZoneOffset.UTC))
                        .param("ids", sent)
                        .update();
                }
                return new Batch(rows.size(), sent.size(), failure);
            });
            return batch == null ? new Batch(0, 0, null) : batch;
        }

    }
}
