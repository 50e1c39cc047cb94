package dev.emporium.gateway.protection;

import java.io.IOException;

import dev.emporium.platform.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the gateway's refusals (503 shed, 429 limited) straight from its filters, before Spring MVC: they must cost
 * next to nothing, as they are answered exactly when the gateway is busiest.
 */
final class Rejections {

    private final JsonMapper json;

    Rejections(JsonMapper json) {
        this.json = json;
    }

    void reject(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String title, String detail,
            long retryAfterSeconds) throws IOException {
        ProblemDetail problem = Problems.of(status, title, detail);
        problem.setInstance(java.net.URI.create(request.getRequestURI()));
        response.setStatus(status.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfterSeconds)));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        this.json.writeValue(response.getOutputStream(), problem);
    }

    /** Health, probes and metrics are never refused: they are how the load balancers and Prometheus see the gateway. */
    static boolean operational(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path.startsWith("/actuator/") || path.equals("/livez") || path.equals("/readyz");
    }
}
