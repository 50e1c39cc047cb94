package dev.emporium.testsupport.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

import org.jspecify.annotations.Nullable;

/**
 * A JDBC driver that records every statement run through it, by a name the test chooses, then hands it to the real
 * driver: a service configured with {@link #url(String, String)} instead of its database's URL runs as before, and
 * {@link #statements(String)} tells which SQL it executed. Counts statements executed, not prepared: a statement
 * prepared once and executed twice counts twice.
 * <pre>{@code
 * --emporium.sharding.shards.s0.url=" + StatementRecorder.url("profiles", database.jdbcUrl())
 * ...
 * int before = StatementRecorder.statements("profiles").size();
 * }</pre>
 */
public final class StatementRecorder implements Driver {

    private static final String PREFIX = "jdbc:recorded:";

    private static final Map<String, List<String>> RECORDS = new ConcurrentHashMap<>();

    static {
        try {
            DriverManager.registerDriver(new StatementRecorder());
        }
        catch (SQLException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** A URL that connects to {@code url} and records its statements under {@code name}. */
    public static String url(String name, String url) {
        if (name.contains(":") || !url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("A name without ':' and a jdbc: URL, please: " + name + ", " + url);
        }
        RECORDS.computeIfAbsent(name, key -> new CopyOnWriteArrayList<>());
        return PREFIX + name + ":" + url;
    }

    /** The SQL of every statement executed on connections of {@code name} so far, in order. */
    public static List<String> statements(String name) {
        return List.copyOf(RECORDS.getOrDefault(name, List.of()));
    }

    @Override
    public @Nullable Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        String rest = url.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        String name = rest.substring(0, colon);
        Connection connection = DriverManager.getConnection(rest.substring(colon + 1), info);
        List<String> record = RECORDS.computeIfAbsent(name, key -> new CopyOnWriteArrayList<>());
        return (Connection) proxy(Connection.class, connection, (target, method, arguments) -> {
            Object result = invoke(target, method, arguments);
            if (result instanceof Statement statement) {
                String sql = arguments != null && arguments.length > 0 && arguments[0] instanceof String text ? text : null;
                return statement(statement, sql, record);
            }
            return result;
        });
    }

    private static Statement statement(Statement statement, @Nullable String preparedSql, List<String> record) {
        Class<? extends Statement> type = statement instanceof CallableStatement ? CallableStatement.class
                : statement instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
        return (Statement) proxy(type, statement, (target, method, arguments) -> {
            if (method.getName().startsWith("execute")) {
                String sql = arguments != null && arguments.length > 0 && arguments[0] instanceof String text ? text
                        : preparedSql;
                record.add(sql != null ? sql : "(batch)");
            }
            return invoke(target, method, arguments);
        });
    }

    private interface Handler {

        @Nullable Object handle(Object target, Method method, @Nullable Object @Nullable [] arguments) throws Throwable;
    }

    /** {@code target} as a {@code type} whose every call goes through {@code handler}. */
    private static Object proxy(Class<?> type, Object target, Handler handler) {
        InvocationHandler invocation = (proxy, method, arguments) -> handler.handle(target, method, arguments);
        return Proxy.newProxyInstance(StatementRecorder.class.getClassLoader(), new Class<?>[] { type }, invocation);
    }

    private static @Nullable Object invoke(Object target, Method method, @Nullable Object @Nullable [] arguments)
            throws Throwable {
        try {
            return method.invoke(target, arguments);
        }
        catch (InvocationTargetException ex) {
            throw ex.getCause();
        }
    }

    @Override
    public boolean acceptsURL(String url) {
        return url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }
}
