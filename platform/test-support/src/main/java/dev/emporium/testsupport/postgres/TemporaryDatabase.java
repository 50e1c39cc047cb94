package dev.emporium.testsupport.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A database of its own for one test class on the machine's PostgreSQL server (127.0.0.1:5432, user postgres; the
 * password, if the server asks for one, from {@code EMPORIUM_POSTGRES_PASSWORD}). Its name is unique, so test runs
 * never share data; {@link #close()} drops it, ending the connections still open to it.
 */
public final class TemporaryDatabase implements AutoCloseable {

    /** The machine's server, as {@code emporium.postgres.server} names it. */
    public static final String SERVER = "127.0.0.1:5432";

    private static final Pattern PURPOSE = Pattern.compile("[a-z][a-z0-9_]{0,30}");

    private final String name;

    private TemporaryDatabase(String name) {
        this.name = name;
    }

    /**
     * Creates the database {@code emporium_test_<purpose>_<random>}.
     *
     * @param purpose lower-case letters, digits and underscores, such as the service's name
     */
    public static TemporaryDatabase create(String purpose) {
        if (!PURPOSE.matcher(purpose).matches()) {
            throw new IllegalArgumentException("a purpose is up to 31 lower-case letters, digits and underscores: " + purpose);
        }
        String name = "emporium_test_" + purpose + "_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        // DDL takes no bind parameters; the name is checked above and made here, never taken from elsewhere.
        execute("create database " + name);
        return new TemporaryDatabase(name);
    }

    public String name() {
        return this.name;
    }

    /** {@code jdbc:postgresql://127.0.0.1:5432/<name>}, without parameters. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + SERVER + "/" + this.name;
    }

    @Override
    public void close() {
        execute("drop database if exists " + this.name + " with (force)");
    }

    @Override
    public String toString() {
        return this.name + " on " + SERVER;
    }

    private static void execute(String ddl) {
        Properties account = new Properties();
        account.setProperty("user", "postgres");
        String password = System.getenv("EMPORIUM_POSTGRES_PASSWORD");
        if (password != null) {
            account.setProperty("password", password);
        }
        account.setProperty("connectTimeout", "2");
        account.setProperty("socketTimeout", "30");
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + SERVER + "/postgres", account);
                Statement statement = connection.createStatement()) {
            statement.execute(ddl);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("PostgreSQL on " + SERVER + " refused: " + ddl, ex);
        }
    }
}
