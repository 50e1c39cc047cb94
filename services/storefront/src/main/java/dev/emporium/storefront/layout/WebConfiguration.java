package dev.emporium.storefront.layout;

import java.time.Duration;
import java.util.List;

import dev.emporium.storefront.session.UserSessions;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.VersionResourceResolver;

/**
 * Gives controllers their {@code UserSession} parameter and every rendered page the layout's data, and serves the
 * stylesheet and script under fingerprinted URLs ({@code /css/app-<md5 of content>.css}, which the templates link
 * through Spring's resource URL rewriting) as {@code public, max-age=31536000, immutable}: a changed file is a new URL,
 * so browsers and the CDN edge never ask again. Boot's resource properties cannot say {@code immutable}, hence these
 * handlers; other static files keep Boot's handler and settings.
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
        registry.addResourceHandler("/css/**", "/js/**")
            .addResourceLocations("classpath:/storefront/static/css/", "classpath:/storefront/static/js/")
            .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())
            .resourceChain(true)
            .addResolver(new VersionResourceResolver().addContentVersionStrategy("/**"));
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this.layout).excludePathPatterns("/css/**", "/js/**", "/img/**", "/favicon.svg",
                "/actuator/**");
    }
}
