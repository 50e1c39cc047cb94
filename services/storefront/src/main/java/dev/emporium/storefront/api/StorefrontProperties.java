package dev.emporium.storefront.api;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the storefront finds the public API, and how long a login lasts in the browser.
 *
 * @param apiBaseUrl the gateway (or anything serving the public API), e.g. {@code http://localhost:8080}
 * @param refreshCookieMaxAge how long the browser keeps the refresh token; the API decides whether it is still valid
 */
@ConfigurationProperties("emporium.storefront")
public record StorefrontProperties(@DefaultValue("http://localhost:8080") URI apiBaseUrl,
        @DefaultValue("30d") Duration refreshCookieMaxAge) {
}
