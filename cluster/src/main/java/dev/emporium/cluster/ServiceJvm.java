package dev.emporium.cluster;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.emporium.embedded.EmbeddedService;
import dev.emporium.embedded.ServiceAutoConfigurationFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a service JVM is started: this JVM's java and classpath, and options that make it start fast and small
 * (DESIGN §3.1; a killed instance must serve again within 10 s on two busy cores): serial GC, C1 only, small stacks,
 * a modest heap, and an ahead-of-time cache (JDK 25, JEPs 483, 514 and 515: the classes a service loads, already
 * parsed and linked, with method profiles) shared by all service JVMs. Measured on one service here: 7 s to start
 * without it, 4.7 s with an AppCDS archive, 3.2 s with the AOT cache.
 *
 * <p>The cache is made once, under {@code var/cluster/cds}, named after a hash of the classpath (a rebuilt jar is
 * a new archive), by one training JVM that starts the catalog service on a throw-away H2 database and exits once its
 * context has refreshed ({@code spring.context.exit=onRefresh}, Spring's own way to train such caches). Training before
 * anything else runs means no two JVMs ever write it, and every JVM only reads it. The cache, like CDS, refuses classpaths with
 * non-empty directories, so the services get the jars of this classpath only (the supervisor's own classes and a
 * test's classes are not theirs); if a service's classes are a directory (a reactor build), all of it and no archive.
 */
final class ServiceJvm {

    private static final Logger log = LoggerFactory.getLogger(ServiceJvm.class);

    static final List<String> OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xms64m",
            "-Xmx256m", "-XX:ReservedCodeCacheSize=64m", "-XX:+ExitOnOutOfMemoryError", "-Xlog:cds=off",
            "-Xlog:aot=off", "-Djava.security.egd=file:/dev/urandom");

    private final String java;

    private final String classpath;

    private final boolean cds;

    private final Path archive;

    private final Path loggingConfig;

    private ServiceJvm(String java, String classpath, boolean cds, Path archive, Path loggingConfig) {
        this.java = java;
        this.classpath = classpath;
        this.cds = cds;
        this.archive = archive;
        this.loggingConfig = loggingConfig;
    }

    /** This JVM's java and classpath, state under {@code var}. */
    static ServiceJvm of(Path var) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> entries = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !entry.isBlank() && Files.exists(Path.of(entry)))
            .toList();
        boolean servicesInDirectories = EmbeddedService.ALL.stream().anyMatch(service -> Files.isDirectory(location(service.application())));
        List<String> jars = servicesInDirectories ? entries
                : entries.stream().filter(entry -> !Files.isDirectory(Path.of(entry))).toList();
        String classpath = String.join(File.pathSeparator, jars);
        Path cdsDirectory = var.resolve("cluster/cds");
        Files.createDirectories(cdsDirectory);
        Path archive = cdsDirectory.resolve("services-" + hash(classpath) + ".aot");
        Path loggingConfig = var.resolve("cluster/logback-service.xml");
        try (InputStream config = ServiceJvm.class.getResourceAsStream("logback-service.xml")) {
            Files.copy(config, loggingConfig, StandardCopyOption.REPLACE_EXISTING);
        }
        if (servicesInDirectories) {
            log.info("Service classes are directories (a reactor build): service JVMs run without an AOT cache");
        }
        return new ServiceJvm(java, classpath, !servicesInDirectories, archive, loggingConfig);
    }

    /** {@code java <options> -cp <classpath> <mainClass> <arguments>}. */
    List<String> command(String mainClass, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(this.java);
        command.addAll(OPTIONS);
        if (this.cds && Files.exists(this.archive)) {
            command.add("-XX:AOTCache=" + this.archive);
        }
        command.add("-cp");
        command.add(this.classpath);
        command.add(mainClass);
        command.addAll(arguments);
        command.add("--logging.config=" + this.loggingConfig);
        return command;
    }

    /** Trains the AOT cache if this classpath has none yet (about 25 s, once); without one, JVMs start slower. */
    void prepareArchive(Path var) throws IOException, InterruptedException {
        if (!this.cds || Files.exists(this.archive)) {
            return;
        }
        long start = System.nanoTime();
        Path scratch = Files.createTempDirectory(var.resolve("cluster/cds"), "training");
        Path training = scratch.resolve("services.aot");
        EmbeddedService catalog = PortPlan.service("catalog");
        List<String> command = new ArrayList<>();
        command.add(this.java);
        command.addAll(OPTIONS);
        command.addAll(List.of("-XX:AOTCacheOutput=" + training, "-Dspring.context.exit=onRefresh", "-cp",
                this.classpath, catalog.application().getName(), "--spring.config.name=catalog",
                "--" + ServiceAutoConfigurationFilter.SERVICE_PROPERTY + "=catalog", "--server.port=0",
                "--emporium.data-dir=" + scratch.resolve("data"), "--logging.config=" + this.loggingConfig));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(var.resolve("log/cds-training.log").toFile())
            .start();
        try {
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
            if (Files.exists(training)) {
                Files.move(training, this.archive, StandardCopyOption.ATOMIC_MOVE);
                log.info("AOT cache {} made in {} ms", this.archive.getFileName(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
            else {
                log.warn("No AOT cache made (see {}): service JVMs start slower", var.resolve("log/cds-training.log"));
            }
        }
        finally {
            process.destroyForcibly();
            deleteTree(scratch);
        }
    }

    private static Path location(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        try {
            return source == null ? Path.of("") : Path.of(source.getLocation().toURI());
        }
        catch (URISyntaxException ex) {
            return Path.of("");
        }
    }

    private static String hash(String classpath) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String entry : classpath.split(File.pathSeparator)) {
                Path path = Path.of(entry);
                digest.update((entry + "@" + Files.getLastModifiedTime(path).toMillis() + "#" + Files.size(path) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            }
            digest.update(System.getProperty("java.vm.version").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        }
        catch (NoSuchAlgorithmException | IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
