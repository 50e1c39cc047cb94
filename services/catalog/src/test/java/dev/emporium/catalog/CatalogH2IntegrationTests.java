package dev.emporium.catalog;

import org.springframework.test.context.TestPropertySource;

/** The catalog on H2 in PostgreSQL mode, the embedded default. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:catalog-test;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1")
class CatalogH2IntegrationTests extends CatalogIntegrationTests {
}
