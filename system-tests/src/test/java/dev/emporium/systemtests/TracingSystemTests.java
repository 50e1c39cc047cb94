package dev.emporium.systemtests;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.emporium.testsupport.HttpTestClient.Response;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One checkout's trace through the platform's logs, and no secret in them. The services of embedded mode log through
 * this JVM's Logback, so the test listens on its root logger: the trace id a client sends in {@code traceparent}
 * must reach the gateway's and orders' access logs and the handling of the order's messages in inventory, payments
 * and notifications; the password, access and refresh tokens of that customer must appear in no line.
 */
@ExtendWith(RunningPlatform.Extension.class)
class TracingSystemTests {

    private static final String PASSWORD = "correct horse battery";

    /** Keeps every line with its logging context (MDC), which Logback otherwise reads only when the line is used. */
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>() {

        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            super.append(event);
        }
    };

    private Logger accessLog;

    private Level accessLevel;

    @BeforeEach
    void listen() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        this.lines.setContext(context);
        this.lines.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(this.lines);
        // Embedded mode keeps the access log off the developer's console; the test reads it.
        this.accessLog = context.getLogger("dev.emporium.access");
        this.accessLevel = this.accessLog.getLevel();
        this.accessLog.setLevel(Level.INFO);
    }

    @AfterEach
    void stopListening() {
        this.accessLog.setLevel(this.accessLevel);
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
            .detachAppender(this.lines);
        this.lines.stop();
    }

    @Test
    void oneCheckoutsTraceIdRunsThroughTheGatewayOrdersInventoryPaymentsAndNotifications(RunningPlatform platform) {
        Api api = new Api(platform.gatewayUrl());
        String email = "traced-" + UUID.randomUUID() + "@example.test";
        api.post("/api/auth/register", null, Map.of("email", email, "password", PASSWORD, "name", "Traced Customer"))
            .expect(201);
        Response login = api.post("/api/auth/login", null, Map.of("email", email, "password", PASSWORD)).expect(200);
        String token = login.json().get("accessToken").asString();
        String refreshToken = login.json().get("refreshToken").asString();
        api.put("/api/cart/items/p8", token, Map.of("quantity", 1)).expect(200);

        HexFormat hex = HexFormat.of();
        String traceId = hex.toHexDigits(ThreadLocalRandom.current().nextLong())
                + hex.toHexDigits(ThreadLocalRandom.current().nextLong());
        String traceparent = "00-" + traceId + "-" + hex.toHexDigits(ThreadLocalRandom.current().nextLong()) + "-01";
        Response placed = api.call(HttpMethod.POST, "/api/orders", token, Map.of(
                "shippingAddress", Map.of("name", "Traced Customer", "line1", "1 Span Street", "city", "Tracetown",
                        "postalCode", "TR1 1CE", "country", "GB"),
                "paymentToken", "tok_visa"),
                Map.of("Idempotency-Key", "traced-" + UUID.randomUUID(), "traceparent", traceparent)).expect(202);
        api.awaitOrder(placed.json().get("id").asString(), token, "CONFIRMED");

        // The gateway and orders log the request; inventory, payments and notifications each handle a message of
        // the order's (notifications: the confirmation email) within the same trace.
        Awaitility.await("every service's lines of the trace").untilAsserted(() -> assertThat(servicesIn(traceId))
            .contains("gateway", "orders", "inventory", "payments", "notifications"));

        for (ILoggingEvent line : List.copyOf(this.lines.list)) {
            String text = line.getFormattedMessage() + " " + line.getMDCPropertyMap();
            assertThat(text).as("a log line of %s", line.getLoggerName()).doesNotContain(PASSWORD)
                .doesNotContain(token).doesNotContain(refreshToken);
        }
    }

    /** The services that logged lines of the trace: by the request's service, or by the queue a message came from. */
    private Set<String> servicesIn(String traceId) {
        return List.copyOf(this.lines.list).stream()
            .filter(line -> traceId.equals(line.getMDCPropertyMap().get("traceId")))
            .map(line -> {
                String service = line.getMDCPropertyMap().get("serviceName");
                if (service != null) {
                    return service;
                }
                String message = line.getFormattedMessage();
                int from = message.indexOf(" from ");
                return from < 0 ? line.getLoggerName() : message.substring(from + 6, message.indexOf('.', from));
            })
            .collect(Collectors.toSet());
    }
}
