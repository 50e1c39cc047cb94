package dev.emporium.platform.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers missing or bad tokens (401, with the {@code WWW-Authenticate} header of RFC 6750) and missing roles (403)
 * with problem details, like every other error of the platform. A token that could not be checked at all, because
 * identity's keys (JWKS) could not be fetched, is the platform's failure, not the caller's: 503 with Retry-After
 * (Spring Security rethrows it by default, which ended as a 500).
 */
class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler, AuthenticationFailureHandler {

    private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();

    private final JsonMapper json;

    ProblemSecurityHandlers(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        this.bearer.commence(request, response, failure);
        boolean tokenPresent = request.getHeader("Authorization") != null;
        write(response, HttpStatus.UNAUTHORIZED, tokenPresent ? "Invalid token" : "Authentication required",
                tokenPresent ? "The bearer token is invalid or expired." : "This endpoint needs a bearer token: log in first.",
                request);
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException failure) throws IOException {
        if (failure instanceof AuthenticationServiceException) {
            response.setHeader("Retry-After", "2");
            write(response, HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
                    "The keys that check tokens could not be fetched. Try again shortly.", request);
            return;
        }
        commence(request, response, failure);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException failure)
            throws IOException {
        write(response, HttpStatus.FORBIDDEN, "Forbidden", "Your account does not have the role this endpoint needs.", request);
    }

    private void write(HttpServletResponse response, HttpStatus status, String title, String detail,
            HttpServletRequest request) throws IOException {
        ProblemDetail problem = Problems.of(status, title, detail);
        problem.setInstance(java.net.URI.create(request.getRequestURI()));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        this.json.writeValue(response.getOutputStream(), problem);
    }
}
