package dev.emporium.catalog.replica;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.jspecify.annotations.Nullable;
import org.postgresql.Driver;
import org.postgresql.PGProperty;
import org.postgresql.hostchooser.GlobalHostStatusTracker;
import org.postgresql.hostchooser.HostStatus;
import org.postgresql.util.HostSpec;

/**
 * One server of the read-replica URL, as the lag sampler sees it: each sample is a connection of its own to that
 * server alone, so a replica is measured whatever the pool's connections do.
 * <p>
 * The lag is in seconds of replay, measured on the replica: how old the last transaction it replayed is, or 0 when it
 * has replayed all the WAL it received (so an idle primary does not read as a growing lag), and 0 for a server that is
 * not in recovery (a primary listed as the last resort). It is NaN while the server does not answer. It says nothing
 * of WAL not yet received: a replica cut off from its primary reads as caught up.
 */
final class Replica {

    private static final String LAG = """
            select case
                     when not pg_is_in_recovery() then 0
                     when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
                     else coalesce(extract(epoch from now() - pg_last_xact_replay_timestamp()), 0)
                   end
            """;

    private final String name;

    private final String url;

    private final HostSpec host;

    private final Properties connection;

    private volatile double lagSeconds = Double.NaN;

    private volatile boolean down;

    private Replica(String name, String url, HostSpec host, Properties connection) {
        this.name = name;
        this.url = url;
        this.host = host;
        this.connection = connection;
    }

    /** The servers of a pgjdbc multi-host URL, connected to with that URL's parameters and the given account. */
    static List<Replica> of(String multiHostUrl, @Nullable String username, @Nullable String password) {
        Properties parsed = Driver.parseURL(multiHostUrl, null);
        if (parsed == null) {
            throw new IllegalArgumentException("emporium.catalog.read-replicas.url is not a PostgreSQL JDBC URL: " + multiHostUrl);
        }
        String[] hosts = PGProperty.PG_HOST.getOrDefault(parsed).split(",");
        String[] ports = PGProperty.PG_PORT.getOrDefault(parsed).split(",");
        String database = URLEncoder.encode(PGProperty.PG_DBNAME.getOrDefault(parsed), StandardCharsets.UTF_8);
        List<Replica> replicas = new ArrayList<>();
        for (int i = 0; i < hosts.length; i++) {
            Properties connection = new Properties();
            connection.putAll(parsed);
            PGProperty.TARGET_SERVER_TYPE.set(connection, "any");
            PGProperty.LOAD_BALANCE_HOSTS.set(connection, false);
            // A sample must never hold the sampler up for long, whatever the URL allows the pool.
            PGProperty.CONNECT_TIMEOUT.set(connection, 2);
            PGProperty.SOCKET_TIMEOUT.set(connection, 5);
            if (username != null) {
                PGProperty.USER.set(connection, username);
            }
            if (password != null) {
                PGProperty.PASSWORD.set(connection, password);
            }
            String name = hosts[i] + ":" + ports[i];
            replicas.add(new Replica(name, "jdbc:postgresql://" + name + "/" + database,
                    new HostSpec(hosts[i], Integer.parseInt(ports[i])), connection));
        }
        return List.copyOf(replicas);
    }

    /** {@code host:port}, the replica's tag on the lag metric. */
    String name() {
        return this.name;
    }

    double lagSeconds() {
        return this.lagSeconds;
    }

    /**
     * Measures the lag now.
     *
     * @return whether the replica answered after the previous sample found it down
     */
    boolean sample() {
        try (Connection connection = DriverManager.getConnection(this.url, this.connection);
                PreparedStatement lag = connection.prepareStatement(LAG);
                ResultSet result = lag.executeQuery()) {
            result.next();
            this.lagSeconds = result.getDouble(1);
            boolean cameBack = this.down;
            this.down = false;
            if (cameBack) {
                // pgjdbc skips a host it last failed to reach for hostRecheckSeconds (10 s by default), whichever
                // connection saw it fail: a pool connection refused while the replica was starting up must not keep
                // the replacement connections off it.
                GlobalHostStatusTracker.reportHostStatus(this.host, HostStatus.ConnectOK);
            }
            return cameBack;
        }
        catch (SQLException ex) {
            this.lagSeconds = Double.NaN;
            this.down = true;
            return false;
        }
    }
}
