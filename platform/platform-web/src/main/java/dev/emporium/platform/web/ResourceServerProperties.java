package dev.emporium.platform.web;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service guards its endpoints.
 *
 * @param publicPaths Ant-style paths anyone may call (catalog browsing, login); everything else needs a valid
 * token, and {@code /api/admin/**} and {@code /api/ops/**} need the admin role
 */
@ConfigurationProperties("emporium.security")
record ResourceServerProperties(@DefaultValue List<String> publicPaths) {
}
