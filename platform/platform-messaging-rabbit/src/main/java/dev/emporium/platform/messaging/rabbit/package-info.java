/** The RabbitMQ adapter of platform-messaging's {@link dev.emporium.platform.messaging.MessageTransport}. */
@NullMarked
package dev.emporium.platform.messaging.rabbit;

import org.jspecify.annotations.NullMarked;
