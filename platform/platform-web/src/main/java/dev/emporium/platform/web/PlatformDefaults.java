package dev.emporium.platform.web;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds {@code emporium-platform-defaults.properties} as the lowest-precedence property source of every service,
 * so probes, metrics exposure, graceful shutdown, virtual threads and timeouts are set once for the whole
 * platform instead of once per service. Any service file, argument or environment variable overrides them.
 */
class PlatformDefaults implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "emporiumPlatformDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(SOURCE_NAME)) {
            return;
        }
        try {
            environment.getPropertySources().addLast(new ResourcePropertySource(SOURCE_NAME,
                    new ClassPathResource("emporium-platform-defaults.properties", PlatformDefaults.class.getClassLoader())));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("platform defaults are missing from the classpath", ex);
        }
    }
}
