package dev.emporium.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository these tests check: its root, and the service modules its root POM lists. */
final class Repository {

    static final Path ROOT = findRoot();

    private Repository() {
    }

    /** Every {@code services/<name>} module of the root POM, by name: the images that may exist. */
    static List<String> serviceModules() {
        try {
            String pom = Files.readString(ROOT.resolve("pom.xml"));
            Matcher modules = Pattern.compile("<module>services/([a-z0-9-]+)</module>").matcher(pom);
            return modules.results().map(match -> match.group(1)).toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static Path findRoot() {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null) {
            if (Files.isRegularFile(directory.resolve("emporium")) && Files.isDirectory(directory.resolve("deploy"))) {
                return directory;
            }
            directory = directory.getParent();
        }
        throw new IllegalStateException("not inside the Emporium repository: " + Path.of("").toAbsolutePath());
    }
}
