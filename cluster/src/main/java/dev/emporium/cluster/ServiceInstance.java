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

    static final String GATEWAY_CAP_VARIABLE = "EMPORIUM_GATEWAY_SHEDDING_MAXCONCURRENT";

    /**
     * Outside requests in flight per gateway in cluster mode: two per core. Every process of the cluster shares the
     * machine's cores, so a request let in beyond what they can run only waits for the CPU. On two cores, at three
     * times the measured capacity, the gateways' default of 200 let everything in and the shoppers saw 8.5 successes a
     * second and 290 timeouts; four let 27.4 a second through with no timeout (docs/chaos.md, Figures).
     */
    static final int GATEWAY_MAX_CONCURRENT = 2 * Runtime.getRuntime().availableProcessors();

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

    /**
     * Every series names its instance by the process name (catalog-1), as the status does. A gateway also gets
     * cluster mode's cap on requests in flight ({@link #gatewayMaxConcurrent}).
     */
    @Override
    Map<String, String> environment() {
        if (!"gateway".equals(this.service.name())) {
            return Map.of("EMPORIUM_INSTANCE", name());
        }
        return Map.of("EMPORIUM_INSTANCE", name(), GATEWAY_CAP_VARIABLE, String.valueOf(gatewayMaxConcurrent()));
    }

    /** A gateway's cap in cluster mode: the supervisor's {@value #GATEWAY_CAP_VARIABLE} if set, else two per core. */
    static int gatewayMaxConcurrent() {
        String set = System.getenv(GATEWAY_CAP_VARIABLE);
        if (set != null && !set.isBlank()) {
            try {
                return Integer.parseInt(set.strip());
            }
            catch (NumberFormatException ex) {
                throw new IllegalStateException(GATEWAY_CAP_VARIABLE + " is not a number: " + set, ex);
            }
        }
        return GATEWAY_MAX_CONCURRENT;
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
