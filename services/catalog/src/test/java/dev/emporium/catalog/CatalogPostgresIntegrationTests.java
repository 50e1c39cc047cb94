package dev.emporium.catalog;

import java.io.IOException;

import dev.emporium.democatalog.DemoCatalog;
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
 * The catalog with its postgres profile on a database of its own on the machine's PostgreSQL server: the shared tests,
 * and what only PostgreSQL has (JSONB attributes with their GIN index, the connection parameters of the profile).
 */
@ActiveProfiles("postgres")
@DirtiesContext
class CatalogPostgresIntegrationTests extends CatalogIntegrationTests {

    @AutoClose
    static TemporaryDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = TemporaryDatabase.create("catalog");
    }

    /** The profile's URL on the test's database: its parameters (timeouts) are the platform's, as in production. */
    @DynamicPropertySource
    static void onTheTemporaryDatabase(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> database.jdbcUrl() + "?${emporium.postgres.params}");
    }

    @Test
    void theProfileNamesTheServiceDatabaseWithTheSharedParameters(@Autowired Environment environment) throws IOException {
        Object url = new YamlPropertySourceLoader().load("profile", new ClassPathResource("catalog-postgres.yml"))
            .getFirst()
            .getProperty("spring.datasource.url");
        assertThat(environment.resolveRequiredPlaceholders(String.valueOf(url))).isEqualTo("jdbc:postgresql://127.0.0.1:5432/"
                + "emporium_catalog?connectTimeout=2&socketTimeout=30&tcpKeepAlive=true&hostRecheckSeconds=2"
                + "&options=-c%20statement_timeout%3D15000");
        assertThat(this.jdbc.sql("select current_database()").query(String.class).single()).isEqualTo(database.name());
        assertThat(this.jdbc.sql("show statement_timeout").query(String.class).single()).isEqualTo("15s");
    }

    @Test
    void storesAttributesAsJsonbWithAGinIndex() {
        assertThat(this.jdbc.sql("select version from flyway_schema_history where success order by installed_rank")
            .query(String.class)
            .list()).containsExactly("1", "2");
        assertThat(this.jdbc.sql("""
                select data_type from information_schema.columns where table_name = 'products' and column_name = 'attributes'
                """).query(String.class).single()).isEqualTo("jsonb");
        assertThat(this.jdbc.sql("select indexdef from pg_indexes where indexname = 'products_attributes'")
            .query(String.class)
            .single()).contains("USING gin (attributes jsonb_path_ops)");

        // Documents, not JSON strings: containment finds exactly the demo products of a brand.
        long tidewater = DemoCatalog.standard().products().stream()
            .filter(product -> "Tidewater".equals(product.attributes().get("brand")))
            .count();
        assertThat(tidewater).isPositive();
        assertThat(this.jdbc.sql("select count(*) from products where attributes @> cast(:filter as jsonb)")
            .param("filter", "{\"brand\":\"Tidewater\"}")
            .query(Long.class)
            .single()).isEqualTo(tidewater);
        assertThat(this.jdbc.sql("select attributes ->> 'brand' from products where id = 'p8'").query(String.class).single())
            .isEqualTo("Tidewater");
        assertThat(this.jdbc.sql("select jsonb_typeof(attributes -> 'features') from products where id = 'p8'")
            .query(String.class)
            .single()).isEqualTo("array");
    }
}
