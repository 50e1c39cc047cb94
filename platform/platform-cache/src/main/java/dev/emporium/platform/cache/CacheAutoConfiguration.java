package dev.emporium.platform.cache;

import java.net.URI;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link TieredCaches} for every service that has this library ({@code emporium.cache.enabled}, on by default), with
 * Redis as the shared level when {@code emporium.cache.redis.enabled} is on. The Redis connection is made here rather
 * than by Boot's Redis auto-configuration, which would give every service of the embedded JVM a connection factory
 * and a Redis health indicator: Redis being a cache, its absence makes no service unhealthy.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "emporium.cache.enabled", matchIfMissing = true)
@EnableConfigurationProperties(CacheProperties.class)
class CacheAutoConfiguration {

    @Bean(destroyMethod = "close")
    TieredCaches tieredCaches(ObjectProvider<SharedRedis> redis, CacheProperties properties, JsonMapper json,
            MeterRegistry meters) {
        SharedRedis shared = redis.getIfAvailable();
        return new TieredCaches(shared, shared != null ? properties.redis() : null, json, meters);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("emporium.cache.redis.enabled")
    static class SharedLevel {

        /** Lettuce's threads and event bus, shared by the cache's connections; the event bus tells of drops. */
        @Bean(destroyMethod = "shutdown")
        ClientResources cacheRedisClientResources() {
            return DefaultClientResources.create();
        }

        @Bean
        LettuceConnectionFactory cacheRedisConnectionFactory(CacheProperties properties, ClientResources resources) {
            CacheProperties.Redis redis = properties.redis();
            RedisStandaloneConfiguration server = server(URI.create(redis.url()));
            LettuceClientConfiguration client = LettuceClientConfiguration.builder()
                .clientResources(resources)
                .commandTimeout(redis.timeout())
                .clientOptions(ClientOptions.builder()
                    // While the connection is down, commands fail at once instead of queueing until it is back.
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .socketOptions(SocketOptions.builder().connectTimeout(redis.connectTimeout()).build())
                    .timeoutOptions(TimeoutOptions.enabled(redis.timeout()))
                    .build())
                .build();
            return new LettuceConnectionFactory(server, client);
        }

        /** {@code redis://[[user]:password@]host[:port][/database]}. */
        static RedisStandaloneConfiguration server(URI url) {
            if (!"redis".equals(url.getScheme()) || url.getHost() == null) {
                throw new IllegalArgumentException("emporium.cache.redis.url is not redis://host:port: " + url);
            }
            RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(url.getHost(),
                    url.getPort() > 0 ? url.getPort() : 6379);
            String path = url.getPath();
            if (path != null && path.length() > 1) {
                server.setDatabase(Integer.parseInt(path.substring(1)));
            }
            String userInfo = url.getUserInfo();
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                if (colon > 0) {
                    server.setUsername(userInfo.substring(0, colon));
                }
                server.setPassword(RedisPassword.of(colon >= 0 ? userInfo.substring(colon + 1) : userInfo));
            }
            return server;
        }

        @Bean
        SharedRedis sharedRedis(LettuceConnectionFactory connections, CacheProperties properties, MeterRegistry meters) {
            RedisTemplate<String, byte[]> template = new RedisTemplate<>();
            template.setConnectionFactory(connections);
            template.setKeySerializer(RedisSerializer.string());
            template.setValueSerializer(RedisSerializer.byteArray());
            template.setHashKeySerializer(RedisSerializer.string());
            template.setHashValueSerializer(RedisSerializer.byteArray());
            template.afterPropertiesSet();
            CacheProperties.Breaker settings = properties.breaker();
            CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.window())
                .minimumNumberOfCalls(settings.minimumCalls())
                .failureRateThreshold(settings.failureRate())
                .slowCallDurationThreshold(settings.slowCall())
                .slowCallRateThreshold(settings.failureRate())
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(3)
                .build());
            TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
            CircuitBreaker breaker = breakers.circuitBreaker("redis");
            return new SharedRedis(template, breaker, properties.redis().keyPrefix());
        }

        @Bean
        InvalidationSubscriber cacheInvalidationSubscriber(LettuceConnectionFactory connections,
                ClientResources resources, TieredCaches caches, SharedRedis redis, CacheProperties properties) {
            return new InvalidationSubscriber(connections, resources, caches, redis, TieredCaches.channel(redis),
                    properties.redis().resubscribeInterval());
        }
    }
}
