package dev.emporium.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.emporium.embedded.EmbeddedPlatform;
import dev.emporium.testsupport.FreePorts;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The embedded platform under test, on free loopback ports and its own data directory. {@link Extension} starts
 * one for the whole test run and stops it when the run ends; test classes get it injected with
 * {@code @ExtendWith(RunningPlatform.Extension.class)}.
 */
final class RunningPlatform implements AutoCloseable {

    private final EmbeddedPlatform platform;

    private final Path dataDirectory;

    private RunningPlatform(EmbeddedPlatform platform, Path dataDirectory) {
        this.platform = platform;
        this.dataDirectory = dataDirectory;
    }

    static RunningPlatform start(Path dataDirectory) {
        return new RunningPlatform(EmbeddedPlatform.start(new EmbeddedPlatform.Settings(dataDirectory, FreePorts.range(EmbeddedPlatform.SERVICE_COUNT), List.of())),
                dataDirectory);
    }

    String gatewayUrl() {
        return this.platform.gatewayUrl();
    }

    /** Each service's own base URL (bypassing the gateway), by service name. */
    java.util.Map<String, String> serviceUrls() {
        return this.platform.serviceUrls();
    }

    Path dataDirectory() {
        return this.dataDirectory;
    }

    @Override
    public void close() {
        this.platform.close();
    }

    /** Injects the run's shared platform, starting it on first use. */
    static final class Extension implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == RunningPlatform.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(RunningPlatform.class, key -> {
                    try {
                        return start(Files.createTempDirectory("emporium-system-test"));
                    }
                    catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                }, RunningPlatform.class);
        }
    }
}
