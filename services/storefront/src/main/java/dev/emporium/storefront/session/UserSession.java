package dev.emporium.storefront.session;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;

import dev.emporium.storefront.api.ApiUnavailable;
import dev.emporium.storefront.api.TokenRejected;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.client.RestClientException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The customer behind one request, as far as the login cookies tell. Controllers get it as a method parameter and
 * make the API calls that need a token through {@link #call(Function)}: when the API rejects the access token
 * (expired), the refresh token is spent once for new tokens, both cookies are rewritten and the call is retried;
 * when that fails too the cookies are cleared and {@link LoginRequired} sends the customer to the login page.
 * One instance per request (held as a request attribute), so the page and its layout share one refresh.
 */
public final class UserSession {

    private static final Logger log = LoggerFactory.getLogger(UserSession.class);

    private final HttpServletRequest request;

    private final HttpServletResponse response;

    private final SessionCookies cookies;

    private final AuthClient auth;

    private final JsonMapper json;

    private @Nullable String accessToken;

    private @Nullable String refreshToken;

    private boolean refreshed;

    private @Nullable String name;

    private boolean nameDecoded;

    UserSession(HttpServletRequest request, HttpServletResponse response, SessionCookies cookies, AuthClient auth,
            JsonMapper json) {
        this.request = request;
        this.response = response;
        this.cookies = cookies;
        this.auth = auth;
        this.json = json;
        this.accessToken = cookies.access(request).orElse(null);
        this.refreshToken = cookies.refresh(request).orElse(null);
    }

    /** Whether the browser holds a login (it may still turn out to be expired). */
    public boolean isLoggedIn() {
        return this.accessToken != null || this.refreshToken != null;
    }

    /**
     * The {@code name} claim of the access token, for display only: the token is not verified here (the API
     * verifies it on every call), so nothing but greetings may depend on it.
     */
    public Optional<String> displayName() {
        if (!this.nameDecoded) {
            this.name = this.accessToken == null ? null : nameClaim(this.accessToken).orElse(null);
            this.nameDecoded = true;
        }
        return Optional.ofNullable(this.name);
    }

    /** Runs an API call with the customer's access token, refreshing it once if the API rejects it. */
    public <T> T call(Function<String, T> apiCall) {
        if (!isLoggedIn()) {
            throw new LoginRequired();
        }
        if (this.accessToken == null) {
            refresh();
        }
        try {
            return apiCall.apply(token());
        }
        catch (TokenRejected rejected) {
            if (this.refreshed) {
                end();
                throw new LoginRequired();
            }
            refresh();
            try {
                return apiCall.apply(token());
            }
            catch (TokenRejected again) {
                end();
                throw new LoginRequired();
            }
        }
    }

    /** Keeps freshly issued tokens in the cookies: the customer is logged in from the next request on. */
    public void start(Tokens tokens) {
        this.accessToken = tokens.accessToken();
        this.refreshToken = tokens.refreshToken();
        this.nameDecoded = false;
        this.cookies.write(this.request, this.response, tokens);
    }

    /**
     * Exchanges the refresh token for new tokens now, so that what the layout reads from the access token (the name)
     * reflects a change the customer just made. Best effort: without a refresh token, or when the API refuses or
     * cannot be reached, the current tokens stay as they are.
     */
    public void renew() {
        String spent = this.refreshToken;
        if (spent == null) {
            return;
        }
        try {
            this.auth.refresh(spent).ifPresent(this::start);
        }
        catch (ApiUnavailable | RestClientException ex) {
            log.warn("Tokens not renewed, the current ones stay: {}", ex.toString());
        }
    }

    /** Forgets the login: both cookies are cleared. */
    public void end() {
        this.accessToken = null;
        this.refreshToken = null;
        this.name = null;
        this.nameDecoded = true;
        this.cookies.clear(this.request, this.response);
    }

    private void refresh() {
        String spent = this.refreshToken;
        this.refreshed = true;
        Optional<Tokens> tokens = spent == null ? Optional.empty() : this.auth.refresh(spent);
        if (tokens.isEmpty()) {
            end();
            throw new LoginRequired();
        }
        start(tokens.get());
    }

    private String token() {
        String token = this.accessToken;
        if (token == null) {
            throw new LoginRequired();
        }
        return token;
    }

    private Optional<String> nameClaim(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode claims = this.json.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            JsonNode name = claims.get("name");
            return name != null && name.isString() && !name.asString().isBlank() ? Optional.of(name.asString().strip())
                    : Optional.empty();
        }
        catch (IllegalArgumentException | JacksonException ex) {
            return Optional.empty();
        }
    }
}
