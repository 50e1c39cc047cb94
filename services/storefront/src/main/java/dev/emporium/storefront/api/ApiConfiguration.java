package dev.emporium.storefront.api;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one {@link RestClient} every *Client uses: Boot's builder (timeouts, request-id propagation) pointed at the
 * fixed API base URL, with every error status turned into a fact: 401 {@link TokenRejected}, other 4xx
 * {@link ApiProblem}, 5xx {@link ApiUnavailable}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StorefrontProperties.class)
class ApiConfiguration {

    @Bean
    RestClient publicApi(RestClient.Builder builder, StorefrontProperties properties, JsonMapper json) {
        return builder
            .baseUrl(properties.apiBaseUrl().toString())
            .defaultStatusHandler(status -> status.isSameCodeAs(HttpStatus.UNAUTHORIZED), (request, response) -> {
                throw new TokenRejected();
            })
            .defaultStatusHandler(status -> status.is4xxClientError(), (request, response) -> {
                throw ApiProblem.from(response.getStatusCode().value(), response.getBody(), json);
            })
            .defaultStatusHandler(status -> status.is5xxServerError(), (request, response) -> {
                throw new ApiUnavailable(request.getMethod() + " " + request.getURI().getPath() + " answered "
                        + response.getStatusCode().value());
            })
            .build();
    }
}
