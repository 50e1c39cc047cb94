package dev.emporium.platform.sharding;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The steps of a bucket move on this service's data, for the move coordinator (admins only; the gateway does not
 * route {@code /internal}). Each step is idempotent.
 */
@RestController
@RequestMapping("/internal/ops/sharding")
class ShardingOpsController {

    private final MoveParticipant.Local participant;

    ShardingOpsController(MoveParticipant.Local participant) {
        this.participant = participant;
    }

    record StepResult(long rows) {
    }

    @PostMapping("/buckets/{bucket}/{step}")
    StepResult step(@PathVariable int bucket, @PathVariable String step, @RequestParam String from, @RequestParam String to) {
        if (bucket < 0 || bucket >= Buckets.COUNT) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "No bucket " + bucket);
        }
        return new StepResult(switch (step) {
            case "copy" -> this.participant.copy(bucket, from, to);
            case "freeze" -> {
                this.participant.freeze(bucket, from);
                yield 0;
            }
            case "claim" -> this.participant.claim(bucket, from, to);
            case "release" -> {
                this.participant.release(bucket, from);
                yield 0;
            }
            case "abort" -> {
                this.participant.abort(bucket, from, to);
                yield 0;
            }
            case "cleanup" -> this.participant.cleanup(bucket, from);
            default -> throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No step " + step);
        });
    }

    @GetMapping("/status")
    MoveParticipant.ParticipantStatus status() {
        return this.participant.status();
    }
}
