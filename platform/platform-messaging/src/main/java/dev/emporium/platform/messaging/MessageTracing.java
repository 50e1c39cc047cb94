package dev.emporium.platform.messaging;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.jspecify.annotations.Nullable;

/**
 * Carries traces across the broker: an event written to the outbox takes the W3C {@code traceparent} of the span
 * that wrote it, and handling a message runs in a consumer span that continues the message's trace. Logs written
 * meanwhile carry its trace and span ids, and calls made meanwhile carry its {@code traceparent} on.
 */
public final class MessageTracing {

    private final Tracer tracer;

    private final Propagator propagator;

    public MessageTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** The current span's {@code traceparent}, or null outside every span. */
    @Nullable String currentTraceparent() {
        Span span = this.tracer.currentSpan();
        if (span == null) {
            return null;
        }
        TraceContext context = span.context();
        return "00-" + context.traceId() + "-" + context.spanId() + "-"
                + (Boolean.FALSE.equals(context.sampled()) ? "00" : "01");
    }

    /** Starts the span of handling {@code envelope} from {@code queue}, in scope until the returned handle closes. */
    Handling handling(Envelope envelope, String queue) {
        Span.Builder builder = envelope.traceparent() == null ? this.tracer.spanBuilder()
                : this.propagator.extract(envelope, (carrier, key) -> "traceparent".equals(key) ? carrier.traceparent()
                        : null);
        Span span = builder.name("handle " + envelope.type())
            .kind(Span.Kind.CONSUMER)
            .tag("messaging.destination.name", queue)
            .tag("messaging.message.id", envelope.id())
            .start();
        Tracer.SpanInScope scope = this.tracer.withSpan(span);
        return () -> {
            scope.close();
            span.end();
        };
    }

    /** A message's span in scope; closing ends it. */
    interface Handling extends AutoCloseable {

        @Override
        void close();
    }
}
