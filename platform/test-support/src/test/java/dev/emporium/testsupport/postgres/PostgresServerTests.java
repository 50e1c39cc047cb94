package dev.emporium.testsupport.postgres;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PostgresServerTests {

    private static final Duration CATCH_UP = Duration.ofSeconds(20);

    @Test
    void primaryStartsAcceptsAWriteAndIsGoneWhenClosed() throws SQLException {
        int port;
        try (PostgresServer primary = PostgresServer.primary("solo")) {
            port = primary.port();
            primary.createDatabase("shop");
            primary.createDatabase("shop");
            assertThat(primary.isRunning()).isTrue();
            update(primary, "create table items (id int primary key)");
            insertItems(primary, 1, 3);
            assertThat(itemIds(primary)).containsExactly(1, 2, 3);
        }
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
            .isInstanceOf(ConnectException.class);
    }

    @Test
    void replicaStreamsWritesRefusesItsOwnAndCatchesUpAfterACrash() throws SQLException {
        try (PostgresServer primary = PostgresServer.primary("shard")) {
            primary.createDatabase("shop");
            update(primary, "create table items (id int primary key)");
            PostgresServer replica = primary.replica("shard-replica");
            insertItems(primary, 1, 100);
            replica.awaitCaughtUp(CATCH_UP);
            assertThat(itemIds(replica)).hasSize(100).startsWith(1).endsWith(100);
            assertThatThrownBy(() -> insertItems(replica, 101, 101)).isInstanceOf(SQLException.class)
                .hasMessageContaining("read-only");

            replica.kill();
            assertThat(replica.isRunning()).isFalse();
            assertThatThrownBy(() -> DriverManager.getConnection(replica.jdbcUrl("shop")).close())
                .isInstanceOf(SQLException.class);
            insertItems(primary, 101, 200);

            replica.start();
            assertThat(replica.isRunning()).isTrue();
            replica.awaitCaughtUp(CATCH_UP);
            assertThat(replica.replayLagBytes()).isZero();
            assertThat(itemIds(replica)).hasSize(200).startsWith(1).endsWith(200);
        }
    }

    @Test
    void promotedReplicaOfASynchronousPrimaryHasEveryCommittedRowAndAcceptsWrites() throws SQLException {
        try (PostgresServer primary = PostgresServer.synchronousPrimary("sync")) {
            PostgresServer replica = primary.replica("sync-replica");
            // Only a synchronous standby makes the primary's commits wait for it; streaming alone would lose the tail.
            await().atMost(CATCH_UP).untilAsserted(() -> assertThat(
                    text(primary, "postgres", "select sync_state from pg_stat_replication where application_name = 'sync-replica'"))
                .isEqualTo("quorum"));
            primary.createDatabase("shop");
            update(primary, "create table items (id int primary key)");
            List<Integer> committed = new ArrayList<>();
            for (int id = 1; id <= 200; id++) {
                insertItems(primary, id, id);
                committed.add(id);
            }

            primary.kill();
            assertThat(primary.isRunning()).isFalse();
            replica.promote();

            assertThat(itemIds(replica)).containsExactlyElementsOf(committed);
            insertItems(replica, 201, 201);
            assertThat(itemIds(replica)).hasSize(201).endsWith(201);
            assertThat(text(replica, "shop", "select pg_is_in_recovery()::text")).isEqualTo("false");
        }
    }

    private static Connection connect(PostgresServer server, String database) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(database));
    }

    private static void update(PostgresServer server, String sql) throws SQLException {
        try (Connection connection = connect(server, "shop"); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
        }
    }

    /** Inserts items {@code first} to {@code last}, each in a transaction of its own (auto-commit). */
    private static void insertItems(PostgresServer server, int first, int last) throws SQLException {
        try (Connection connection = connect(server, "shop");
                PreparedStatement statement = connection.prepareStatement("insert into items (id) values (?)")) {
            for (int id = first; id <= last; id++) {
                statement.setInt(1, id);
                statement.executeUpdate();
            }
        }
    }

    private static List<Integer> itemIds(PostgresServer server) throws SQLException {
        try (Connection connection = connect(server, "shop");
                PreparedStatement statement = connection.prepareStatement("select id from items order by id");
                ResultSet rows = statement.executeQuery()) {
            List<Integer> ids = new ArrayList<>();
            while (rows.next()) {
                ids.add(rows.getInt(1));
            }
            return ids;
        }
    }

    private static @Nullable String text(PostgresServer server, String database, String sql) throws SQLException {
        try (Connection connection = connect(server, database);
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet row = statement.executeQuery()) {
            return row.next() ? row.getString(1) : null;
        }
    }
}
