package dev.emporium.platform.web;

import org.springframework.cloud.client.loadbalancer.DeferringLoadBalancerInterceptor;
import org.springframework.web.client.RestClient;

/**
 * Builds {@link RestClient}s that address another service by its name ({@code http://catalog/...}); Spring Cloud
 * LoadBalancer picks one of that service's instances per call. The instances come from discovery: in embedded mode
 * the static list of {@code spring.cloud.discovery.client.simple.instances}, elsewhere whatever the mode provides.
 * Clients inherit Boot's timeouts and the platform's request-id propagation.
 */
public final class ServiceRestClients {

    private final RestClient.Builder builder;

    private final DeferringLoadBalancerInterceptor loadBalancer;

    ServiceRestClients(RestClient.Builder builder, DeferringLoadBalancerInterceptor loadBalancer) {
        this.builder = builder;
        this.loadBalancer = loadBalancer;
    }

    /** A client whose relative URIs go to one instance of {@code serviceId}, chosen per request. */
    public RestClient forService(String serviceId) {
        return this.builder.clone()
            .baseUrl("http://" + serviceId)
            .requestInterceptor(this.loadBalancer)
            .build();
    }
}
