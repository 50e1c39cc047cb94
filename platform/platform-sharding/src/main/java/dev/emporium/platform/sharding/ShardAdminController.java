package dev.emporium.platform.sharding;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.emporium.platform.web.Problems;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The shard admin API (admins only, like all of {@code /api/ops}): the map and what each shard holds, and bucket
 * moves. {@code ./emporium shards status|move} is a client of it.
 */
@RestController
@RequestMapping("/api/ops/shards")
class ShardAdminController {

    private static final Logger log = LoggerFactory.getLogger(ShardAdminController.class);

    private final ShardMoves moves;

    private final ShardedDatabase database;

    ShardAdminController(ShardMoves moves, ShardedDatabase database) {
        this.moves = moves;
        this.database = database;
    }

    record ShardsStatus(long mapVersion, int buckets, List<ShardInfo> shards, List<String> unavailableServices) {
    }

    record ShardInfo(String id, int buckets, List<String> ranges, Map<String, ServiceData> services) {
    }

    record ServiceData(String server, Map<String, Long> rows) {
    }

    record MoveRequest(@Nullable String buckets, @Nullable String to) {
    }

    /** Every sharded service's view of every shard, gathered in parallel; services that do not answer are named. */
    @GetMapping
    ShardsStatus status() {
        this.database.refresh();
        ShardMap map = this.database.map();
        Map<String, MoveParticipant.ParticipantStatus> statuses = new LinkedHashMap<>();
        List<String> unavailable = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Future<MoveParticipant.ParticipantStatus>> futures = new LinkedHashMap<>();
            this.moves.participants().forEach(participant -> futures.put(participant.name(), executor.submit(participant::status)));
            futures.forEach((service, future) -> {
                try {
                    statuses.put(service, future.get(5, TimeUnit.SECONDS));
                }
                catch (Exception ex) {
                    log.warn("{} did not report its shards: {}", service, ex.toString());
                    future.cancel(true);
                    unavailable.add(service);
                }
            });
        }
        Map<String, List<BucketRange>> ranges = map.ranges();
        List<ShardInfo> shards = this.moves.shardIds().stream().map(shard -> {
            Map<String, ServiceData> services = new LinkedHashMap<>();
            statuses.forEach((service, status) -> {
                MoveParticipant.ShardStatus data = status.shards().get(shard);
                if (data != null) {
                    services.put(service, new ServiceData(data.server(), data.rows()));
                }
            });
            List<BucketRange> owned = ranges.getOrDefault(shard, List.of());
            return new ShardInfo(shard, owned.stream().mapToInt(BucketRange::size).sum(),
                    owned.stream().map(BucketRange::toString).toList(), services);
        }).toList();
        return new ShardsStatus(map.version(), Buckets.COUNT, shards, unavailable);
    }

    @PostMapping("/moves")
    ResponseEntity<Object> move(@RequestBody MoveRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        BucketRange range = null;
        if (request.buckets() == null || request.buckets().isBlank()) {
            errors.add(Map.of("field", "buckets", "message", "must name a bucket range such as 0-511"));
        }
        else {
            range = BucketRange.parse(request.buckets()).orElse(null);
            if (range == null) {
                errors.add(Map.of("field", "buckets", "message",
                        "must be FIRST-LAST with 0 ≤ FIRST ≤ LAST ≤ " + (Buckets.COUNT - 1)));
            }
        }
        if (request.to() == null || request.to().isBlank()) {
            errors.add(Map.of("field", "to", "message", "must name the target shard"));
        }
        if (!errors.isEmpty() || range == null || request.to() == null) {
            return ResponseEntity.badRequest().body(Problems.validation(errors));
        }
        ShardMoves.Move move = this.moves.start(range, request.to().strip());
        return ResponseEntity.accepted().location(URI.create("/api/ops/shards/moves/" + move.id())).body(move);
    }

    @GetMapping("/moves")
    List<ShardMoves.Move> moves() {
        return this.moves.recent(20);
    }

    @GetMapping("/moves/{id}")
    ResponseEntity<Object> move(@PathVariable String id) {
        return this.moves.find(id).<ResponseEntity<Object>>map(ResponseEntity::ok)
            .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(Problems.of(HttpStatus.NOT_FOUND, "Move not found", "There is no bucket move " + id + ".")));
    }

    @ExceptionHandler(ShardMoves.Refused.class)
    ResponseEntity<ProblemDetail> refused(ShardMoves.Refused refused) {
        HttpStatus status = refused.conflict() ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST;
        return ResponseEntity.status(status).body(Problems.of(status, "Move refused", String.valueOf(refused.getMessage())));
    }
}
