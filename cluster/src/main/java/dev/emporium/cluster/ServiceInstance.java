package dev.emporium.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.emporium.embedded.EmbeddedService;

/** One instance of one service, in a JVM of its own ({@link ServiceJvm}); healthy when {@code /readyz} says 200. */
final class ServiceInstance extends LocalProcess {

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final EmbeddedService service;

    private final int instance;

    private final ServiceJvm jvm;

    private final List<String> arguments;

    ServiceInstance(EmbeddedService service, int instance, int port, ServiceJvm jvm, List<String> arguments, Path logs) {
        super(service.name() + "-" + instance, "service", port, logs);
        this.service = service;
        this.instance = instance;
        this.jvm = jvm;
        this.arguments = List.copyOf(arguments);
    }

    EmbeddedService service() {
        return this.service;
    }

    int instance() {
        return this.instance;
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    List<String> command() {
        return this.jvm.command(this.service.application().getName(), this.arguments);
    }

    /** Every series names its instance by the process name (catalog-1), as the status does. */
    @Override
    Map<String, String> environment() {
        return Map.of("EMPORIUM_INSTANCE", name());
    }

    @Override
    public boolean healthy() {
        if (!alive()) {
            return false;
        }
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url() + "/readyz"))
                .timeout(Duration.ofSeconds(2))
                .build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        }
        catch (IOException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
