package dev.emporium.platform.sharding;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.emporium.platform.web.ServiceRestClients;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Sharded data for a service that names a directory ({@code emporium.sharding.directory.url}): the pools, migrations
 * and map ({@link ShardingSetup}), the router, this service's steps of bucket moves, and, where
 * {@code emporium.sharding.coordinator.enabled}, the move coordinator and the shard admin API.
 */
@AutoConfiguration
@ConditionalOnProperty("emporium.sharding.directory.url")
@EnableConfigurationProperties(ShardingProperties.class)
class ShardingAutoConfiguration {

    private static final Duration STALE_MOVE = Duration.ofSeconds(30);

    @Bean
    ShardingSetup shardingSetup(ShardingProperties properties, @Value("${spring.application.name}") String service,
            @Value("${spring.flyway.locations:classpath:db/migration/${spring.application.name}}") String[] migrations,
            ObjectProvider<MeterRegistry> meters, ObjectProvider<Clock> clock) {
        return ShardingSetup.open(properties, service, migrations, meters.getIfAvailable(),
                clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    Directory shardDirectory(ShardingSetup setup) {
        return setup.directory();
    }

    @Bean
    ShardedDatabase shardedDatabase(ShardingSetup setup) {
        return setup.database();
    }

    @Bean
    BucketMigrator bucketMigrator(ShardedDatabase database, ShardingProperties properties) {
        return new BucketMigrator(database, properties.tables());
    }

    @Bean
    MoveParticipant.Local localMoveParticipant(@Value("${spring.application.name}") String service,
            ShardedDatabase database, BucketMigrator migrator) {
        return new MoveParticipant.Local(service, database, migrator);
    }

    @Bean
    ShardingOpsController shardingOpsController(MoveParticipant.Local participant) {
        return new ShardingOpsController(participant);
    }

    @Bean
    @ConditionalOnBooleanProperty("emporium.sharding.coordinator.enabled")
    ShardMoves shardMoves(ShardingProperties properties, ShardingSetup setup, Directory directory,
            ShardedDatabase database, MoveParticipant.Local local, ServiceRestClients clients, MoveCredentials credentials,
            ObjectProvider<Clock> clock) {
        List<MoveParticipant> participants = new ArrayList<>();
        participants.add(local);
        properties.coordinator().participants()
            .forEach(name -> participants.add(new MoveParticipant.Remote(name, clients, credentials)));
        ShardMoves moves = new ShardMoves(directory, database, participants, properties.cleanupGrace(),
                clock.getIfAvailable(Clock::systemUTC));
        // A move whose coordinator stopped (this instance before a restart, or another one) must not leave a bucket
        // frozen: the move is taken over once nothing has been recorded for it for half a minute.
        setup.every(STALE_MOVE.dividedBy(3), "Taking over stopped shard moves", () -> moves.resumeStale(STALE_MOVE));
        return moves;
    }

    @Bean
    @ConditionalOnBooleanProperty("emporium.sharding.coordinator.enabled")
    ShardAdminController shardAdminController(ShardMoves moves, ShardedDatabase database) {
        return new ShardAdminController(moves, database);
    }
}
