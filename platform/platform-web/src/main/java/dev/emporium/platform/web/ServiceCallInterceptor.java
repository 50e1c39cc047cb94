package dev.emporium.platform.web;

import java.io.IOException;
import java.net.URI;

import dev.emporium.platform.web.DependencyUnavailable.Reason;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.support.HttpRequestWrapper;

/**
 * Sends each request of a {@link ServiceRestClients} client through {@link ServiceResilience}: every attempt picks
 * its instance (the retry wraps the load balancer's choice) and rewrites {@code http://<service>/...} to it. An
 * answer of 502/503/504 left after the retries ends as a {@link DependencyUnavailable} like a call that got no answer.
 */
final class ServiceCallInterceptor implements ClientHttpRequestInterceptor {

    private final String service;

    private final ServiceResilience resilience;

    ServiceCallInterceptor(String service, ServiceResilience resilience) {
        this.service = service;
        this.resilience = resilience;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        ClientHttpResponse response;
        try {
            response = this.resilience.call(this.service, ServiceResilience.idempotent(request.getMethod(), request.getHeaders()),
                    ServiceCallInterceptor::unavailable, ServiceCallInterceptor::close,
                    instance -> {
                        URI target = this.resilience.uriAt(instance, request.getURI());
                        return execution.execute(new HttpRequestWrapper(request) {

                            @Override
                            public URI getURI() {
                                return target;
                            }
                        }, body);
                    });
        }
        catch (IOException | RuntimeException ex) {
            throw ex;
        }
        catch (Exception ex) {
            throw new IOException(ex);
        }
        if (unavailable(response)) {
            int status = status(response);
            close(response);
            throw new DependencyUnavailable(this.service, Reason.NO_ANSWER, ServiceResilience.RETRY_AFTER_NO_ANSWER,
                    new IOException("answered " + status));
        }
        return response;
    }

    private static boolean unavailable(ClientHttpResponse response) {
        return ServiceResilience.unavailableStatus(status(response));
    }

    private static int status(ClientHttpResponse response) {
        try {
            return response.getStatusCode().value();
        }
        catch (IOException ex) {
            return 502;
        }
    }

    private static void close(ClientHttpResponse response) {
        response.close();
    }
}
