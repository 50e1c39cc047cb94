package dev.emporium.platform.messaging;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The parking lots of this service's queues, for operators ({@code ./emporium dlq list|replay}):
 * {@code GET /api/ops/messaging/<service>/parked} lists the messages that failed every attempt, and
 * {@code POST …/replay} {@code {queue, messageId?}} puts one (or all of a queue's) back on the queue. Admin only,
 * as everything under {@code /api/ops}.
 */
@RestController
final class ParkedMessagesController {

    private final MessageTransport transport;

    ParkedMessagesController(MessageTransport transport) {
        this.transport = transport;
    }

    @GetMapping("/api/ops/messaging/${spring.application.name}/parked")
    List<QueueParkingLot> parked() {
        return this.transport.queues().stream()
            .map(queue -> new QueueParkingLot(queue, this.transport.parked(queue)))
            .toList();
    }

    @PostMapping("/api/ops/messaging/${spring.application.name}/parked/replay")
    Replayed replay(@RequestBody ReplayRequest request) {
        if (request.queue() == null || !this.transport.queues().contains(request.queue())) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND,
                    "No queue " + request.queue() + " here; this service consumes " + this.transport.queues());
        }
        return new Replayed(request.queue(), this.transport.replay(request.queue(), request.messageId()));
    }

    record QueueParkingLot(String queue, List<ParkedMessage> messages) {
    }

    record ReplayRequest(@Nullable String queue, @Nullable String messageId) {
    }

    record Replayed(String queue, int replayed) {
    }
}
