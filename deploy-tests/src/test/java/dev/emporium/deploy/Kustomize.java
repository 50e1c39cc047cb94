package dev.emporium.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.yaml.snakeyaml.Yaml;

/**
 * Renders deploy/k8s's overlays with kubectl's built-in kustomize (kubectl 1.35, installed by deploy-tests/kubectl.sh)
 * into plain objects. The overlays' secret generators read files that are never committed: a render works on a copy
 * of deploy/k8s in which each {@code *.example} file stands in for the file it is an example of.
 */
final class Kustomize {

    static final List<String> OVERLAYS = List.of("dev", "prod");

    private static final Map<String, List<Map<String, Object>>> RENDERED = new ConcurrentHashMap<>();

    private static Path copy;

    private Kustomize() {
    }

    static String kubectl() {
        return Processes.run(Repository.ROOT, List.of("bash", "deploy-tests/kubectl.sh")).strip();
    }

    /** The overlay's objects, rendered once per test run. */
    static List<Map<String, Object>> render(String overlay) {
        return RENDERED.computeIfAbsent(overlay, name -> parse(Processes.run(Repository.ROOT,
                List.of(kubectl(), "kustomize", workingCopy().resolve("overlays").resolve(name).toString()))));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> parse(String yaml) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : new Yaml().loadAll(yaml)) {
            if (document != null) {
                objects.add((Map<String, Object>) document);
            }
        }
        return objects;
    }

    private static synchronized Path workingCopy() {
        if (copy != null) {
            return copy;
        }
        try {
            Path source = Repository.ROOT.resolve("deploy/k8s");
            Path target = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "k8s");
            Files.walkFileTree(source, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) throws IOException {
                    Files.createDirectories(target.resolve(source.relativize(directory)));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    String name = file.getFileName().toString();
                    Path relative = source.relativize(file);
                    if (name.endsWith(".example")) {
                        Files.copy(file, target.resolve(relative).resolveSibling(name.substring(0, name.length() - 8)),
                                StandardCopyOption.REPLACE_EXISTING);
                    }
                    else if (!Files.exists(file.resolveSibling(name + ".example"))) {
                        Files.copy(file, target.resolve(relative), StandardCopyOption.REPLACE_EXISTING);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
            copy = target;
            return target;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
