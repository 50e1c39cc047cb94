package dev.emporium.media;

import org.springframework.test.context.TestPropertySource;

/** Uploads on H2 in PostgreSQL mode, the embedded default (a database of their own, not the serving tests'). */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:media-upload-test;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1")
class ProductImageH2IntegrationTests extends ProductImageIntegrationTests {
}
