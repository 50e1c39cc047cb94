package dev.emporium.storefront;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The platform's instances as the operations console sees them, on one loopback port: instance {@code name} answers
 * {@code /name/actuator/health} (UP, or DOWN with a 503 once {@link #down}) and {@code /name/actuator/prometheus}.
 * Every scrape adds ten requests to the instance's counters, one of them answered 503, half a second in all: so
 * between two samples each service served 10% errors at a mean of 50 ms. The gateway also publishes histogram
 * buckets (half the requests within 25 ms, 90% within 50 ms, all within 100 ms: a p95 of 75 ms); catalog reports
 * a cache and a closed breaker, orders a queue with a parked message and an outbox.
 */
final class FakeActuators {

    static final List<String> SERVICES = List.of("gateway", "storefront", "identity", "catalog", "cart", "orders",
            "inventory", "media", "payments", "notifications", "payment-provider");

    private final HttpServer server;

    private final Map<String, Integer> scrapes = new ConcurrentHashMap<>();

    private final Set<String> down = ConcurrentHashMap.newKeySet();

    private FakeActuators(HttpServer server) {
        this.server = server;
    }

    static FakeActuators start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            FakeActuators instances = new FakeActuators(server);
            server.createContext("/", instances::handle);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return instances;
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The base URL of instance {@code name}. */
    String url(String name) {
        return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/" + name;
    }

    void down(String name) {
        this.down.add(name);
    }

    void stop() {
        this.server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] path = exchange.getRequestURI().getPath().split("/");
            String name = path.length == 4 ? path[1] : "";
            if (!SERVICES.contains(name) || !"actuator".equals(path[2])) {
                send(exchange, 404, "text/plain", "not found");
            }
            else if ("health".equals(path[3])) {
                boolean up = !this.down.contains(name);
                send(exchange, up ? 200 : 503, "application/vnd.spring-boot.actuator.v3+json",
                        "{\"groups\":[\"liveness\",\"readiness\"],\"status\":\"" + (up ? "UP" : "DOWN") + "\"}");
            }
            else if ("prometheus".equals(path[3])) {
                send(exchange, 200, "text/plain;version=0.0.4;charset=utf-8", metrics(name, this.scrapes.merge(name, 1, Integer::sum)));
            }
            else {
                send(exchange, 404, "text/plain", "not found");
            }
        }
    }

    private static String metrics(String name, int scrapes) {
        StringBuilder text = new StringBuilder("""
                # HELP http_server_requests_seconds Duration of HTTP server request handling
                # TYPE http_server_requests_seconds summary
                http_server_requests_seconds_count{method="GET",outcome="SUCCESS",service="%1$s",status="200",uri="/api/things"} %2$d
                http_server_requests_seconds_sum{method="GET",outcome="SUCCESS",service="%1$s",status="200",uri="/api/things"} %3$s
                http_server_requests_seconds_count{method="GET",outcome="SERVER_ERROR",service="%1$s",status="503",uri="/api/things"} %4$d
                http_server_requests_seconds_sum{method="GET",outcome="SERVER_ERROR",service="%1$s",status="503",uri="/api/things"} %5$s
                http_server_requests_seconds_count{method="GET",outcome="SUCCESS",service="%1$s",status="200",uri="/actuator/prometheus"} %4$d
                http_server_requests_seconds_sum{method="GET",outcome="SUCCESS",service="%1$s",status="200",uri="/actuator/prometheus"} %4$d
                process_uptime_seconds{service="%1$s"} 42.0
                """.formatted(name, 9 * scrapes, 0.45 * scrapes, scrapes, 0.05 * scrapes));
        if (name.equals("gateway")) {
            text.append("""
                    http_server_requests_seconds_bucket{service="gateway",status="200",uri="/api/things",le="0.025"} %1$d
                    http_server_requests_seconds_bucket{service="gateway",status="200",uri="/api/things",le="0.05"} %2$d
                    http_server_requests_seconds_bucket{service="gateway",status="200",uri="/api/things",le="0.1"} %3$d
                    http_server_requests_seconds_bucket{service="gateway",status="200",uri="/api/things",le="+Inf"} %3$d
                    http_server_requests_seconds_bucket{service="gateway",status="503",uri="/api/things",le="0.025"} 0
                    http_server_requests_seconds_bucket{service="gateway",status="503",uri="/api/things",le="0.05"} 0
                    http_server_requests_seconds_bucket{service="gateway",status="503",uri="/api/things",le="0.1"} %4$d
                    http_server_requests_seconds_bucket{service="gateway",status="503",uri="/api/things",le="+Inf"} %4$d
                    """.formatted(5 * scrapes, 9 * scrapes, 9 * scrapes, scrapes));
        }
        if (name.equals("catalog")) {
            text.append("""
                    emporium_cache_gets_total{cache="catalog.products",level="local",result="hit",service="catalog"} 90.0
                    emporium_cache_gets_total{cache="catalog.products",level="local",result="miss",service="catalog"} 10.0
                    emporium_cache_gets_total{cache="catalog.products",level="shared",result="hit",service="catalog"} 0.0
                    emporium_cache_gets_total{cache="catalog.products",level="shared",result="miss",service="catalog"} 0.0
                    resilience4j_circuitbreaker_state{name="redis",service="catalog",state="closed"} 1.0
                    resilience4j_circuitbreaker_state{name="redis",service="catalog",state="open"} 0.0
                    resilience4j_circuitbreaker_state{name="redis",service="catalog",state="half_open"} 0.0
                    resilience4j_circuitbreaker_failure_rate{name="redis",service="catalog"} -1.0
                    """);
        }
        if (name.equals("orders")) {
            text.append("""
                    emporium_messaging_queue_depth{queue="orders.saga",service="orders"} 3.0
                    emporium_messaging_parked{queue="orders.saga",service="orders"} 1.0
                    emporium_messaging_outbox_lag_seconds{service="orders",store="orders-s0"} 0.5
                    """);
        }
        return text.toString();
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
