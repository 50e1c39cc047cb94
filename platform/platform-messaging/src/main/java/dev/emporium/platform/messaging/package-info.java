/**
 * Events between services, exactly once in effect: a transactional {@link dev.emporium.platform.messaging.Outbox}
 * and its {@link dev.emporium.platform.messaging.OutboxRelay}, an {@link dev.emporium.platform.messaging.Inbox} for
 * idempotent consumers, retries with backoff and a parking lot, behind the
 * {@link dev.emporium.platform.messaging.MessageTransport} port (in-process here, RabbitMQ in platform-messaging-rabbit).
 */
@NullMarked
package dev.emporium.platform.messaging;

import org.jspecify.annotations.NullMarked;
