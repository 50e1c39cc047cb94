package dev.emporium.gateway.protection;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's protection filters, ahead of security and routing, right after the request id and the access log
 * (platform-web's filters at the highest precedence) so that refusals are logged and traced like any answer: first the
 * shedding, then the rate limits. Each can be switched off: {@code emporium.gateway.shedding.enabled},
 * {@code emporium.gateway.rate-limits.enabled}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProtectionProperties.class)
class ProtectionConfiguration {

    @Bean
    ClientAddress clientAddress(ProtectionProperties properties) {
        return new ClientAddress(properties.trustedProxies());
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "emporium.gateway.shedding.enabled", matchIfMissing = true)
    FilterRegistrationBean<LoadShedding> loadShedding(ProtectionProperties properties, ClientAddress addresses,
            JsonMapper json, MeterRegistry meters) {
        FilterRegistrationBean<LoadShedding> registration = new FilterRegistrationBean<>(
                new LoadShedding(properties.shedding(), addresses, new Rejections(json), meters));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
        return registration;
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "emporium.gateway.rate-limits.enabled", matchIfMissing = true)
    FilterRegistrationBean<ClientRateLimits> clientRateLimits(ProtectionProperties properties, ClientAddress addresses,
            JsonMapper json, MeterRegistry meters) {
        FilterRegistrationBean<ClientRateLimits> registration = new FilterRegistrationBean<>(
                new ClientRateLimits(properties.rateLimits(), addresses, new Rejections(json), json, meters));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 4);
        return registration;
    }
}
