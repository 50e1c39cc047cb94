package dev.emporium.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.emporium.embedded.EmbeddedService;

/**
 * {@code ./emporium cluster up}: the supervisor's main. Starts the cluster, keeps it running until
 * {@code POST /shutdown} ({@code ./emporium cluster down}) or SIGTERM, then stops it in order and exits.
 *
 * <p>Options: {@code --port=N} (the edge, default 8080), {@code --base-port=N} (default 9100),
 * {@code --instances=N} (per service, default 2), {@code --var=PATH} (default {@code ./var}).
 */
public final class EmporiumCluster {

    private EmporiumCluster() {
    }

    public static void main(String[] args) throws Exception {
        Path var = Path.of("var");
        int port = 8080;
        int basePort = 9100;
        int instances = ClusterSettings.DEFAULT_INSTANCES;
        for (String arg : args) {
            String value = arg.substring(arg.indexOf('=') + 1);
            try {
                if (arg.startsWith("--port=")) {
                    port = Integer.parseInt(value);
                }
                else if (arg.startsWith("--base-port=")) {
                    basePort = Integer.parseInt(value);
                }
                else if (arg.startsWith("--instances=")) {
                    instances = Integer.parseInt(value);
                }
                else if (arg.startsWith("--var=")) {
                    var = Path.of(value);
                }
                else {
                    fail("unknown option " + arg + " (--port=N --base-port=N --instances=N --var=PATH)");
                }
            }
            catch (NumberFormatException ex) {
                fail(arg + ": not a number");
            }
        }
        Map<String, Integer> perService = new LinkedHashMap<>();
        for (EmbeddedService service : EmbeddedService.ALL) {
            perService.put(service.name(), instances);
        }
        ClusterSettings settings;
        try {
            settings = new ClusterSettings(var, port, basePort, perService);
        }
        catch (IllegalArgumentException ex) {
            fail(ex.getMessage());
            return;
        }
        Files.createDirectories(settings.var());
        Cluster cluster;
        try {
            cluster = Cluster.start(settings);
        }
        catch (RuntimeException ex) {
            System.err.println("emporium: " + ex.getMessage());
            System.exit(1);
            return;
        }
        cluster.terminated().join();
        System.exit(0);
    }

    private static void fail(String message) {
        System.err.println("emporium cluster: " + message);
        System.exit(2);
    }
}
