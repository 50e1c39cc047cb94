package dev.emporium.platform.web;

import java.net.http.HttpClient;

import org.jspecify.annotations.Nullable;
import org.springframework.cloud.client.loadbalancer.DeferringLoadBalancerInterceptor;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Builds {@link RestClient}s that address another service by its name ({@code http://catalog/...}); Spring Cloud
 * LoadBalancer picks one of that service's instances per attempt. The instances come from discovery: in embedded mode
 * the static list of {@code spring.cloud.discovery.client.simple.instances}, elsewhere whatever the mode provides.
 * Every call is guarded by {@link ServiceResilience} (timeouts, breaker, bulkhead, retries with a budget: settings under
 * {@code emporium.resilience}, docs/resilience.md) unless {@code emporium.resilience.enabled=false}. Clients inherit
 * the platform's request-id propagation.
 */
public final class ServiceRestClients {

    private final RestClient.Builder builder;

    private final DeferringLoadBalancerInterceptor loadBalancer;

    private final @Nullable ServiceResilience resilience;

    ServiceRestClients(RestClient.Builder builder, DeferringLoadBalancerInterceptor loadBalancer,
            @Nullable ServiceResilience resilience) {
        this.builder = builder;
        this.loadBalancer = loadBalancer;
        this.resilience = resilience;
    }

    /** A client whose relative URIs go to one instance of {@code serviceId}, chosen per attempt. */
    public RestClient forService(String serviceId) {
        if (this.resilience == null) {
            return this.builder.clone()
                .baseUrl("http://" + serviceId)
                .requestInterceptor(this.loadBalancer)
                .build();
        }
        ResiliencePolicy policy = this.resilience.policy(serviceId);
        HttpClient http = HttpClient.newBuilder()
            .connectTimeout(policy.connectTimeout())
            .version(HttpClient.Version.HTTP_1_1)
            .build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(policy.readTimeout());
        return this.builder.clone()
            .baseUrl("http://" + serviceId)
            .requestFactory(requests)
            .requestInterceptor(new ServiceCallInterceptor(serviceId, this.resilience))
            .build();
    }
}
