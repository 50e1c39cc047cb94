package dev.emporium.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.emporium.embedded.EmbeddedPlatform;
import dev.emporium.embedded.EmbeddedService;
import dev.emporium.embedded.ServiceAutoConfigurationFilter;
import dev.emporium.cluster.infra.ClusterInfrastructure;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cluster mode on one machine: the data tier, every service as several JVMs of its own, nginx in front of the
 * gateways, all on loopback and kept running by a {@link Supervisor}, driven through a control API (for
 * {@code ./emporium cluster …} and the chaos suite). {@link #start} returns once every process is UP; {@link #close}
 * stops everything in order and leaves the state under {@code var} for the next start.
 *
 * <p>Callers find instances through {@code var/cluster/instances.json} (platform-web's file discovery), which lists
 * the instances that serve now; Prometheus through {@code var/cluster/targets.json}. Both are rewritten whenever an
 * instance joins or leaves, and the edge is reloaded when the serving gateways change.
 */
public final class Cluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Cluster.class);

    private static final int LOG_TAIL_LINES = 40;

    /**
     * How long a whole phase of the start may take (the data tier, the first instances, the others). Each process has a
     * start timeout of its own from the moment it begins ({@link #PROCESS_START_TIMEOUT}: killed and restarted after
     * it); a phase waits for queued starts too, and a busy machine makes every start slower.
     */
    static final Duration START_TIMEOUT = Duration.ofMinutes(10);

    static final Duration PROCESS_START_TIMEOUT = Duration.ofMinutes(5);

    /**
     * How long one server of the data tier may take to answer (RabbitMQ's first start takes about 30 s): one that
     * keeps dying at start, such as a node that cannot write its directory, fails the start instead of crash-looping.
     */
    static final Duration DATA_START_TIMEOUT = Duration.ofMinutes(3);

    private final ClusterSettings settings;

    private final PortPlan ports;

    private final Path var;

    private final Path repository;

    private final JsonMapper json = JsonMapper.builder().build();

    private final Supervisor supervisor;

    private final ClusterInfrastructure dataTier;

    private final List<Supervised> dataProcesses;

    private final Map<String, Duration> latencies = new ConcurrentHashMap<>();

    private final Map<String, FaultProxy> proxies = new ConcurrentHashMap<>();

    private final CompletableFuture<Void> terminated = new CompletableFuture<>();

    private final Thread closeOnExit = Thread.ofPlatform().unstarted(this::close);

    private @Nullable ServiceJvm jvm;

    private @Nullable Edge edge;

    private @Nullable ControlApi control;

    private List<Integer> edgeGateways = List.of();

    private boolean closed;

    private Cluster(ClusterSettings settings) {
        this.settings = settings;
        this.ports = new PortPlan(settings.basePort());
        this.var = settings.var();
        this.repository = repositoryRoot();
        this.supervisor = new Supervisor(Clock.systemUTC(), RestartPolicy.DEFAULT, PROCESS_START_TIMEOUT,
                this::membershipChanged);
        this.dataTier = new ClusterInfrastructure(this.var, settings.basePort());
        this.dataProcesses = List.copyOf(this.dataTier.processes());
    }

    /** Starts the whole cluster and returns once every process is UP; on failure stops what it started and throws. */
    public static Cluster start(ClusterSettings settings) {
        Cluster cluster = new Cluster(settings);
        Runtime.getRuntime().addShutdownHook(cluster.closeOnExit);
        try {
            cluster.startAll();
            return cluster;
        }
        catch (Exception ex) {
            log.error("The cluster did not start: {}", ex.getMessage());
            cluster.logWhyNotUp();
            cluster.close();
            if (ex instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("The cluster did not start: " + ex.getMessage(), ex);
        }
    }

    /** The end of the log of each process that is not UP, before the close removes a temporary var directory. */
    private void logWhyNotUp() {
        for (Supervisor.Status status : this.supervisor.statuses()) {
            Path file = this.var.resolve("log").resolve(status.name() + ".log");
            if (status.state() != Supervisor.State.UP && Files.isRegularFile(file)) {
                try {
                    List<String> lines = Files.readAllLines(file);
                    log.error("{} is {} after {} restarts; the end of {}:\n{}", status.name(), status.state(),
                            status.restarts(), file,
                            String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size())));
                }
                catch (IOException | RuntimeException ex) {
                    log.error("{} is {}; its log {} cannot be read: {}", status.name(), status.state(), file,
                            ex.toString());
                }
            }
        }
    }

    /** The control API, {@code http://127.0.0.1:<base+200>}. */
    public String controlUrl() {
        return "http://127.0.0.1:" + this.ports.control();
    }

    /** The edge, the cluster's public address. */
    public String edgeUrl() {
        return "http://127.0.0.1:" + this.settings.edgePort();
    }

    public ClusterSettings settings() {
        return this.settings;
    }

    /** Completes when the cluster has been closed (by {@link #close()} or {@code POST /shutdown}). */
    public CompletableFuture<Void> terminated() {
        return this.terminated;
    }

    private void startAll() throws Exception {
        long start = System.nanoTime();
        Files.createDirectories(this.var.resolve("cluster"));
        Files.createDirectories(this.var.resolve("log"));
        this.control = ControlApi.start(this, this.ports.control());
        writeJson("supervisor.json", Map.of("pid", ProcessHandle.current().pid(), "controlUrl", controlUrl(), "edgeUrl",
                edgeUrl()));
        this.jvm = ServiceJvm.of(this.var);
        writeFiles();

        log.info("Data tier: {}", this.dataProcesses.stream().map(Supervised::name).toList());
        for (Supervised process : this.dataProcesses) {
            this.supervisor.launch(process, null);
            this.supervisor.awaitUp(List.of(process.name()), DATA_START_TIMEOUT);
        }
        this.dataTier.prepare();
        this.jvm.prepareArchive(this.var);

        // The first instance of each service first: it migrates its schema and seeds the demo data alone.
        List<String> first = new ArrayList<>();
        for (EmbeddedService service : EmbeddedService.ALL) {
            first.add(launch(service, 1).name());
        }
        this.supervisor.awaitUp(first, START_TIMEOUT);
        List<String> others = new ArrayList<>();
        for (EmbeddedService service : EmbeddedService.ALL) {
            for (int i = 2; i <= this.settings.instancesOf(service); i++) {
                others.add(launch(service, i).name());
            }
        }
        this.supervisor.awaitUp(others, START_TIMEOUT);

        Edge edge = new Edge(this.settings.edgePort(), this.var, this.repository, this::gatewaysForEdge,
                ServiceInstance.gatewayMaxConcurrent());
        this.edge = edge;
        this.edgeGateways = gatewaysForEdge();
        this.supervisor.launch(edge, null);
        this.supervisor.awaitUp(List.of(edge.name()), Duration.ofSeconds(30));
        log.info("Cluster UP in {} s: {} processes, edge {}, control {}", (System.nanoTime() - start) / 1_000_000_000,
                this.supervisor.statuses().size(), edgeUrl(), controlUrl());
    }

    private ServiceInstance launch(EmbeddedService service, int instance) {
        ServiceInstance process = new ServiceInstance(service, instance, this.ports.service(service, instance),
                requireJvm(), arguments(service, instance), this.var.resolve("log"));
        this.supervisor.launch(process, service.name());
        return process;
    }

    private ServiceJvm requireJvm() {
        ServiceJvm jvm = this.jvm;
        if (jvm == null) {
            throw new IllegalStateException("not started");
        }
        return jvm;
    }

    /**
     * What embedded mode gives a service (its config name, the auto-configuration filter, its port, the demo data),
     * with file discovery instead of a static list and the edge's address where a service needs a public URL.
     */
    List<String> arguments(EmbeddedService service, int instance) {
        List<String> arguments = new ArrayList<>();
        arguments.add("--spring.config.name=" + service.name());
        arguments.add("--" + ServiceAutoConfigurationFilter.SERVICE_PROPERTY + "=" + service.name());
        arguments.add("--server.port=" + this.ports.service(service, instance));
        arguments.add("--server.address=127.0.0.1");
        // Files a service keeps besides its database (identity's JWT signing key, which all its instances share).
        arguments.add("--emporium.data-dir=" + this.var.resolve("data"));
        arguments.add("--emporium.discovery.file=" + this.var.resolve("cluster/instances.json"));
        // Instances come and go: a cached list would send calls to a dead one for the cache's lifetime.
        arguments.add("--spring.cloud.loadbalancer.cache.enabled=false");
        // The ops console's instances: every instance this cluster starts with (scaled ones are not listed).
        for (EmbeddedService other : EmbeddedService.ALL) {
            for (int i = 1; i <= this.settings.instancesOf(other); i++) {
                arguments.add("--emporium.storefront.ops.services." + other.name() + "[" + (i - 1) + "]=http://127.0.0.1:"
                        + this.ports.service(other, i));
            }
        }
        // Public addresses through the edge: the gateway routes /.well-known/** to identity's instances.
        arguments.add("--emporium.identity.jwks-uri=" + edgeUrl() + "/.well-known/jwks.json");
        arguments.add("--emporium.storefront.api-base-url=" + edgeUrl());
        // The payment provider by discovery, balanced over its instances.
        arguments.add("--emporium.payments.provider.url=http://payment-provider");
        arguments.addAll(EmbeddedPlatform.demoDataArguments());
        arguments.addAll(this.dataTier.serviceArguments());
        return arguments;
    }

    // ---- control operations (ControlApi) ----

    Supervisor supervisor() {
        return this.supervisor;
    }

    /** Adds or removes instances of {@code service} (the highest-numbered go first); returns its processes. */
    synchronized List<Supervisor.Status> scale(String service, int instances) {
        EmbeddedService known = PortPlan.service(service);
        PortPlan.checkInstances(instances);
        if (this.closed) {
            throw new IllegalStateException("the cluster is shutting down");
        }
        int current = instancesOf(service).size();
        for (int i = current + 1; i <= instances; i++) {
            launch(known, i);
        }
        for (int i = current; i > instances; i--) {
            String name = service + "-" + i;
            this.supervisor.remove(name);
            FaultProxy proxy = this.proxies.remove(name);
            if (proxy != null) {
                proxy.close();
            }
        }
        membershipChanged();
        return instancesOf(service);
    }

    /**
     * From now on callers reach {@code service}'s instances through fault proxies that delay their answers by
     * {@code delay}; zero takes the proxies away again.
     */
    synchronized void latency(String service, Duration delay) {
        PortPlan.service(service);
        if (delay.isNegative()) {
            throw new IllegalArgumentException("millis must not be negative");
        }
        this.latencies.remove(service);
        for (String name : List.copyOf(this.proxies.keySet())) {
            if (name.substring(0, name.lastIndexOf('-')).equals(service)) {
                this.proxies.remove(name).close();
            }
        }
        if (!delay.isZero()) {
            this.latencies.put(service, delay);
        }
        membershipChanged();
    }

    List<Supervisor.Status> instancesOf(String service) {
        return this.supervisor.statuses().stream().filter(status -> service.equals(status.service())).toList();
    }

    Map<String, Integer> faultProxyPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        this.proxies.forEach((name, proxy) -> ports.put(name, proxy.port()));
        return ports;
    }

    // ---- discovery, Prometheus and the edge follow the instances ----

    private void membershipChanged() {
        try {
            writeFiles();
            Edge edge = this.edge;
            List<Integer> gateways = gatewaysForEdge();
            if (edge != null && !gateways.equals(this.edgeGateways)) {
                this.edgeGateways = gateways;
                edge.reload();
                log.info("Edge reloaded: gateways on {}", gateways);
            }
        }
        catch (IOException ex) {
            log.warn("Cannot write the cluster's files", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The gateways for the edge: those that serve and pass their health checks. nginx is told to never leave a
     * gateway out on its own (max_fails=0, deploy/local/edge.conf.template), so a gateway that hangs must leave the
     * list here. While none passes, every one that serves, and while none serves, all (nginx needs one server).
     */
    private List<Integer> gatewaysForEdge() {
        List<Supervised> ready = this.supervisor.ready().stream().filter(process -> isInstanceOf(process, "gateway")).toList();
        return (ready.isEmpty() ? reachable("gateway") : ready).stream().map(Supervised::port).sorted().toList();
    }

    /** Instances of {@code service} that serve now; all of its instances while none does. */
    private List<Supervised> reachable(String service) {
        List<Supervised> serving = this.supervisor.serving().stream().filter(process -> isInstanceOf(process, service)).toList();
        if (!serving.isEmpty()) {
            return serving;
        }
        return this.supervisor.processes().stream().filter(process -> isInstanceOf(process, service)).toList();
    }

    private static boolean isInstanceOf(Supervised process, String service) {
        return process instanceof ServiceInstance instance && instance.service().name().equals(service);
    }

    private synchronized void writeFiles() throws IOException {
        Map<String, List<String>> instances = new LinkedHashMap<>();
        List<Map<String, Object>> targets = new ArrayList<>();
        Set<String> live = new HashSet<>();
        for (EmbeddedService service : EmbeddedService.ALL) {
            List<Supervised> reachable = reachable(service.name());
            List<String> urls = new ArrayList<>();
            if (reachable.isEmpty()) {
                // Not launched yet: where it will listen.
                for (int i = 1; i <= this.settings.instancesOf(service); i++) {
                    urls.add("http://127.0.0.1:" + this.ports.service(service, i));
                }
            }
            Duration delay = this.latencies.get(service.name());
            for (Supervised process : reachable) {
                live.add(process.name());
                urls.add("http://127.0.0.1:" + (delay == null ? process.port() : proxyFor(process, delay).port()));
            }
            instances.put(service.name(), urls);
            List<String> scraped = this.supervisor.processes().stream()
                .filter(process -> isInstanceOf(process, service.name()))
                .map(process -> "127.0.0.1:" + process.port())
                .toList();
            if (!scraped.isEmpty()) {
                targets.add(Map.of("targets", scraped, "labels", Map.of("service", service.name())));
            }
        }
        writeJson("instances.json", instances);
        writeJson("targets.json", targets);
    }

    private FaultProxy proxyFor(Supervised process, Duration delay) throws IOException {
        FaultProxy existing = this.proxies.get(process.name());
        if (existing != null) {
            return existing;
        }
        Set<Integer> taken = new HashSet<>();
        this.proxies.values().forEach(proxy -> taken.add(proxy.port()));
        for (int n = 0; ; n++) {
            int port = this.ports.faultProxy(n);
            if (!taken.contains(port)) {
                FaultProxy proxy = FaultProxy.start(port, process.port(), delay);
                this.proxies.put(process.name(), proxy);
                log.info("Fault proxy on {} in front of {} ({} ms)", port, process.name(), delay.toMillis());
                return proxy;
            }
        }
    }

    private void writeJson(String name, Object value) throws IOException {
        Path file = this.var.resolve("cluster").resolve(name);
        Path next = file.resolveSibling(name + ".next");
        Files.writeString(next, this.json.writerWithDefaultPrettyPrinter().writeValueAsString(value));
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    // ---- shutdown ----

    /** Asks for an orderly shutdown from another thread (the control API answers first). */
    void shutdownSoon() {
        Thread.ofPlatform().name("cluster-shutdown").start(this::close);
    }

    /** Stops the edge, the gateways, the other services, then the data tier; nothing is left running. */
    @Override
    public void close() {
        synchronized (this) {
            if (this.closed) {
                return;
            }
            this.closed = true;
        }
        long start = System.nanoTime();
        try {
            List<String> gateways = names(instancesOf("gateway"));
            List<String> services = this.supervisor.statuses().stream()
                .filter(status -> status.service() != null && !"gateway".equals(status.service()))
                .map(Supervisor.Status::name)
                .toList();
            if (this.supervisor.has("edge")) {
                this.supervisor.stopAll(List.of("edge"));
            }
            this.supervisor.stopAll(gateways);
            this.supervisor.stopAll(services);
            List<Supervised> data = new ArrayList<>(this.dataProcesses);
            java.util.Collections.reverse(data);
            for (Supervised process : data) {
                if (this.supervisor.has(process.name())) {
                    this.supervisor.stopAll(List.of(process.name()));
                }
            }
            // Anything else under supervision (nothing, unless a start failed half-way).
            this.supervisor.stopAll(names(this.supervisor.statuses()));
        }
        finally {
            this.supervisor.close();
            this.proxies.values().forEach(FaultProxy::close);
            this.proxies.clear();
            ControlApi control = this.control;
            if (control != null) {
                control.stop();
            }
            try {
                Files.deleteIfExists(this.var.resolve("cluster/supervisor.json"));
            }
            catch (IOException ex) {
                log.warn("Cannot delete supervisor.json", ex);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(this.closeOnExit);
            }
            catch (IllegalStateException ex) {
                // Closing from the hook itself.
            }
            log.info("Cluster stopped in {} ms", (System.nanoTime() - start) / 1_000_000);
            this.terminated.complete(null);
        }
    }

    private static List<String> names(Collection<Supervisor.Status> statuses) {
        return statuses.stream().map(Supervisor.Status::name).toList();
    }

    /**
     * The repository (its {@code deploy/} directory holds the edge's configuration): {@code emporium.home} if set,
     * else the nearest directory up from the working directory that has {@code deploy/local}.
     */
    static Path repositoryRoot() {
        String home = System.getProperty("emporium.home");
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/local/edge.conf.template"))) {
                return dir;
            }
        }
        throw new IllegalStateException("deploy/local/edge.conf.template not found above " + Path.of("").toAbsolutePath()
                + " (set -Demporium.home to the repository)");
    }
}
