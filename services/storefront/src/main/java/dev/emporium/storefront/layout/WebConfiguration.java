package dev.emporium.storefront.layout;

import java.util.List;

import dev.emporium.storefront.session.UserSessions;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Gives controllers their {@code UserSession} parameter and every rendered page the layout's data. */
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
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this.layout).excludePathPatterns("/css/**", "/js/**", "/img/**", "/favicon.svg",
                "/actuator/**");
    }
}
