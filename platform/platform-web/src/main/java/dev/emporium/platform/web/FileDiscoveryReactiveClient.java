package dev.emporium.platform.web;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.core.Ordered;
import reactor.core.publisher.Flux;

/**
 * The same file as {@link FileDiscoveryClient}, for Spring Cloud LoadBalancer's reactive supplier, which it prefers
 * when reactive discovery is on: without it, a load-balanced call would see only the static list.
 */
final class FileDiscoveryReactiveClient implements ReactiveDiscoveryClient {

    private final FileDiscoveryClient file;

    FileDiscoveryReactiveClient(FileDiscoveryClient file) {
        this.file = file;
    }

    @Override
    public String description() {
        return this.file.description();
    }

    @Override
    public Flux<ServiceInstance> getInstances(String serviceId) {
        return Flux.defer(() -> Flux.fromIterable(this.file.getInstances(serviceId)));
    }

    @Override
    public Flux<String> getServices() {
        return Flux.defer(() -> Flux.fromIterable(this.file.getServices()));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
