package dev.emporium.gateway.apidocs;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.client.RestClientException;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/** {@code GET /v3/api-docs}: the whole API; {@code GET /v3/api-docs/{service}}: one service's own document. */
@Configuration(proxyBeanMethods = false)
class ApiDocsRoutes {

    @Bean
    @Order(5)
    RouterFunction<ServerResponse> apiDocs(ApiDocsAggregator aggregator) {
        return RouterFunctions.route()
            .GET("/v3/api-docs", request -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).body(aggregator.aggregate()))
            .GET("/v3/api-docs/{service}", request -> {
                String service = request.pathVariable("service");
                if (!ApiDocsAggregator.SERVICES.contains(service)) {
                    return problem(HttpStatus.NOT_FOUND, "No service is called '" + service + "'.");
                }
                try {
                    return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).body(aggregator.document(service));
                }
                catch (RestClientException ex) {
                    return problem(HttpStatus.SERVICE_UNAVAILABLE, "The " + service + " service did not answer.");
                }
            })
            .build();
    }

    private static ServerResponse problem(HttpStatus status, String detail) {
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
