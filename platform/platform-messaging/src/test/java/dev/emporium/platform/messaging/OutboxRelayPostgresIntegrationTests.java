package dev.emporium.platform.messaging;

import javax.sql.DataSource;

import dev.emporium.testsupport.postgres.TemporaryDatabase;
import org.junit.jupiter.api.AfterAll;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class OutboxRelayPostgresIntegrationTests extends OutboxRelayIntegrationTests {

    static final TemporaryDatabase postgres = TemporaryDatabase.create("outbox");

    @AfterAll
    static void dropDatabase() {
        postgres.close();
    }

    @Override
    DataSource database() {
        return new DriverManagerDataSource(postgres.jdbcUrl(), "postgres", "");
    }
}
