package dev.emporium.notifications;

import dev.emporium.platform.messaging.InProcessTransport;
import dev.emporium.platform.messaging.MessageTransport;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A broker of the test context's own: the test contexts (H2, PostgreSQL, no SMTP server) live in one JVM, and on the
 * shared broker each would take the others' events.
 */
@TestConfiguration(proxyBeanMethods = false)
class OwnBroker {

    @Bean
    MessageTransport transport() {
        return InProcessTransport.isolated();
    }
}
