package dev.emporium.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts every service of the platform in this JVM, each in its own Spring context on its own port, in parallel,
 * and stops them again. It is the single source of embedded mode's topology: it hands every context the addresses
 * of the others (discovery instances, the JWKS URL, the gateway's URL), so the platform can run on other ports
 * (the system tests do) without any file naming a second set.
 *
 * <p>Settings go to each context as command-line arguments, which take precedence over environment variables
 * (a {@code SERVER_PORT} in the environment must not put two contexts on one port).
 */
public final class EmbeddedPlatform implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPlatform.class);

    private final Settings settings;

    private final Map<String, ConfigurableApplicationContext> contexts = Collections.synchronizedMap(new LinkedHashMap<>());

    private EmbeddedPlatform(Settings settings) {
        this.settings = settings;
    }

    /**
     * @param dataDirectory where each service keeps its H2 database and files
     * @param gatewayPort the gateway's port; the other services take the next ones ({@link #SERVICE_COUNT} in all)
     * @param extraArguments further {@code --key=value} arguments for every context
     * @param runElsewhere services not started here (a test runs one as a process of its own, to kill it): the
     *        others are still told its address, and {@link #argumentsFor} gives what it needs to start
     */
    public record Settings(Path dataDirectory, int gatewayPort, List<String> extraArguments, Set<String> runElsewhere) {

        public Settings(Path dataDirectory, int gatewayPort, List<String> extraArguments) {
            this(dataDirectory, gatewayPort, extraArguments, Set.of());
        }
    }

    /** How many services (and consecutive ports, from the gateway's) the platform has. */
    public static final int SERVICE_COUNT = EmbeddedService.ALL.size();

    /** Starts the platform; if any service fails to start, stops the others and throws. */
    public static EmbeddedPlatform start(Settings settings) {
        useOneLoggingSystem();
        EmbeddedPlatform platform = new EmbeddedPlatform(settings);
        platform.startAll();
        return platform;
    }

    public String gatewayUrl() {
        return "http://localhost:" + this.settings.gatewayPort();
    }

    /** Each running service's base URL, by name, in start order. */
    public Map<String, String> serviceUrls() {
        Map<String, String> urls = new LinkedHashMap<>();
        synchronized (this.contexts) {
            this.contexts.forEach((name, context) -> urls.put(name,
                    "http://localhost:" + context.getEnvironment().getProperty("local.server.port")));
        }
        return urls;
    }

    /**
     * Logging is JVM-wide: if each context initialised Logback, every line would print once per context. The
     * platform owns it instead: Boot's logging system is switched off, Logback reads this module's logback.xml once,
     * and java.util.logging is bridged to SLF4J once.
     */
    static void useOneLoggingSystem() {
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        if (!org.slf4j.bridge.SLF4JBridgeHandler.isInstalled()) {
            org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
            org.slf4j.bridge.SLF4JBridgeHandler.install();
        }
    }

    private void startAll() {
        List<String> shared = sharedArguments();
        try (ExecutorService starters = Executors.newFixedThreadPool(EmbeddedService.ALL.size())) {
            Map<EmbeddedService, Future<ConfigurableApplicationContext>> started = new LinkedHashMap<>();
            for (EmbeddedService service : EmbeddedService.ALL) {
                if (!this.settings.runElsewhere().contains(service.name())) {
                    started.put(service, starters.submit(() -> startOne(service, shared)));
                }
            }
            List<String> failed = new ArrayList<>();
            RuntimeException first = null;
            for (Map.Entry<EmbeddedService, Future<ConfigurableApplicationContext>> entry : started.entrySet()) {
                try {
                    this.contexts.put(entry.getKey().name(), entry.getValue().get());
                }
                catch (ExecutionException | InterruptedException ex) {
                    failed.add(entry.getKey().name());
                    Throwable cause = ex instanceof ExecutionException ? ex.getCause() : ex;
                    if (first == null) {
                        first = new IllegalStateException("Service " + entry.getKey().name() + " failed to start: " + cause.getMessage(), cause);
                    }
                }
            }
            if (first != null) {
                log.error("Services failed to start: {}; stopping the rest", failed);
                close();
                throw first;
            }
        }
    }

    private ConfigurableApplicationContext startOne(EmbeddedService service, List<String> shared) {
        MDC.put("serviceName", service.name());
        try {
            return new SpringApplicationBuilder(service.application())
                .registerShutdownHook(false)
                .run(arguments(service, shared).toArray(String[]::new));
        }
        finally {
            MDC.remove("serviceName");
        }
    }

    private List<String> arguments(EmbeddedService service, List<String> shared) {
        List<String> arguments = new ArrayList<>(shared);
        arguments.add("--spring.config.name=" + service.name());
        arguments.add("--" + ServiceAutoConfigurationFilter.SERVICE_PROPERTY + "=" + service.name());
        arguments.add("--server.port=" + service.port(this.settings.gatewayPort()));
        return arguments;
    }

    /**
     * The main class and arguments that start {@code service} as it would start here, for a service that runs
     * elsewhere ({@link Settings#runElsewhere}).
     */
    public ServiceLaunch argumentsFor(String service) {
        EmbeddedService known = EmbeddedService.ALL.stream()
            .filter(candidate -> candidate.name().equals(service))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no service " + service));
        return new ServiceLaunch(known.application().getName(), arguments(known, sharedArguments()));
    }

    /** How to start one service in a JVM of its own, on the platform's classpath. */
    public record ServiceLaunch(String mainClass, List<String> arguments) {
    }

    private List<String> sharedArguments() {
        int gateway = this.settings.gatewayPort();
        List<String> arguments = new ArrayList<>();
        arguments.add("--emporium.data-dir=" + this.settings.dataDirectory().toAbsolutePath());
        for (EmbeddedService service : EmbeddedService.ALL) {
            arguments.add("--spring.cloud.discovery.client.simple.instances." + service.name() + "[0].uri=http://localhost:"
                    + service.port(gateway));
            arguments.add("--emporium.storefront.ops.services." + service.name() + "[0]=http://localhost:" + service.port(gateway));
        }
        arguments.add("--emporium.identity.jwks-uri=http://localhost:" + port("identity", gateway)
                + "/.well-known/jwks.json");
        arguments.add("--emporium.storefront.api-base-url=http://localhost:" + gateway);
        arguments.add("--emporium.payments.provider.url=http://localhost:" + port("payment-provider", gateway));
        // The in-process message broker of this platform: another platform in the same JVM (tests) has its own.
        arguments.add("--emporium.messaging.in-process-broker=platform-" + gateway);
        arguments.addAll(demoDataArguments());
        arguments.addAll(this.settings.extraArguments());
        return arguments;
    }

    /**
     * The demo accounts, the demo catalog, its stock and its images (DESIGN §9), seeded on first start: embedded and
     * cluster mode only.
     */
    public static List<String> demoDataArguments() {
        return List.of("--emporium.identity.demo-users=true", "--emporium.catalog.demo-data=true",
                "--emporium.inventory.demo-stock=true", "--emporium.media.demo-images=true");
    }

    private static int port(String service, int gatewayPort) {
        return EmbeddedService.ALL.stream()
            .filter(candidate -> candidate.name().equals(service))
            .findFirst()
            .orElseThrow()
            .port(gatewayPort);
    }

    /** Stops the gateway first (no new traffic), then every other service, each with its graceful shutdown. */
    @Override
    public void close() {
        List<ConfigurableApplicationContext> running;
        synchronized (this.contexts) {
            running = new ArrayList<>(this.contexts.values());
            this.contexts.clear();
        }
        long start = System.nanoTime();
        for (ConfigurableApplicationContext context : running) {
            try {
                context.close();
            }
            catch (RuntimeException ex) {
                log.warn("Stopping {} failed", context.getId(), ex);
            }
        }
        if (!running.isEmpty()) {
            log.info("Stopped {} services in {} ms", running.size(), Duration.ofNanos(System.nanoTime() - start).toMillis());
        }
    }
}
