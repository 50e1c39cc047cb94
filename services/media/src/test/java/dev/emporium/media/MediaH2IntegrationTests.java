package dev.emporium.media;

import org.springframework.test.context.TestPropertySource;

/** The media service on H2 in PostgreSQL mode, the embedded default. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:media-test;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1")
class MediaH2IntegrationTests extends MediaIntegrationTests {
}
