package dev.emporium.media;

import java.io.IOException;

import dev.emporium.testsupport.postgres.TemporaryDatabase;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The media service with its postgres profile on a database of its own on the machine's PostgreSQL server: the
 * shared tests and the profile's connection parameters.
 */
@ActiveProfiles("postgres")
@DirtiesContext
class MediaPostgresIntegrationTests extends MediaIntegrationTests {

    @AutoClose
    static TemporaryDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = TemporaryDatabase.create("media");
    }

    /** The profile's URL on the test's database: its parameters (timeouts) are the platform's, as in production. */
    @DynamicPropertySource
    static void onTheTemporaryDatabase(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> database.jdbcUrl() + "?${emporium.postgres.params}");
    }

    @Test
    void theProfileNamesTheServiceDatabaseWithTheSharedParameters(@Autowired Environment environment) throws IOException {
        Object url = new YamlPropertySourceLoader().load("profile", new ClassPathResource("media-postgres.yml"))
            .getFirst()
            .getProperty("spring.datasource.url");
        assertThat(environment.resolveRequiredPlaceholders(String.valueOf(url))).isEqualTo("jdbc:postgresql://127.0.0.1:5432/"
                + "emporium_media?connectTimeout=2&socketTimeout=30&tcpKeepAlive=true&hostRecheckSeconds=2"
                + "&options=-c%20statement_timeout%3D15000");
        assertThat(this.jdbc.sql("select current_database()").query(String.class).single()).isEqualTo(database.name());
        assertThat(this.jdbc.sql("show statement_timeout").query(String.class).single()).isEqualTo("15s");
        assertThat(this.jdbc.sql("select version from flyway_schema_history where success order by installed_rank")
            .query(String.class)
            .list()).containsExactly("1", "2");
    }
}
