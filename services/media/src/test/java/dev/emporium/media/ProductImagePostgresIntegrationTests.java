package dev.emporium.media;

import dev.emporium.testsupport.postgres.TemporaryDatabase;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Uploads with the postgres profile, on a database of their own on the machine's PostgreSQL server. */
@ActiveProfiles("postgres")
@DirtiesContext
class ProductImagePostgresIntegrationTests extends ProductImageIntegrationTests {

    @AutoClose
    static TemporaryDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = TemporaryDatabase.create("media_uploads");
    }

    @DynamicPropertySource
    static void onTheTemporaryDatabase(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> database.jdbcUrl() + "?${emporium.postgres.params}");
    }
}
