package dev.emporium.storefront.layout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import dev.emporium.storefront.session.UserSessions;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.util.StringUtils;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.AbstractResourceResolver;
import org.springframework.web.servlet.resource.HttpResource;
import org.springframework.web.servlet.resource.ResourceResolverChain;
import org.springframework.web.servlet.resource.TransformedResource;
import org.springframework.web.servlet.resource.VersionResourceResolver;

/**
 * Gives controllers their {@code UserSession} parameter and every rendered page the layout's data, and serves the
 * static files (stylesheet, script, favicon). Pages link them under fingerprinted names ({@code /css/app-<md5 of
 * content>.css}, rewritten by Spring's resource URL encoding, in CSS too), answered {@code public, max-age=31536000,
 * immutable}: a changed file is a new URL, so browsers and the CDN edge never ask again. The plain name
 * ({@code /css/app.css}) still answers, revalidated on every use ({@link RevalidatedPlainNames}); a fingerprint that
 * is not the file's content is a 404, so no URL ever names other content than its own. Boot's resource properties
 * cannot say {@code immutable}, hence this handler instead of Boot's ({@code add-mappings: false} in storefront.yml).
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    private final UserSessions sessions;

    private final LayoutInterceptor layout;

    WebConfiguration(UserSessions sessions, LayoutInterceptor layout) {
        this.sessions = sessions;
        this.layout = layout;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this.sessions);
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/**")
            .addResourceLocations("classpath:/storefront/static/")
            .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())
            .resourceChain(true)
            .addResolver(new RevalidatedPlainNames())
            .addResolver(new VersionResourceResolver().addContentVersionStrategy("/**"));
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        // Not on /ops/live either: a part of the console's page its script polls, without the layout.
        registry.addInterceptor(this.layout).excludePathPatterns("/css/**", "/js/**", "/img/**", "/favicon*.svg",
                "/actuator/**", "/ops/live");
    }

    /**
     * Ahead of the version resolver: a file asked for by its plain name is answered {@code Cache-Control: no-cache}
     * instead of the handler's immutable year. That name keeps naming the file when its content changes, so whoever
     * kept it for a year would go on serving the old file; with {@code no-cache} browsers revalidate it (a 304 while
     * it is unchanged) and the CDN edge does not store it at all.
     */
    static final class RevalidatedPlainNames extends AbstractResourceResolver {

        @Override
        protected @Nullable Resource resolveResourceInternal(@Nullable HttpServletRequest request, String requestPath,
                List<? extends Resource> locations, ResourceResolverChain chain) {
            Resource resource = chain.resolveResource(request, requestPath, locations);
            // Found through a fingerprint, the file's name differs from the requested one (app.css, app-<md5>.css).
            if (resource == null || !Objects.equals(resource.getFilename(), StringUtils.getFilename(requestPath))) {
                return resource;
            }
            try {
                return new Revalidated(resource);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        @Override
        protected @Nullable String resolveUrlPathInternal(String resourceUrlPath, List<? extends Resource> locations,
                ResourceResolverChain chain) {
            return chain.resolveUrlPath(resourceUrlPath, locations);
        }
    }

    /**
     * The file's bytes (small files, read once: the chain caches what it resolved) with a header that the resource
     * handler sets over its own cache settings.
     */
    private static final class Revalidated extends TransformedResource implements HttpResource {

        Revalidated(Resource file) throws IOException {
            super(file, file.getContentAsByteArray());
        }

        @Override
        public HttpHeaders getResponseHeaders() {
            HttpHeaders headers = new HttpHeaders();
            headers.setCacheControl(CacheControl.noCache());
            return headers;
        }
    }
}
