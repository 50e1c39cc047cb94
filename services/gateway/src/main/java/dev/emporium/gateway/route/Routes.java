package dev.emporium.gateway.route;

import dev.emporium.platform.web.ServiceResilience;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import static org.springframework.cloud.gateway.server.mvc.filter.AfterFilterFunctions.removeResponseHeader;
import static org.springframework.cloud.gateway.server.mvc.filter.LoadBalancerFilterFunctions.lb;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;
import static org.springframework.web.servlet.function.RequestPredicates.path;

/**
 * Maps public paths to services (DESIGN §9). Each route load-balances over the service's instances through Spring
 * Cloud LoadBalancer. {@code /internal/**} is deliberately not routed: it is for service-to-service calls only.
 * Everything that is not API, media or a document goes to the storefront. Calls to the services are guarded by
 * {@link RouteResilience} (timeouts, breaker, bulkhead, retries of idempotent requests on another instance) unless
 * {@code emporium.resilience.enabled=false}, when a route only load-balances.
 */
@Configuration(proxyBeanMethods = false)
class Routes {

    private final @Nullable ServiceResilience resilience;

    Routes(ObjectProvider<ServiceResilience> resilience) {
        this.resilience = resilience.getIfAvailable();
    }

    /** Bodies of idempotent requests kept for a retry; after the gateway's protection filters, before routing. */
    @Bean
    FilterRegistrationBean<ReplayableBody> replayableBody() {
        FilterRegistrationBean<ReplayableBody> registration = new FilterRegistrationBean<>(new ReplayableBody());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    @Order(0)
    RouterFunction<ServerResponse> serviceRoutes() {
        return to("identity", path("/api/auth/**").or(path("/.well-known/**")).or(path("/api/ops/shards/**"))
                .or(path("/api/ops/shards")).or(path("/api/account")).or(path("/api/account/**")))
            .and(to("catalog", path("/api/catalog/**").or(path("/api/admin/products/**"))))
            .and(to("cart", path("/api/cart/**").or(path("/api/cart"))))
            .and(to("orders", path("/api/orders/**").or(path("/api/orders")).or(path("/api/admin/orders/**"))
                .or(path("/api/admin/orders")).or(path("/api/ops/messaging/orders/**"))))
            .and(to("inventory", path("/api/inventory/**").or(path("/api/admin/reservations/**"))
                .or(path("/api/ops/messaging/inventory/**"))))
            .and(to("payments", path("/api/admin/payments/**").or(path("/api/admin/payments"))
                .or(path("/api/ops/messaging/payments/**"))))
            .and(to("notifications", path("/api/admin/notifications/**").or(path("/api/admin/notifications"))
                .or(path("/api/ops/messaging/notifications/**"))))
            .and(to("media", path("/media/**").or(path("/api/admin/media/**"))));
    }

    /** Last: the storefront answers every page, except API paths no service claims and internal paths. */
    @Bean
    @Order(10)
    RouterFunction<ServerResponse> storefrontRoute() {
        return to("storefront", path("/**")
            .and(path("/api/**").negate())
            .and(path("/internal/**").negate())
            .and(path("/v3/api-docs/**").negate())
            .and(path("/v3/api-docs").negate()));
    }

    /**
     * The gateway stamps the request id on every response itself (platform-web's RequestIdFilter); the service's
     * copy of the same header is dropped so clients see it once.
     */
    private RouterFunction<ServerResponse> to(String service, RequestPredicate paths) {
        return route(service).route(paths, http())
            .filter(this.resilience != null ? new RouteResilience(service, this.resilience) : lb(service))
            .after(removeResponseHeader("X-Request-Id"))
            .build();
    }
}
