package dev.emporium.storefront.layout;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import dev.emporium.storefront.api.ApiProblem;
import dev.emporium.storefront.api.ApiUnavailable;
import dev.emporium.storefront.session.LoginRequired;
import dev.emporium.storefront.session.NextPage;
import dev.emporium.storefront.session.UserSessions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.client.RestClientException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every failure becomes a page of the shop, never a stack trace, a Whitelabel page or the platform's JSON problem
 * (this advice runs before the platform's): a missing login redirects to the login page, a page for other accounts
 * (operators only) is a 403 page, unknown things are a 404 page, an API that is down or failing a 503 page ("try
 * again"), anything else a 500 page.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ErrorPages {

    private static final Logger log = LoggerFactory.getLogger(ErrorPages.class);

    private final UserSessions sessions;

    ErrorPages(UserSessions sessions) {
        this.sessions = sessions;
    }

    @ExceptionHandler(LoginRequired.class)
    String loginRequired(LoginRequired ex, HttpServletRequest request) {
        String next = ex.next() != null ? ex.next() : currentPage(request);
        return "redirect:/login?next=" + URLEncoder.encode(NextPage.safe(next), StandardCharsets.UTF_8);
    }

    @ExceptionHandler(AccessDenied.class)
    ModelAndView accessDenied(AccessDenied ex, HttpServletRequest request, HttpServletResponse response) {
        return page(HttpStatus.FORBIDDEN, "Access denied", ex.getMessage(), request, response);
    }

    @ExceptionHandler(PageNotFound.class)
    ModelAndView notFound(PageNotFound ex, HttpServletRequest request, HttpServletResponse response) {
        return page(HttpStatus.NOT_FOUND, "Page not found", ex.getMessage(), request, response);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ModelAndView noSuchPage(HttpServletRequest request, HttpServletResponse response) {
        return page(HttpStatus.NOT_FOUND, "Page not found", "We couldn't find the page you were looking for.", request,
                response);
    }

    @ExceptionHandler(ApiProblem.class)
    ModelAndView refused(ApiProblem ex, HttpServletRequest request, HttpServletResponse response) {
        if (ex.isNotFound()) {
            return page(HttpStatus.NOT_FOUND, "Page not found", "We couldn't find what you were looking for.", request,
                    response);
        }
        HttpStatus status = HttpStatus.resolve(ex.status());
        return page(status != null ? status : HttpStatus.BAD_REQUEST, ex.title(), ex.message(), request, response);
    }

    @ExceptionHandler({ ApiUnavailable.class, RestClientException.class })
    ModelAndView unavailable(Exception ex, HttpServletRequest request, HttpServletResponse response) {
        log.warn("API unavailable for {} {}: {}", request.getMethod(), request.getRequestURI(), ex.toString());
        response.setHeader(HttpHeaders.RETRY_AFTER, "5");
        return page(HttpStatus.SERVICE_UNAVAILABLE, "We're having trouble",
                "We're having trouble reaching our shop right now. Please try again in a moment.", request, response);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ModelAndView methodNotAllowed(HttpServletRequest request, HttpServletResponse response) {
        return page(HttpStatus.METHOD_NOT_ALLOWED, "Page not found", "We couldn't find the page you were looking for.",
                request, response);
    }

    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception ex, HttpServletRequest request, HttpServletResponse response) {
        if (ex instanceof ErrorResponse error && error.getStatusCode().is4xxClientError()) {
            HttpStatus status = HttpStatus.resolve(error.getStatusCode().value());
            return page(status != null ? status : HttpStatus.BAD_REQUEST, "That didn't work",
                    "Something about that request wasn't right. Please go back and try again.", request, response);
        }
        log.error("Unexpected failure for {} {}", request.getMethod(), request.getRequestURI(), ex);
        return page(HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong",
                "Something went wrong on our side. Please try again; if it keeps happening, come back a little later.",
                request, response);
    }

    private ModelAndView page(HttpStatus status, String title, @Nullable String message, HttpServletRequest request,
            HttpServletResponse response) {
        ModelAndView page = new ModelAndView("error");
        page.setStatus(status);
        page.addObject("status", status.value());
        page.addObject("title", title);
        page.addObject("message", message);
        LayoutInterceptor.Account.addTo(page.getModelMap(), this.sessions.of(request, response));
        return page;
    }

    /** The page to come back to: the requested one for GETs, the page the form was on (its Referer) for POSTs. */
    private static String currentPage(HttpServletRequest request) {
        if ("GET".equals(request.getMethod())) {
            String query = request.getQueryString();
            return request.getRequestURI() + (query != null ? "?" + query : "");
        }
        String referer = request.getHeader(HttpHeaders.REFERER);
        if (referer == null) {
            return "/";
        }
        try {
            URI uri = URI.create(referer);
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        }
        catch (IllegalArgumentException ex) {
            return "/";
        }
    }
}
