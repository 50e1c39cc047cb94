package dev.emporium.notifications;

import org.springframework.test.context.TestPropertySource;

/** The notifications service on H2 in PostgreSQL mode, the embedded default. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:notifications-test;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1")
class NotificationsH2IntegrationTests extends NotificationsIntegrationTests {
}
