package dev.emporium.platform.sharding;

import java.util.Map;

import dev.emporium.platform.web.ServiceRestClients;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;

/**
 * A sharded service whose data moves with a bucket, as the coordinator sees it: the coordinator's own service
 * ({@link Local}) or another one over HTTP ({@link Remote}, {@code /internal/ops/sharding}). A port with two adapters.
 * Every step may be called again with the same arguments, after a failure or a lost answer, to the same effect: the
 * coordinator repeats one that failed ({@link ShardMoves#STEP_ATTEMPTS}).
 */
interface MoveParticipant {

    String name();

    long copy(int bucket, String from, String to);

    void freeze(int bucket, String from);

    long claim(int bucket, String from, String to);

    void release(int bucket, String from);

    void abort(int bucket, String from, String to);

    long cleanup(int bucket, String from);

    /** Each shard's server and row counts per table, by this participant's map. */
    ParticipantStatus status();

    record ParticipantStatus(String service, long mapVersion, Map<String, ShardStatus> shards) {
    }

    record ShardStatus(String server, Map<String, Long> rows) {
    }

    record Local(String name, ShardedDatabase database, BucketMigrator migrator) implements MoveParticipant {

        @Override
        public long copy(int bucket, String from, String to) {
            return this.migrator.copy(bucket, from, to);
        }

        @Override
        public void freeze(int bucket, String from) {
            this.migrator.freeze(bucket, from);
        }

        @Override
        public long claim(int bucket, String from, String to) {
            return this.migrator.claim(bucket, from, to);
        }

        @Override
        public void release(int bucket, String from) {
            this.migrator.release(bucket, from);
        }

        @Override
        public void abort(int bucket, String from, String to) {
            this.migrator.abort(bucket, from, to);
        }

        @Override
        public long cleanup(int bucket, String from) {
            return this.migrator.cleanup(bucket, from);
        }

        @Override
        public ParticipantStatus status() {
            ShardMap map = this.database.map();
            Map<String, Map<String, Long>> counts = this.migrator.rowCounts(map);
            Map<String, ShardStatus> shards = new java.util.TreeMap<>();
            this.database.shards().forEach(shard -> shards.put(shard.id(),
                    new ShardStatus(shard.server(), counts.getOrDefault(shard.id(), Map.of()))));
            return new ParticipantStatus(this.name, map.version(), shards);
        }
    }

    final class Remote implements MoveParticipant {

        private final String name;

        private final RestClient client;

        private final MoveCredentials credentials;

        Remote(String name, ServiceRestClients clients, MoveCredentials credentials) {
            this.name = name;
            this.client = clients.forService(name);
            this.credentials = credentials;
        }

        @Override
        public String name() {
            return this.name;
        }

        @Override
        public long copy(int bucket, String from, String to) {
            return step(bucket, "copy", from, to);
        }

        @Override
        public void freeze(int bucket, String from) {
            step(bucket, "freeze", from, from);
        }

        @Override
        public long claim(int bucket, String from, String to) {
            return step(bucket, "claim", from, to);
        }

        @Override
        public void release(int bucket, String from) {
            step(bucket, "release", from, from);
        }

        @Override
        public void abort(int bucket, String from, String to) {
            step(bucket, "abort", from, to);
        }

        @Override
        public long cleanup(int bucket, String from) {
            return step(bucket, "cleanup", from, from);
        }

        @Override
        public ParticipantStatus status() {
            ParticipantStatus status = this.client.get()
                .uri("/internal/ops/sharding/status")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + this.credentials.bearerToken())
                .retrieve()
                .body(ParticipantStatus.class);
            if (status == null) {
                throw new IllegalStateException(this.name + " answered its shard status with nothing");
            }
            return status;
        }

        private long step(int bucket, String step, String from, String to) {
            ShardingOpsController.StepResult result = this.client.post()
                .uri("/internal/ops/sharding/buckets/{bucket}/{step}?from={from}&to={to}", bucket, step, from, to)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + this.credentials.bearerToken())
                .retrieve()
                .body(ShardingOpsController.StepResult.class);
            return result != null ? result.rows() : 0;
        }
    }
}
