package dev.emporium.platform.web;

import java.nio.file.Path;
import java.time.Clock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

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

    /**
     * The reactive twin, for Spring Cloud's reactive load balancer. A bean method rather than a nested
     * configuration class: a nested class would be found by the component scan of an application in this package
     * (the tests' own), without the file property it needs. Reactor is always here: Spring Cloud LoadBalancer
     * depends on it.
     */
    @Bean
    @ConditionalOnProperty(value = "spring.cloud.discovery.reactive.enabled", matchIfMissing = true)
    FileDiscoveryReactiveClient fileDiscoveryReactiveClient(FileDiscoveryClient file) {
        return new FileDiscoveryReactiveClient(file);
    }
}
