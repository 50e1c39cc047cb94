package dev.emporium.embedded;

import java.util.Map;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Keeps one service's auto-configuration from switching on in the others. In embedded mode all services share one
 * classpath, so the gateway's libraries would configure every context: Spring Cloud Gateway's form filter, for one,
 * reads form bodies for proxying and left the storefront's login and register forms empty. Each context is told
 * its service ({@code emporium.embedded.service}, set by {@link EmbeddedPlatform}); auto-configurations from a
 * package another service owns are filtered out. Outside embedded mode the property is absent and nothing is
 * filtered: each service's own classpath holds only its own libraries.
 */
public class ServiceAutoConfigurationFilter implements AutoConfigurationImportFilter, EnvironmentAware {

    public static final String SERVICE_PROPERTY = "emporium.embedded.service";

    /** Auto-configuration packages that belong to one service only. */
    static final Map<String, String> OWNERS = Map.of(
            "org.springframework.cloud.gateway.", "gateway",
            "org.springframework.boot.thymeleaf.", "storefront",
            "org.springframework.boot.mail.", "notifications");

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        String service = this.environment != null ? this.environment.getProperty(SERVICE_PROPERTY) : null;
        boolean[] matches = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < autoConfigurationClasses.length; i++) {
            matches[i] = service == null || belongsTo(autoConfigurationClasses[i], service);
        }
        return matches;
    }

    static boolean belongsTo(String autoConfiguration, String service) {
        if (autoConfiguration == null) {
            return true;
        }
        return OWNERS.entrySet().stream()
            .filter(owner -> autoConfiguration.startsWith(owner.getKey()))
            .allMatch(owner -> owner.getValue().equals(service));
    }
}
