package dev.emporium.platform.web;

import java.time.Duration;
import java.util.Locale;

import io.micrometer.core.instrument.MeterRegistry;
import io.prometheus.metrics.tracer.common.SpanContext;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.cloud.client.loadbalancer.DeferringLoadBalancerInterceptor;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClient;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place where a service's HTTP edge is set up: problem details for every error, stateless JWT resource-server
 * security (roles from the {@code roles} claim), and request ids in and out. Switch it off with
 * {@code emporium.web.enabled=false}.
 */
@AutoConfiguration(before = OAuth2ResourceServerAutoConfiguration.class, beforeName =
        "org.springframework.boot.micrometer.tracing.autoconfigure.prometheus.PrometheusExemplarsAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "emporium.web.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ResourceServerProperties.class)
class WebPlatformAutoConfiguration {

    static final String[] OPERATIONAL_PATHS = { "/actuator/health", "/actuator/health/**", "/actuator/info",
            "/actuator/prometheus", "/livez", "/readyz", "/v3/api-docs", "/v3/api-docs/**", "/error" };

    @Bean
    ProblemDetailsExceptionHandler emporiumProblemDetailsExceptionHandler() {
        return new ProblemDetailsExceptionHandler();
    }

    /**
     * No exemplars (trace ids attached to samples) in the scrape: Prometheus before 2.43, Debian's 2.42 among them,
     * rejects the whole scrape when a counter's {@code _count} carries one. Set
     * {@code emporium.observability.exemplars=true} for a Prometheus that takes them.
     */
    @Bean
    @ConditionalOnBooleanProperty(name = "emporium.observability.exemplars", havingValue = false, matchIfMissing = true)
    SpanContext noPrometheusExemplars() {
        return new SpanContext() {

            @Override
            public @Nullable String getCurrentTraceId() {
                return null;
            }

            @Override
            public @Nullable String getCurrentSpanId() {
                return null;
            }

            @Override
            public boolean isCurrentSpanSampled() {
                return false;
            }

            @Override
            public void markCurrentSpanAsExemplar() {
            }
        };
    }

    /** Request bodies marked {@link RejectUnknownFields} refuse fields they do not have. */
    @Bean
    JsonMapperBuilderCustomizer unknownFieldRejection() {
        return builder -> builder.addHandler(new UnknownFieldRejection());
    }

    @Bean
    FilterRegistrationBean<RequestIdFilter> requestIdFilter(@Value("${spring.application.name:service}") String service) {
        FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter(service));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Inside the request id's and the request's span (Boot's observation filter runs at HIGHEST_PRECEDENCE + 1). */
    @Bean
    FilterRegistrationBean<AccessLogFilter> accessLogFilter() {
        FilterRegistrationBean<AccessLogFilter> registration = new FilterRegistrationBean<>(new AccessLogFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    @Bean
    RequestIdPropagation requestIdPropagation() {
        return new RequestIdPropagation();
    }

    /**
     * Requests Spring Security's firewall refuses (encoded slashes, {@code ..}, {@code ;}) are answered with a 400
     * problem like every other bad input, instead of a bare error page.
     */
    @Bean
    RequestRejectedHandler problemRequestRejectedHandler(JsonMapper json) {
        return (request, response, rejected) -> {
            ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "Rejected request", "The request URL is not acceptable.");
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), problem);
        };
    }

    /** Timeouts, breakers, bulkheads and budgeted retries of calls to other services (docs/resilience.md). */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "emporium.resilience.enabled", matchIfMissing = true)
    ServiceResilience serviceResilience(Environment environment, LoadBalancerClient loadBalancer,
            ObjectProvider<MeterRegistry> meters) {
        return new ServiceResilience(Binder.get(environment), loadBalancer, meters.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean
    ServiceRestClients serviceRestClients(RestClient.Builder builder, DeferringLoadBalancerInterceptor loadBalancer,
            ObjectProvider<ServiceResilience> resilience) {
        return new ServiceRestClients(builder, loadBalancer, resilience.getIfAvailable());
    }

    /** Readiness down at once on shutdown, then {@code emporium.shutdown.drain} of serving on before stopping. */
    @Bean
    GracefulDrain gracefulDrain(@Value("${emporium.shutdown.drain:0s}") Duration drain) {
        return new GracefulDrain(drain);
    }

    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    SecurityFilterChain platformSecurityFilterChain(HttpSecurity http, ResourceServerProperties properties,
            ObjectProvider<JwtDecoder> jwtDecoder, JsonMapper json) throws Exception {
        ProblemSecurityHandlers problems = new ProblemSecurityHandlers(json);
        http.csrf(AbstractHttpConfigurer::disable)
            .httpBasic(AbstractHttpConfigurer::disable)
            .formLogin(AbstractHttpConfigurer::disable)
            .logout(AbstractHttpConfigurer::disable)
            .requestCache(AbstractHttpConfigurer::disable)
            .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .exceptionHandling(handling -> handling.authenticationEntryPoint(problems).accessDeniedHandler(problems))
            .authorizeHttpRequests(requests -> {
                requests.requestMatchers(OPERATIONAL_PATHS).permitAll();
                properties.publicPaths().forEach(path -> requests.requestMatchers(path).permitAll());
                requests.requestMatchers("/api/admin/**", "/api/ops/**", "/internal/ops/**").hasRole("ADMIN");
                requests.anyRequest().authenticated();
            });
        if (jwtDecoder.getIfAvailable() != null) {
            http.oauth2ResourceServer(server -> server
                .jwt(jwt -> jwt.jwtAuthenticationConverter(rolesFromClaim()))
                .authenticationEntryPoint(problems)
                .accessDeniedHandler(problems)
                .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                    @Override
                    public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
                        filter.setAuthenticationFailureHandler(problems);
                        return filter;
                    }
                }));
        }
        return http.build();
    }

    /** Tokens carry {@code roles: ["customer", "admin"]}; Spring Security wants {@code ROLE_CUSTOMER}, {@code ROLE_ADMIN}. */
    static JwtAuthenticationConverter rolesFromClaim() {
        JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
        authorities.setAuthoritiesClaimName("roles");
        authorities.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(jwt -> authorities.convert(jwt).stream()
                .map(authority -> (GrantedAuthority) new SimpleGrantedAuthority(authority.getAuthority().toUpperCase(Locale.ROOT)))
                .toList());
        return converter;
    }
}
