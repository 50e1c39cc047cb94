package dev.emporium.gateway.route;

import dev.emporium.platform.web.ServiceResilience;
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Replaces the plain load-balancing filter of a route: the call to the service goes through {@link ServiceResilience}
 * (its breaker and bulkhead per service; an open breaker is a fast 503 problem with {@code Retry-After}), and each
 * attempt asks the load balancer for an instance. An idempotent request (platform rule: GET, HEAD, OPTIONS, PUT,
 * DELETE or an {@code Idempotency-Key}, and a body kept by {@link ReplayableBody}) whose instance refuses the
 * connection or times out is sent again to another. Answers, 5xx included, are passed on as they are: the service
 * behind already retried what it could, and retrying at every layer would multiply the load.
 */
final class RouteResilience implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    private final String service;

    private final ServiceResilience resilience;

    RouteResilience(String service, ServiceResilience resilience) {
        this.service = service;
        this.resilience = resilience;
    }

    @Override
    public ServerResponse filter(ServerRequest request, HandlerFunction<ServerResponse> next) throws Exception {
        boolean idempotent = ServiceResilience.idempotent(request.method(), request.headers().asHttpHeaders())
                && request.attribute(ReplayableBody.REPLAYABLE).isPresent();
        MvcUtils.addOriginalRequestUrl(request, request.uri());
        return this.resilience.call(this.service, idempotent, response -> false, response -> {
        }, instance -> {
            MvcUtils.setRequestUrl(request, this.resilience.uriAt(instance, request.uri()));
            return next.handle(request);
        });
    }
}
