package dev.emporium.platform.messaging;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The outbox, its relay and the inbox on a real database: on H2 ({@link OnH2}) and on the machine's PostgreSQL
 * ({@link OnPostgres}), whose row locks decide whether two relays can publish one row.
 */
abstract class OutboxRelayIntegrationTests {

    static final JsonMapper json = JsonMapper.builder().build();

    static final MessagingProperties.Relay RELAY = new MessagingProperties.Relay(true, Duration.ZERO,
            Duration.ofMillis(50), 10, Duration.ofHours(1));

    final RecordingTransport transport = new RecordingTransport();

    DataSource database;

    JdbcClient jdbc;

    TransactionTemplate transactions;

    Outbox outbox;

    abstract DataSource database();

    /**
     * Whether a relay passes over rows another relay has locked and takes the next ones (PostgreSQL); H2 in these
     * tests hands every row to one relay. Either way, no row is published twice.
     */
    boolean skipsLockedRows() {
        return true;
    }

    @BeforeEach
    void setUp() {
        this.database = database();
        Flyway.configure().dataSource(this.database).locations("classpath:db/messaging")
            .table("messaging_schema_history").cleanDisabled(false).load().clean();
        Flyway.configure().dataSource(this.database).locations("classpath:db/messaging")
            .table("messaging_schema_history").load().migrate();
        this.jdbc = JdbcClient.create(this.database);
        this.jdbc.sql("create table shard_buckets (bucket integer primary key, state varchar(8) not null)").update();
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(this.database));
        this.outbox = new Outbox("orders", json, Clock.systemUTC());
    }

    @Test
    void committedEventsArePublishedOnceInOrderAndRolledBackOnesNever() throws Exception {
        AtomicInteger wakeUps = new AtomicInteger();
        this.outbox.onCommit(wakeUps::incrementAndGet);
        List<Envelope> written = new ArrayList<>();
        this.transactions.executeWithoutResult(status -> {
            for (int i = 0; i < 25; i++) {
                written.add(this.outbox.append(this.jdbc, "order.confirmed", 1, "order-" + i, Map.of("n", i), null));
            }
        });
        this.transactions.executeWithoutResult(status -> {
            this.outbox.append(this.jdbc, "order.cancelled", 1, "rolled-back", Map.of(), null);
            status.setRollbackOnly();
        });
        OutboxRelay relay = relay(store(false));

        assertThat(relay.relayOnce()).isEqualTo(25);
        assertThat(relay.relayOnce()).isZero();

        assertThat(wakeUps).as("a commit wakes the relay; a rollback does not").hasValue(25);
        assertThat(this.transport.published).extracting(Published::messageId)
            .containsExactlyElementsOf(written.stream().map(Envelope::id).toList());
        Published first = this.transport.published.getFirst();
        assertThat(first.exchange()).isEqualTo("emporium.orders");
        assertThat(first.routingKey()).isEqualTo("order.confirmed");
        Envelope sent = Envelope.fromJson(json, first.body());
        assertThat(sent).isEqualTo(written.getFirst());
        assertThat(sent.data().get("n").asInt()).isZero();
        assertThat(this.jdbc.sql("select count(*) from outbox where sent_at is null").query(Integer.class).single()).isZero();
    }

    @Test
    void whatTheBrokerRefusesStaysInTheOutboxAndLeavesLater() throws Exception {
        this.transactions.executeWithoutResult(status -> {
            for (int i = 0; i < 5; i++) {
                this.outbox.append(this.jdbc, "order.confirmed", 1, "order-" + i, Map.of(), null);
            }
        });
        OutboxRelay relay = relay(store(false));
        this.transport.failAfter(2);

        assertThatExceptionOfType(PublishFailed.class).isThrownBy(relay::relayOnce);
        assertThat(this.transport.published).hasSize(2);
        assertThat(this.jdbc.sql("select count(*) from outbox where sent_at is null").query(Integer.class).single())
            .isEqualTo(3);

        this.transport.failAfter(Integer.MAX_VALUE);
        assertThat(relay.relayOnce()).isEqualTo(3);
        assertThat(this.transport.published).extracting(Published::messageId).doesNotHaveDuplicates().hasSize(5);
    }

    @Test
    void aShardPublishesOnlyTheRowsOfBucketsItOwns() throws Exception {
        this.jdbc.sql("insert into shard_buckets (bucket, state) values (1, 'OWNED'), (2, 'FROZEN')").update();
        this.transactions.executeWithoutResult(status -> {
            this.outbox.append(this.jdbc, "order.confirmed", 1, "owned", Map.of(), 1);
            this.outbox.append(this.jdbc, "order.confirmed", 1, "frozen", Map.of(), 2);
            this.outbox.append(this.jdbc, "order.confirmed", 1, "moved-away", Map.of(), 3);
        });
        OutboxRelay relay = relay(store(true));

        assertThat(relay.relayOnce()).isEqualTo(1);
        assertThat(this.transport.subjects()).containsExactly("owned");

        // The move is over: bucket 2 is this shard's again.
        this.jdbc.sql("update shard_buckets set state = 'OWNED' where bucket = 2").update();
        assertThat(relay.relayOnce()).isEqualTo(1);
        assertThat(this.transport.subjects()).containsExactly("owned", "frozen");
    }

    @Test
    void relaysOnSeveralInstancesNeverPublishTheSameRow() throws Exception {
        int rows = 300;
        this.transactions.executeWithoutResult(status -> {
            for (int i = 0; i < rows; i++) {
                this.outbox.append(this.jdbc, "order.confirmed", 1, "order-" + i, Map.of(), null);
            }
        });
        this.transport.slowDown(Duration.ofMillis(1));
        List<OutboxRelay> relays = List.of(relay(store(false)), relay(store(false)), relay(store(false)));

        List<Future<Integer>> runs = new ArrayList<>();
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            relays.forEach(relay -> runs.add(threads.submit(relay::relayOnce)));
        }
        int total = 0;
        for (Future<Integer> run : runs) {
            total += run.get();
        }

        assertThat(total).isEqualTo(rows);
        assertThat(this.transport.published).extracting(Published::messageId).doesNotHaveDuplicates().hasSize(rows);
        if (skipsLockedRows()) {
            assertThat(runs.stream().filter(run -> run.resultNow() > 0).count()).as("they shared the work")
                .isGreaterThan(1);
        }
    }

    @Test
    void theInboxRecognisesAMessageItHasSeen() {
        Inbox inbox = new Inbox(Clock.systemUTC());
        Envelope envelope = this.transactions.execute(status ->
                this.outbox.append(this.jdbc, "order.confirmed", 1, "order-1", Map.of(), null));

        Boolean first = this.transactions.execute(status -> inbox.firstDelivery(this.jdbc, "a.queue", envelope, null));
        Boolean again = this.transactions.execute(status -> inbox.firstDelivery(this.jdbc, "a.queue", envelope, null));
        Boolean otherConsumer = this.transactions.execute(status -> inbox.firstDelivery(this.jdbc, "b.queue", envelope, 7));
        Boolean rolledBack = this.transactions.execute(status -> {
            Envelope fresh = this.outbox.append(this.jdbc, "order.confirmed", 1, "order-2", Map.of(), null);
            boolean recorded = inbox.firstDelivery(this.jdbc, "a.queue", fresh, null);
            status.setRollbackOnly();
            return recorded;
        });

        assertThat(first).isTrue();
        assertThat(again).isFalse();
        assertThat(otherConsumer).isTrue();
        assertThat(rolledBack).isTrue();
        assertThat(this.jdbc.sql("select count(*) from inbox").query(Integer.class).single()).isEqualTo(2);
    }

    private OutboxStore store(boolean fenced) {
        return new OutboxStore("test", this.database, fenced);
    }

    private OutboxRelay relay(OutboxStore store) {
        return new OutboxRelay(List.of(store), this.transport, RELAY, Duration.ofDays(7), Clock.systemUTC(), null);
    }

    record Published(String exchange, String routingKey, String messageId, byte[] body) {
    }

    /** A broker that confirms everything (or refuses after a number of messages), and remembers what it got. */
    static final class RecordingTransport implements MessageTransport {

        final List<Published> published = java.util.Collections.synchronizedList(new ArrayList<>());

        private volatile int failAfter = Integer.MAX_VALUE;

        private volatile Duration delay = Duration.ZERO;

        void failAfter(int messages) {
            this.failAfter = messages;
        }

        void slowDown(Duration delay) {
            this.delay = delay;
        }

        List<String> subjects() {
            return this.published.stream()
                .map(message -> Envelope.fromJson(json, message.body()).subject())
                .toList();
        }

        @Override
        public void declareExchange(String exchange) {
        }

        @Override
        public void publish(String exchange, String routingKey, String messageId, byte[] body) throws PublishFailed {
            if (this.published.size() >= this.failAfter) {
                throw new PublishFailed("broker down");
            }
            try {
                Thread.sleep(this.delay);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            this.published.add(new Published(exchange, routingKey, messageId, body));
        }

        @Override
        public AutoCloseable consume(Subscription subscription, RetryPolicy retries, int concurrency,
                Deliveries deliveries) {
            throw new UnsupportedOperationException("publishes only");
        }

        @Override
        public List<ParkedMessage> parked(String queue) {
            return List.of();
        }

        @Override
        public QueueDepth depth(String queue) {
            return new QueueDepth(0, 0);
        }

        @Override
        public int replay(String queue, @Nullable String messageId) {
            return 0;
        }

        @Override
        public List<String> queues() {
            return List.of();
        }
    }
}
