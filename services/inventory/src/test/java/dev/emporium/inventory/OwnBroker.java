package dev.emporium.inventory;

import dev.emporium.platform.messaging.InProcessTransport;
import dev.emporium.platform.messaging.MessageTransport;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A broker of the test context's own: the H2 and the PostgreSQL test contexts live in one JVM, and on the shared one
 * each would take the other's commands.
 */
@TestConfiguration(proxyBeanMethods = false)
class OwnBroker {

    @Bean
    MessageTransport transport() {
        return InProcessTransport.isolated();
    }
}
