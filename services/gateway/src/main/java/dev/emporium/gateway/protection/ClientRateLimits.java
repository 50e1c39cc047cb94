package dev.emporium.gateway.protection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Token buckets per client: a request with a bearer token takes from its subject's bucket, any other from its
 * address's ({@link ClientAddress}); {@code POST /api/auth/login} and {@code /api/auth/register} also take from a much
 * smaller bucket of the address, against password guessing and mass registration. An empty bucket is a 429 problem
 * with {@code Retry-After}. Buckets live in a bounded Caffeine cache and are forgotten after ten idle minutes.
 *
 * <p>The subject is read from the token without checking its signature: the gateway does not validate tokens (every
 * service does). A forged token only buys a bucket of its own for requests the services then refuse with 401; the
 * shedding still caps what they cost.
 *
 * <p>Requests from the trusted proxies themselves without {@code X-Forwarded-For} (the machine's own tools and tests
 * calling the gateway directly) are not limited: in cluster mode every outside request arrives through the edge, which
 * always names the client.
 */
final class ClientRateLimits extends OncePerRequestFilter {

    private final ProtectionProperties.RateLimits limits;

    private final ClientAddress addresses;

    private final Rejections rejections;

    private final JsonMapper json;

    private final Cache<String, TokenBucket> buckets = Caffeine.newBuilder()
        .maximumSize(200_000)
        .expireAfterAccess(Duration.ofMinutes(10))
        .build();

    private final Counter limited;

    ClientRateLimits(ProtectionProperties.RateLimits limits, ClientAddress addresses, Rejections rejections, JsonMapper json,
            MeterRegistry meters) {
        this.limits = limits;
        this.addresses = addresses;
        this.rejections = rejections;
        this.json = json;
        this.limited = Counter.builder("emporium.gateway.rejected")
            .description("Requests the gateway refused before any downstream call, by reason")
            .tag("reason", "rate_limit")
            .register(meters);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (Rejections.operational(request) || local(request)) {
            chain.doFilter(request, response);
            return;
        }
        String address = this.addresses.of(request);
        long now = System.nanoTime();
        if (auth(request)) {
            long wait = bucket("auth:" + address, this.limits.auth(), now).take(now);
            if (wait > 0) {
                refuse(request, response, wait, "Too many sign-in attempts from your address. Try again later.");
                return;
            }
        }
        String subject = subject(request.getHeader("Authorization"));
        long wait = subject != null
                ? bucket("user:" + subject, this.limits.user(), now).take(now)
                : bucket("address:" + address, this.limits.anonymous(), now).take(now);
        if (wait > 0) {
            refuse(request, response, wait, "Too many requests. Slow down and try again shortly.");
            return;
        }
        chain.doFilter(request, response);
    }

    private TokenBucket bucket(String key, ProtectionProperties.Limit limit, long now) {
        return this.buckets.get(key, ignored -> new TokenBucket(limit, now));
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, long waitNanos, String detail)
            throws IOException {
        this.limited.increment();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(waitNanos + TimeUnit.SECONDS.toNanos(1) - 1);
        this.rejections.reject(request, response, HttpStatus.TOO_MANY_REQUESTS, "Too many requests", detail, seconds);
    }

    private boolean local(HttpServletRequest request) {
        return request.getHeader("X-Forwarded-For") == null && this.addresses.trusted(request.getRemoteAddr());
    }

    private static boolean auth(HttpServletRequest request) {
        String path = request.getRequestURI();
        return "POST".equals(request.getMethod()) && (path.equals("/api/auth/login") || path.equals("/api/auth/register"));
    }

    /** The {@code sub} claim of a bearer JWT, unverified; null without one or when it cannot be read. */
    private @Nullable String subject(@Nullable String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String[] parts = authorization.substring(7).trim().split("\\.");
        if (parts.length != 3 || parts[1].length() > 8192) {
            return null;
        }
        try {
            JsonNode claims = this.json.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            JsonNode subject = claims.get("sub");
            return subject != null && subject.isString() && !subject.asString().isBlank() ? subject.asString() : null;
        }
        catch (RuntimeException ex) {
            return null;
        }
    }
}
