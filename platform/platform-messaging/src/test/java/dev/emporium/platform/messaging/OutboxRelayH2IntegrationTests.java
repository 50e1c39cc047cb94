package dev.emporium.platform.messaging;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

class OutboxRelayH2IntegrationTests extends OutboxRelayIntegrationTests {

    @Override
    DataSource database() {
        return new DriverManagerDataSource(
                "jdbc:h2:mem:outbox;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "sa", "");
    }

    @Override
    boolean skipsLockedRows() {
        return false;
    }
}
