package dev.emporium.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Builds the image context of one service as deploy/docker/Dockerfile does, without Docker: the jar its COPY names
 * (the build's own exec jar of payment-provider), extracted by the Dockerfile's own RUN line, then checks that the
 * layers it copies are the jar's layers, in the jar's order, and that its ENTRYPOINT starts what they hold.
 */
class ImageContextTests {

    private static final String SERVICE = "payment-provider";

    @Test
    void theDockerfileCopiesTheLayersOfTheJarTheBuildMakesAndRunsIt(@TempDir Path build) throws IOException {
        String dockerfile = Files.readString(Repository.ROOT.resolve("deploy/docker/Dockerfile"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        // COPY services/${SERVICE}/target/${SERVICE}-*-exec.jar application.jar: exactly one jar of the build.
        Matcher copy = Pattern.compile("(?m)^COPY (services/\\$\\{SERVICE}/target/\\S+) (\\S+)$").matcher(dockerfile);
        assertThat(copy.find()).as("the COPY of the service's jar").isTrue();
        String glob = copy.group(1).replace("${SERVICE}", SERVICE);
        List<Path> jars;
        try (Stream<Path> files = Files.list(Repository.ROOT.resolve("services").resolve(SERVICE).resolve("target"))) {
            var matcher = Repository.ROOT.getFileSystem().getPathMatcher("glob:" + Repository.ROOT.resolve(glob));
            jars = files.filter(matcher::matches).toList();
        }
        assertThat(jars).as(glob).hasSize(1);
        Files.copy(jars.getFirst(), build.resolve(copy.group(2)));

        // The RUN line as the Dockerfile has it, with this JDK's java.
        Matcher run = Pattern.compile("(?m)^RUN java (-Djarmode=tools .*)$").matcher(dockerfile);
        assertThat(run.find()).isTrue();
        List<String> extract = new ArrayList<>(List.of(java));
        extract.addAll(Arrays.asList(run.group(1).split(" ")));
        Processes.run(build, extract);

        // The layers, as the jar lists them, are what the Dockerfile copies, in that order.
        List<String> layers = Processes.run(build, List.of(java, "-Djarmode=tools", "-jar", "application.jar", "list-layers"))
            .lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        List<String> copied = Pattern.compile("(?m)^COPY --from=layers /build/extracted/([a-z-]+)/ \\./$").matcher(dockerfile)
            .results().map(match -> match.group(1)).toList();
        assertThat(copied).isEqualTo(layers).containsExactly("dependencies", "spring-boot-loader",
                "snapshot-dependencies", "application");

        // Merge the layers as the image's /app, then check the entrypoint: java -jar application.jar.
        Path app = Files.createDirectories(build.resolve("app"));
        for (String layer : copied) {
            Path source = build.resolve("extracted").resolve(layer);
            assertThat(source).isDirectory();
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path target = app.resolve(source.relativize(file).toString());
                    assertThat(target).as("two layers hold " + target).doesNotExist();
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target);
                }
            }
        }
        Matcher entrypoint = Pattern.compile("(?m)^ENTRYPOINT \\[\"java\", \"-jar\", \"([^\"]+)\"]$").matcher(dockerfile);
        assertThat(entrypoint.find()).isTrue();
        Path launched = app.resolve(entrypoint.group(1));
        assertThat(launched).isRegularFile();
        try (JarFile jar = new JarFile(launched.toFile())) {
            Manifest manifest = jar.getManifest();
            assertThat(manifest.getMainAttributes().getValue("Main-Class"))
                .isEqualTo("dev.emporium.provider.PaymentProviderApplication");
            String[] classPath = manifest.getMainAttributes().getValue("Class-Path").split(" ");
            assertThat(classPath).hasSizeGreaterThan(20);
            for (String entry : classPath) {
                assertThat(app.resolve(entry)).as(entry).isRegularFile();
            }
            assertThat(Arrays.stream(classPath)).anyMatch(entry -> entry.contains("platform-web-"));
            assertThat(jar.getEntry("payment-provider.yml")).isNotNull();
        }
        // The user the image runs as is numeric (runAsNonRoot can check it) and is the one the manifests expect.
        assertThat(dockerfile).containsPattern("(?m)^USER 10001:10001$");
        assertThat(dockerfile).contains("SPRING_CONFIG_NAME=${SERVICE}");
    }
}
