package dev.emporium.platform.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A real service shutting down: readiness refuses traffic at once while a slow request in flight still completes. */
class GracefulDrainTests {

    static final CountDownLatch entered = new CountDownLatch(1);

    static final CountDownLatch release = new CountDownLatch(1);

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void readinessIsDownWhileAnInFlightRequestCompletesDuringShutdown() throws Exception {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(DrainedApplication.class)
            .run("--server.port=0", "--emporium.shutdown.drain=1s", "--emporium.security.public-paths=/open/**");
        CompletableFuture<Void> closing = null;
        try {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            assertThat(status(port, "/readyz")).isEqualTo(200);
            CompletableFuture<HttpResponse<String>> slow = this.http.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/open/slow")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

            closing = CompletableFuture.runAsync(context::close);
            await().atMost(Duration.ofSeconds(2)).until(() -> status(port, "/readyz") == 503);

            release.countDown();
            HttpResponse<String> answer = slow.get(10, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("done");
            closing.get(15, TimeUnit.SECONDS);
            assertThat(context.isActive()).isFalse();
        }
        finally {
            release.countDown();
            if (closing == null) {
                context.close();
            }
        }
    }

    private int status(int port, String path) throws Exception {
        return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Not a configuration class, so that WebPlatformTests' component scan leaves it alone. */
    @EnableAutoConfiguration
    static class DrainedApplication {

        @Bean
        RouterFunction<ServerResponse> slow() {
            return RouterFunctions.route().GET("/open/slow", request -> {
                entered.countDown();
                release.await(10, TimeUnit.SECONDS);
                return ServerResponse.ok().body("done");
            }).build();
        }
    }
}
