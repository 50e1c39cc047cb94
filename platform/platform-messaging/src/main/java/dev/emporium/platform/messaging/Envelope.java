package dev.emporium.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One message between services, as it travels: a versioned JSON envelope. The producer owns the schema of
 * {@code data} for each {@code type} and {@code version}; each consumer reads the fields it needs into its own record
 * ({@link #data(JsonMapper, Class)}) and ignores the rest, so a producer may add fields without a new version.
 *
 * @param id unique per message; a message delivered again carries the same id (the inbox's key)
 * @param type what happened or what is asked, also the routing key: {@code order.confirmed}, {@code payments.charge}
 * @param version the version of {@code data}'s schema for this type
 * @param source the producing service, whose exchange ({@code emporium.<source>}) carries the message
 * @param time when the producer wrote it
 * @param subject the entity it is about, such as the order id
 * @param traceparent the W3C trace context of the work that produced it
 * @param data the payload
 */
public record Envelope(String id, String type, int version, String source, Instant time, String subject,
        @Nullable String traceparent, JsonNode data) {

    public Envelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(data, "data");
    }

    /** The exchange a service publishes on: one topic exchange per producing service. */
    public static String exchangeOf(String source) {
        return "emporium." + source;
    }

    public String exchange() {
        return exchangeOf(this.source);
    }

    /** Reads {@code data} into the consumer's own record; unknown fields are ignored. */
    public <T> T data(JsonMapper json, Class<T> type) {
        try {
            return json.treeToValue(this.data, type);
        }
        catch (JacksonException ex) {
            throw new UnreadableMessage("The data of " + this.type + " v" + this.version + " message " + this.id
                    + " does not fit " + type.getSimpleName() + ": " + ex.getOriginalMessage(), ex);
        }
    }

    public byte[] toJson(JsonMapper json) {
        ObjectNode node = json.createObjectNode();
        node.put("id", this.id);
        node.put("type", this.type);
        node.put("version", this.version);
        node.put("source", this.source);
        node.put("time", this.time.toString());
        node.put("subject", this.subject);
        node.put("traceparent", this.traceparent);
        node.set("data", this.data);
        return json.writeValueAsBytes(node);
    }

    /** @throws UnreadableMessage if the bytes are not an envelope */
    public static Envelope fromJson(JsonMapper json, byte[] bytes) {
        try {
            JsonNode node = json.readTree(bytes);
            JsonNode traceparent = node.get("traceparent");
            return new Envelope(text(node, "id"), text(node, "type"), node.path("version").asInt(1), text(node, "source"),
                    Instant.parse(text(node, "time")), text(node, "subject"),
                    traceparent == null || traceparent.isNull() ? null : traceparent.asString(),
                    Objects.requireNonNull(node.get("data"), "data"));
        }
        catch (RuntimeException ex) {
            String shown = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8);
            throw new UnreadableMessage("Not a message envelope: " + shown, ex);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return value.asString();
    }
}
