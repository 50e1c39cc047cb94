package dev.emporium.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The supervisor's control API on loopback (the cluster-mode contract; {@code ./emporium cluster} and the chaos
 * suite use it): the status of every process, kill, stop and start one, scale a service, make one slow, shut down.
 * Errors are RFC 9457 problems: an unknown process or service 404, a bad number 400, a wrong method 405.
 */
final class ControlApi {

    private static final Logger log = LoggerFactory.getLogger(ControlApi.class);

    private static final Pattern PROCESS = Pattern.compile("^/processes/([^/]+)/(kill|stop|start)$");

    private static final Pattern SERVICE = Pattern.compile("^/services/([^/]+)/(scale|latency)$");

    private final Cluster cluster;

    private final HttpServer server;

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    private final JsonMapper json = JsonMapper.builder().build();

    private ControlApi(Cluster cluster, HttpServer server) {
        this.cluster = cluster;
        this.server = server;
    }

    static ControlApi start(Cluster cluster, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        ControlApi api = new ControlApi(cluster, server);
        server.createContext("/", api::handle);
        server.setExecutor(api.executor);
        server.start();
        return api;
    }

    void stop() {
        this.server.stop(0);
        this.executor.shutdown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            try {
                route(exchange, method, path);
            }
            catch (UnknownNameException ex) {
                problem(exchange, 404, "Not Found", ex.getMessage());
            }
            catch (MethodNotAllowed ex) {
                exchange.getResponseHeaders().set("Allow", ex.allowed);
                problem(exchange, 405, "Method Not Allowed", ex.getMessage());
            }
            catch (IllegalArgumentException ex) {
                problem(exchange, 400, "Bad Request", ex.getMessage());
            }
            catch (IllegalStateException ex) {
                problem(exchange, 409, "Conflict", ex.getMessage());
            }
            catch (RuntimeException ex) {
                log.warn("{} {} failed", method, path, ex);
                problem(exchange, 500, "Internal Server Error", ex.toString());
            }
        }
    }

    private void route(HttpExchange exchange, String method, String path) throws IOException {
        if (path.equals("/status")) {
            requireMethod(method, "GET");
            send(exchange, 200, status());
            return;
        }
        if (path.equals("/shutdown")) {
            requireMethod(method, "POST");
            send(exchange, 202, Map.of("status", "shutting down"));
            this.cluster.shutdownSoon();
            return;
        }
        Matcher process = PROCESS.matcher(path);
        if (process.matches()) {
            requireMethod(method, "POST");
            String name = process.group(1);
            Supervisor supervisor = this.cluster.supervisor();
            if (!supervisor.has(name)) {
                throw new UnknownNameException("process", name);
            }
            switch (process.group(2)) {
                case "kill" -> {
                    supervisor.kill(name);
                    send(exchange, 202, process(supervisor.status(name).orElseThrow()));
                }
                case "stop" -> {
                    supervisor.stop(name);
                    send(exchange, 200, process(supervisor.status(name).orElseThrow()));
                }
                default -> {
                    supervisor.start(name);
                    send(exchange, 202, process(supervisor.status(name).orElseThrow()));
                }
            }
            return;
        }
        Matcher service = SERVICE.matcher(path);
        if (service.matches()) {
            requireMethod(method, "POST");
            String name = service.group(1);
            PortPlan.service(name);
            Map<String, String> query = query(exchange.getRequestURI());
            if (service.group(2).equals("scale")) {
                int instances = number(query, "instances", 1, PortPlan.MAX_INSTANCES);
                List<Map<String, Object>> processes = this.cluster.scale(name, instances).stream().map(this::process).toList();
                send(exchange, 200, Map.of("service", name, "processes", processes));
            }
            else {
                int millis = number(query, "millis", 0, 60_000);
                this.cluster.latency(name, Duration.ofMillis(millis));
                send(exchange, 200, Map.of("service", name, "millis", millis, "proxies", this.cluster.faultProxyPorts()));
            }
            return;
        }
        throw new UnknownNameException("resource", path);
    }

    private Map<String, Object> status() {
        return Map.of("edgeUrl", this.cluster.edgeUrl(), "controlUrl", this.cluster.controlUrl(), "processes",
                this.cluster.supervisor().statuses().stream().map(this::process).toList());
    }

    private Map<String, Object> process(Supervisor.Status status) {
        Map<String, Object> process = new LinkedHashMap<>();
        process.put("name", status.name());
        process.put("kind", status.kind());
        process.put("service", status.service());
        process.put("port", status.port());
        process.put("pid", status.pid());
        process.put("state", status.state().name());
        process.put("restarts", status.restarts());
        process.put("since", status.since().toString());
        return process;
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw new MethodNotAllowed(allowed);
        }
    }

    private static int number(Map<String, String> query, String name, int min, int max) {
        String value = query.get(name);
        if (value == null) {
            throw new IllegalArgumentException("query parameter '" + name + "' is required");
        }
        int number;
        try {
            number = Integer.parseInt(value.strip());
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("'" + name + "' must be a whole number, not '" + value + "'");
        }
        if (number < min || number > max) {
            throw new IllegalArgumentException("'" + name + "' must be " + min + " to " + max + ", not " + number);
        }
        return number;
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.put(key, value);
        }
        return query;
    }

    private void problem(HttpExchange exchange, int status, String title, @Nullable String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", exchange.getRequestURI().getPath());
        exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
        write(exchange, status, problem);
    }

    private void send(HttpExchange exchange, int status, Object body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        write(exchange, status, body);
    }

    private void write(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = this.json.writeValueAsBytes(body);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A known path asked with the wrong method. */
    private static final class MethodNotAllowed extends RuntimeException {

        final String allowed;

        MethodNotAllowed(String allowed) {
            super("use " + allowed);
            this.allowed = allowed;
        }
    }
}
