package dev.emporium.storefront.session;

import java.time.Duration;
import java.util.Optional;

import dev.emporium.storefront.api.StorefrontProperties;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * Reads and writes the two login cookies. Both are HttpOnly (no script can read a token), Path=/ and
 * SameSite=Lax: the browser leaves them off cross-site POSTs, so another site cannot submit a form that acts as the
 * customer; that is the storefront's CSRF defence, as it has no server session to hold a CSRF token. They are Secure
 * whenever the customer reached us over HTTPS (directly or, behind a proxy, as told by X-Forwarded-Proto).
 */
@Component
class SessionCookies {

    static final String ACCESS = "emporium_access";

    static final String REFRESH = "emporium_refresh";

    private final Duration refreshMaxAge;

    SessionCookies(StorefrontProperties properties) {
        this.refreshMaxAge = properties.refreshCookieMaxAge();
    }

    Optional<String> access(HttpServletRequest request) {
        return read(request, ACCESS);
    }

    Optional<String> refresh(HttpServletRequest request) {
        return read(request, REFRESH);
    }

    /** The access cookie expires with the token; the refresh cookie lives longer and revives the access token. */
    void write(HttpServletRequest request, HttpServletResponse response, Tokens tokens) {
        Duration accessMaxAge = tokens.expiresIn() > 0 ? Duration.ofSeconds(tokens.expiresIn()) : Duration.ofMinutes(15);
        add(request, response, ACCESS, tokens.accessToken(), accessMaxAge);
        add(request, response, REFRESH, tokens.refreshToken(), this.refreshMaxAge);
    }

    void clear(HttpServletRequest request, HttpServletResponse response) {
        add(request, response, ACCESS, "", Duration.ZERO);
        add(request, response, REFRESH, "", Duration.ZERO);
    }

    private static void add(HttpServletRequest request, HttpServletResponse response, String name, String value,
            Duration maxAge) {
        ResponseCookie cookie = ResponseCookie.from(name, value)
            .httpOnly(true)
            .secure(isHttps(request))
            .sameSite("Lax")
            .path("/")
            .maxAge(maxAge)
            .build();
        response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
    }

    private static boolean isHttps(HttpServletRequest request) {
        return request.isSecure() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
    }

    private static Optional<String> read(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (cookie != null && name.equals(cookie.getName()) && cookie.getValue() != null && !cookie.getValue().isBlank()) {
                return Optional.of(cookie.getValue());
            }
        }
        return Optional.empty();
    }
}
