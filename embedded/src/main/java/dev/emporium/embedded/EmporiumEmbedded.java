package dev.emporium.embedded;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./emporium up}: starts the whole platform in this JVM and keeps it running until Ctrl-C.
 *
 * <p>Options: {@code --data-dir=PATH} (default {@code ./data}, or {@code EMPORIUM_DATA_DIR}), {@code --port=N}
 * (the gateway's port, default 8080, or {@code EMPORIUM_PORT}; services take the ports after it). Any other
 * {@code --key=value} argument is passed to every service.
 */
public final class EmporiumEmbedded {

    private EmporiumEmbedded() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        EmbeddedPlatform.useOneLoggingSystem();
        Path dataDirectory = Path.of(env("EMPORIUM_DATA_DIR", "data"));
        int port = Integer.parseInt(env("EMPORIUM_PORT", "8080"));
        List<String> extra = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--data-dir=")) {
                dataDirectory = Path.of(arg.substring("--data-dir=".length()));
            }
            else if (arg.startsWith("--port=")) {
                port = Integer.parseInt(arg.substring("--port=".length()));
            }
            else {
                extra.add(arg);
            }
        }
        EmbeddedPlatform platform;
        try {
            platform = EmbeddedPlatform.start(new EmbeddedPlatform.Settings(dataDirectory, port, extra));
        }
        catch (RuntimeException ex) {
            System.err.println("Emporium did not start: " + ex.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "emporium-shutdown"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("""

                  Emporium is up in %.1f s: %s
                  Demo customer: demo@emporium.dev / emporium-demo   Admin: admin@emporium.dev / emporium-admin
                  API documentation: %s/v3/api-docs   Data: %s   Stop with Ctrl-C.

                """, millis / 1000.0, platform.gatewayUrl(), platform.gatewayUrl(), dataDirectory.toAbsolutePath());
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
