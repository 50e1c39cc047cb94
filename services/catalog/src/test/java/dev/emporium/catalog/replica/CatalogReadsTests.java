package dev.emporium.catalog.replica;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogReadsTests {

    @ParameterizedTest
    @ValueSource(strings = { "08006", "08001", "08003", "57P01", "57P02", "57P03" })
    void retriesWhenTheConnectionBrokeOrWasRefused(String state) {
        SQLException broken = new SQLException("connection lost", state);
        assertThat(CatalogReads.isConnectionFailure(new DataAccessResourceFailureException("read failed", broken))).isTrue();
        assertThat(CatalogReads.isConnectionFailure(new UncategorizedSQLException("read", "select 1", broken))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "42P01", "57014", "40001", "53300", "22P02" })
    void leavesErrorsOfTheQueryItselfAlone(String state) {
        SQLException failed = new SQLException("query failed", state);
        assertThat(CatalogReads.isConnectionFailure(new UncategorizedSQLException("read", "select 1", failed))).isFalse();
    }

    @Test
    void retriesAPoolTimeoutOnlyWhenItCameFromAFailedConnect() {
        SQLTransientConnectionException refused = new SQLTransientConnectionException("pool timed out", "08001");
        SQLTransientConnectionException busy = new SQLTransientConnectionException("pool timed out");
        assertThat(CatalogReads.isConnectionFailure(new CannotGetJdbcConnectionException("no connection", refused))).isTrue();
        assertThat(CatalogReads.isConnectionFailure(new CannotGetJdbcConnectionException("no connection", busy))).isFalse();
        assertThat(CatalogReads.isConnectionFailure(new IllegalStateException("not SQL"))).isFalse();
    }
}
