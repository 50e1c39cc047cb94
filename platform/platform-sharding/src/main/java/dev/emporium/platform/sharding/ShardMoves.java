package dev.emporium.platform.sharding;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Moves buckets between shards while traffic runs, one bucket at a time, across every sharded service:
 * <ol>
 * <li>copy the bucket's rows to the target while writes go on;
 * <li>freeze the bucket on the source (writes in flight finish, new ones wait);
 * <li>claim: copy what changed since step 1 and make the target the owner;
 * <li>flip the bucket in the directory's map (a new map version);
 * <li>release the source: waiting writes find the bucket gone, reload the map and go to the target;
 * <li>after a grace period for reads in flight, delete the bucket's rows from the source.
 * </ol>
 * The freeze lasts from step 2 to step 5 and is measured. A move's progress is kept in the directory, so another
 * coordinator can see it, and a failure before the flip is undone (the source thaws and keeps the bucket).
 */
public final class ShardMoves {

    private static final Logger log = LoggerFactory.getLogger(ShardMoves.class);

    /**
     * Attempts of one participant's step, the first included. Every step can be repeated with the same effect
     * ({@link BucketMigrator}), so a step that failed or got no answer in time (a participant busy for a moment) is
     * sent again rather than failing the whole move; one that fails every time still does.
     */
    static final int STEP_ATTEMPTS = 3;

    /** The wait before the second attempt of a step; each further one waits that much longer again. */
    private static final Duration STEP_RETRY_WAIT = Duration.ofMillis(250);

    private final JdbcClient directory;

    private final Directory maps;

    private final ShardedDatabase database;

    private final List<MoveParticipant> participants;

    private final Duration cleanupGrace;

    private final Clock clock;

    /** This coordinator, as the owner of the moves it runs. */
    private final String instance = UUID.randomUUID().toString();

    /** The moves this coordinator is running now: never taken over by itself, kept alive by {@link #resumeStale}. */
    private final Set<String> runningHere = ConcurrentHashMap.newKeySet();

    ShardMoves(Directory directory, ShardedDatabase database, List<MoveParticipant> participants, Duration cleanupGrace,
            Clock clock) {
        this.directory = directory.jdbc();
        this.maps = directory;
        this.database = database;
        this.participants = List.copyOf(participants);
        this.cleanupGrace = cleanupGrace;
        this.clock = clock;
    }

    /** A move as recorded in the directory. */
    public record Move(String id, String buckets, String target, String state, int bucketsTotal, int bucketsMoved,
            long rowsCopied, long longestFreezeMs, @Nullable String error, Instant startedAt,
            @Nullable Instant finishedAt) {
    }

    /** Why a requested move cannot start; the message is meant for the person who asked. */
    public static final class Refused extends RuntimeException {

        private final boolean conflict;

        Refused(String message, boolean conflict) {
            super(message);
            this.conflict = conflict;
        }

        public boolean conflict() {
            return this.conflict;
        }
    }

    /** Checks the request and starts the move in the background; returns it as recorded. */
    public Move start(BucketRange range, String target) {
        if (this.database.shard(target).isEmpty()) {
            throw new Refused("There is no shard '" + target + "'. Shards: " + String.join(", ", shardIds()) + ".", false);
        }
        this.database.refresh();
        ShardMap map = this.database.map();
        boolean anythingToMove = false;
        for (int bucket = range.first(); bucket <= range.last(); bucket++) {
            anythingToMove |= !map.shardOf(bucket).equals(target);
        }
        if (!anythingToMove) {
            throw new Refused("Buckets " + range + " are on shard " + target + " already: a move onto the same shard "
                    + "changes nothing.", false);
        }
        String id = UUID.randomUUID().toString();
        // Checked and recorded under the map's lock: two overlapping moves started at once cannot both pass.
        this.maps.underMapLock(() -> {
            List<Move> overlapping = running().stream().filter(move -> {
                BucketRange other = BucketRange.parse(move.buckets()).orElseThrow();
                return other.first() <= range.last() && range.first() <= other.last();
            }).toList();
            if (!overlapping.isEmpty()) {
                throw new Refused("Buckets " + range + " overlap the running move " + overlapping.getFirst().id()
                        + " of buckets " + overlapping.getFirst().buckets() + ".", true);
            }
            OffsetDateTime now = OffsetDateTime.now(this.clock);
            return this.directory.sql("""
                    insert into shard_moves (id, first_bucket, last_bucket, target_shard, state, next_bucket, buckets_moved,
                                             rows_copied, longest_freeze_ms, started_at, updated_at, owner)
                    values (:id, :first, :last, :target, 'RUNNING', :first, 0, 0, 0, :now, :now, :owner)
                    """)
                .param("id", id)
                .param("owner", this.instance)
                .param("first", range.first())
                .param("last", range.last())
                .param("target", target)
                .param("now", now)
                .update();
        });
        Thread.ofVirtual().name("shard-move-" + id).start(() -> run(id, range, target, new Resume(range.first(), null, 0, 0, 0)));
        return find(id).orElseThrow();
    }

    /**
     * Keeps this coordinator's running moves alive (their records' {@code updated_at}, however long a step takes),
     * then takes over the moves whose coordinator stopped (nothing recorded for {@code staleAfter}): the bucket it
     * was moving is finished if the map had flipped, and undone (the source thaws) otherwise, then the move goes on.
     * Several coordinators may call this at once: one wins each move, by a conditional update of its record that
     * makes it the owner; a replaced coordinator that was only slow finds out before it next flips or undoes a bucket.
     * Call it well within {@code staleAfter} (a third of it).
     */
    void resumeStale(Duration staleAfter) {
        OffsetDateTime now = OffsetDateTime.now(this.clock);
        for (String running : this.runningHere) {
            this.directory.sql("update shard_moves set updated_at = :now where id = :id and owner = :me and state = 'RUNNING'")
                .param("now", now)
                .param("id", running)
                .param("me", this.instance)
                .update();
        }
        OffsetDateTime staleBefore = now.minus(staleAfter);
        this.directory.sql("""
                select id, first_bucket, last_bucket, target_shard, next_bucket, current_source, buckets_moved,
                       rows_copied, longest_freeze_ms, updated_at
                from shard_moves where state = 'RUNNING' and updated_at < :staleBefore
                """)
            .param("staleBefore", staleBefore)
            .query((row, rowNum) -> {
                String id = row.getString("id");
                if (this.runningHere.contains(id)) {
                    return id;
                }
                int taken = this.directory.sql("""
                        update shard_moves set updated_at = :now, owner = :me where id = :id and updated_at = :seen
                        """)
                    .param("now", now)
                    .param("me", this.instance)
                    .param("id", id)
                    .param("seen", row.getObject("updated_at", OffsetDateTime.class))
                    .update();
                if (taken == 1) {
                    BucketRange range = new BucketRange(row.getInt("first_bucket"), row.getInt("last_bucket"));
                    Resume resume = new Resume(row.getInt("next_bucket"), row.getString("current_source"),
                            row.getInt("buckets_moved"), row.getLong("rows_copied"), row.getLong("longest_freeze_ms"));
                    String target = row.getString("target_shard");
                    log.warn("Taking over the move {} of buckets {} to {} at bucket {}", id, range, target, resume.nextBucket());
                    Thread.ofVirtual().name("shard-move-" + id).start(() -> run(id, range, target, resume));
                }
                return id;
            })
            .list();
    }

    public Optional<Move> find(String id) {
        return this.directory.sql("select * from shard_moves where id = :id").param("id", id).query(ShardMoves::move).optional();
    }

    /** The latest moves, newest first. */
    public List<Move> recent(int limit) {
        return this.directory.sql("select * from shard_moves order by started_at desc, id limit :limit")
            .param("limit", limit)
            .query(ShardMoves::move)
            .list();
    }

    List<String> shardIds() {
        return this.database.shards().stream().map(ShardDatabase::id).sorted().toList();
    }

    List<MoveParticipant> participants() {
        return this.participants;
    }

    private List<Move> running() {
        return this.directory.sql("select * from shard_moves where state = 'RUNNING'").query(ShardMoves::move).list();
    }

    private void run(String id, BucketRange range, String target, Resume resume) {
        this.runningHere.add(id);
        try {
            runOwned(id, range, target, resume);
        }
        finally {
            this.runningHere.remove(id);
        }
    }

    private void runOwned(String id, BucketRange range, String target, Resume resume) {
        Deque<Moved> awaitingCleanup = new ArrayDeque<>();
        long rows = resume.rows();
        long longestFreeze = resume.longestFreezeMs();
        int moved = resume.moved();
        int start = resume.nextBucket();
        try {
            String interrupted = resume.interruptedSource();
            if (interrupted != null && start <= range.last()) {
                if (this.maps.map().orElseThrow().shardOf(start).equals(target)) {
                    // The map had flipped: only the release and the clean-up were left to do.
                    final int bucket = start;
                    onEveryParticipant("release", bucket, participant -> participant.release(bucket, interrupted));
                    awaitingCleanup.add(new Moved(start, interrupted, System.nanoTime()));
                    moved++;
                    start++;
                }
                else {
                    abort(id, start, interrupted, target);
                }
            }
            for (int bucket = start; bucket <= range.last(); bucket++) {
                cleanUp(awaitingCleanup, false);
                String source = this.maps.map().orElseThrow().shardOf(bucket);
                if (source.equals(target)) {
                    progress(id, bucket + 1, null, moved, rows, longestFreeze);
                    continue;
                }
                progress(id, bucket, source, moved, rows, longestFreeze);
                final int current = bucket;
                rows += inEveryParticipant("copy", current, participant -> participant.copy(current, source, target));
                long frozenAt = System.nanoTime();
                try {
                    onEveryParticipant("freeze", current, participant -> participant.freeze(current, source));
                    rows += inEveryParticipant("claim", current, participant -> participant.claim(current, source, target));
                    if (!this.maps.flipIfOwner(bucket, target, id, this.instance)) {
                        throw new Replaced();
                    }
                }
                catch (Replaced replaced) {
                    throw replaced;
                }
                catch (RuntimeException ex) {
                    abort(id, bucket, source, target);
                    throw ex;
                }
                onEveryParticipant("release", current, participant -> participant.release(current, source));
                longestFreeze = Math.max(longestFreeze, Duration.ofNanos(System.nanoTime() - frozenAt).toMillis());
                this.database.refresh();
                awaitingCleanup.add(new Moved(bucket, source, System.nanoTime()));
                moved++;
                progress(id, bucket + 1, null, moved, rows, longestFreeze);
            }
            cleanUp(awaitingCleanup, true);
            finish(id, "DONE", null);
            log.info("Moved buckets {} to shard {}: {} buckets, {} rows, longest write freeze {} ms", range, target, moved,
                    rows, longestFreeze);
        }
        catch (Replaced replaced) {
            log.warn("The move {} of buckets {} to {} was taken over by another coordinator; this one stops", id, range,
                    target);
        }
        catch (RuntimeException ex) {
            log.error("Moving buckets {} to shard {} failed", range, target, ex);
            try {
                cleanUp(awaitingCleanup, true);
            }
            catch (RuntimeException cleanupFailure) {
                ex.addSuppressed(cleanupFailure);
            }
            finish(id, "FAILED", String.valueOf(ex.getMessage()));
        }
    }

    /**
     * Runs a step on every participant at once (the services' steps are independent of each other, and the freeze
     * lasts as long as its slowest step, not their sum), each with its {@link #STEP_ATTEMPTS}, and adds up the rows
     * they report; if any failed every attempt, throws the first such failure once all have finished.
     */
    private long inEveryParticipant(String name, int bucket, ToLongFunction<MoveParticipant> step) {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> results = this.participants.stream()
                .map(participant -> executor.submit(() -> attempts(name, bucket, participant, step)))
                .toList();
            long rows = 0;
            RuntimeException failure = null;
            for (Future<Long> result : results) {
                try {
                    rows += result.get();
                }
                catch (ExecutionException ex) {
                    RuntimeException cause = ex.getCause() instanceof RuntimeException runtime ? runtime
                            : new IllegalStateException(ex.getCause());
                    if (failure == null) {
                        failure = cause;
                    }
                    else {
                        failure.addSuppressed(cause);
                    }
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted during a bucket move", ex);
                }
            }
            if (failure != null) {
                throw failure;
            }
            return rows;
        }
    }

    private void onEveryParticipant(String name, int bucket, Consumer<MoveParticipant> step) {
        inEveryParticipant(name, bucket, participant -> {
            step.accept(participant);
            return 0;
        });
    }

    /** One participant's step, repeated after a failure up to {@link #STEP_ATTEMPTS} in all; throws the last failure. */
    private static long attempts(String name, int bucket, MoveParticipant participant, ToLongFunction<MoveParticipant> step) {
        for (int attempt = 1;; attempt++) {
            try {
                return step.applyAsLong(participant);
            }
            catch (RuntimeException ex) {
                if (attempt >= STEP_ATTEMPTS) {
                    throw ex;
                }
                log.warn("The {} of bucket {} on {} failed (attempt {} of {}); repeating it: {}", name, bucket,
                        participant.name(), attempt, STEP_ATTEMPTS, ex.toString());
                sleepUntil(System.nanoTime() + STEP_RETRY_WAIT.multipliedBy(attempt).toNanos());
            }
        }
    }

    /** Undoes a bucket's move before its flip, unless another coordinator owns the move now (it finishes the bucket). */
    private void abort(String id, int bucket, String source, String target) {
        if (!ownsMove(id)) {
            throw new Replaced();
        }
        for (MoveParticipant participant : this.participants) {
            try {
                attempts("undoing", bucket, participant, undone -> {
                    undone.abort(bucket, source, target);
                    return 0;
                });
            }
            catch (RuntimeException ex) {
                log.error("Could not undo the move of bucket {} on {}; it may stay frozen on shard {} until the move is "
                        + "undone", bucket, participant.name(), source, ex);
            }
        }
    }

    /** Deletes moved buckets' rows from their sources once the grace period has passed (or waits for it, at the end). */
    private void cleanUp(Deque<Moved> awaiting, boolean all) {
        while (!awaiting.isEmpty()) {
            Moved next = awaiting.peek();
            long due = next.flippedAt() + this.cleanupGrace.toNanos();
            if (System.nanoTime() < due) {
                if (!all) {
                    return;
                }
                sleepUntil(due);
            }
            inEveryParticipant("cleanup", next.bucket(), participant -> participant.cleanup(next.bucket(), next.source()));
            awaiting.poll();
        }
    }

    private boolean ownsMove(String id) {
        return this.directory.sql("select owner from shard_moves where id = :id")
            .param("id", id)
            .query(String.class)
            .optional()
            .filter(this.instance::equals)
            .isPresent();
    }

    private void progress(String id, int nextBucket, @Nullable String source, int moved, long rows, long longestFreeze) {
        this.directory.sql("""
                update shard_moves set next_bucket = :next, current_source = :source, buckets_moved = :moved,
                       rows_copied = :rows, longest_freeze_ms = :freeze, updated_at = :now
                where id = :id and owner = :me
                """)
            .param("me", this.instance)
            .param("next", nextBucket)
            .param("source", source)
            .param("moved", moved)
            .param("rows", rows)
            .param("freeze", longestFreeze)
            .param("now", OffsetDateTime.now(this.clock))
            .param("id", id)
            .update();
    }

    private void finish(String id, String state, @Nullable String error) {
        OffsetDateTime now = OffsetDateTime.now(this.clock);
        this.directory.sql("""
                update shard_moves set state = :state, error = :error, current_source = null, updated_at = :now,
                       finished_at = :now
                where id = :id and owner = :me
                """)
            .param("me", this.instance)
            .param("state", state)
            .param("error", error != null && error.length() > 1000 ? error.substring(0, 1000) : error)
            .param("now", now)
            .param("id", id)
            .update();
    }

    private static void sleepUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(Duration.ofNanos(wait));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while a bucket move waited", ex);
            }
        }
    }

    private static Move move(ResultSet row, int rowNum) throws SQLException {
        int first = row.getInt("first_bucket");
        int last = row.getInt("last_bucket");
        OffsetDateTime finished = row.getObject("finished_at", OffsetDateTime.class);
        return new Move(row.getString("id"), new BucketRange(first, last).toString(), row.getString("target_shard"),
                row.getString("state"), last - first + 1, row.getInt("buckets_moved"), row.getLong("rows_copied"),
                row.getLong("longest_freeze_ms"), row.getString("error"),
                row.getObject("started_at", OffsetDateTime.class).toInstant(),
                finished != null ? finished.toInstant() : null);
    }

    private record Moved(int bucket, String source, long flippedAt) {
    }

    /** This coordinator no longer owns the move: another one took it over. */
    private static final class Replaced extends RuntimeException {

        Replaced() {
            super("the move was taken over by another coordinator", null, false, false);
        }
    }

    /** Where a move (re)starts: its next bucket, the source of a bucket it was interrupted moving, its counters. */
    private record Resume(int nextBucket, @Nullable String interruptedSource, int moved, long rows, long longestFreezeMs) {
    }
}
