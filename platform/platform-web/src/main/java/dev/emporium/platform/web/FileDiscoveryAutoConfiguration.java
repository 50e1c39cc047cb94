package dev.emporium.platform.web;

import java.nio.file.Path;
import java.time.Clock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;

/**
 * Cluster mode's discovery ({@link FileDiscoveryClient}), on when {@code emporium.discovery.file} names the file.
 * The supervisor that writes the file also switches LoadBalancer's instance cache off
 * ({@code spring.cloud.loadbalancer.cache.enabled=false}): a lookup here costs a clock read, and a cached list
 * would keep sending calls to a dead or removed instance for the cache's lifetime.
 */
@AutoConfiguration
@ConditionalOnProperty(FileDiscoveryAutoConfiguration.FILE_PROPERTY)
class FileDiscoveryAutoConfiguration {

    static final String FILE_PROPERTY = "emporium.discovery.file";

    @Bean
    FileDiscoveryClient fileDiscoveryClient(@Value("${" + FILE_PROPERTY + "}") Path file) {
        return new FileDiscoveryClient(file, Clock.systemUTC());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Flux.class)
    @ConditionalOnProperty(value = "spring.cloud.discovery.reactive.enabled", matchIfMissing = true)
    static class Reactive {

        @Bean
        FileDiscoveryReactiveClient fileDiscoveryReactiveClient(FileDiscoveryClient file) {
            return new FileDiscoveryReactiveClient(file);
        }
    }
}
