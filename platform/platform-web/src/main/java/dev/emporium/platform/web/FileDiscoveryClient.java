package dev.emporium.platform.web;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.core.Ordered;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Discovery from a JSON file that cluster mode's supervisor keeps up to date ({@code emporium.discovery.file}):
 * {@code {"catalog":["http://127.0.0.1:9130","http://127.0.0.1:9131"], …}}. Instances come and go (a restart, a
 * scale, a latency fault's proxies) without restarting anyone: the file is looked at again when a lookup comes more
 * than {@link #RECHECK_MILLIS} after the last look, and read again only when its modification time or size changed.
 * The supervisor replaces the file in one rename, so a half-written file is never read; a file that cannot be read or
 * parsed keeps the last good list (a wrong list is worse than an old one).
 *
 * <p>It comes before the static list of {@code spring.cloud.discovery.client.simple.instances} (which the services'
 * own files carry for embedded mode): a service the file names is found here, any other there.
 */
final class FileDiscoveryClient implements DiscoveryClient {

    static final long RECHECK_MILLIS = 1000;

    private static final Logger log = LoggerFactory.getLogger(FileDiscoveryClient.class);

    private static final TypeReference<Map<String, List<String>>> FORMAT = new TypeReference<>() {
    };

    private final Path file;

    private final Clock clock;

    private final JsonMapper json = JsonMapper.builder().build();

    private volatile Map<String, List<ServiceInstance>> instances = Map.of();

    private long lastCheck;

    private @Nullable Object lastVersion;

    FileDiscoveryClient(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
        this.lastCheck = clock.millis();
        refresh();
    }

    @Override
    public String description() {
        return "Instances from " + this.file;
    }

    @Override
    public List<ServiceInstance> getInstances(String serviceId) {
        recheckIfDue();
        return this.instances.getOrDefault(serviceId, List.of());
    }

    @Override
    public List<String> getServices() {
        recheckIfDue();
        return List.copyOf(this.instances.keySet());
    }

    /** Before the static list of simple discovery (order 0). */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    private void recheckIfDue() {
        long now = this.clock.millis();
        synchronized (this) {
            if (now - this.lastCheck < RECHECK_MILLIS) {
                return;
            }
            this.lastCheck = now;
        }
        refresh();
    }

    private synchronized void refresh() {
        Object version;
        try {
            BasicFileAttributes attributes = Files.readAttributes(this.file, BasicFileAttributes.class);
            version = List.of(attributes.lastModifiedTime(), attributes.size(), Objects.toString(attributes.fileKey()));
        }
        catch (NoSuchFileException ex) {
            version = "absent";
        }
        catch (IOException ex) {
            log.warn("Cannot look at the discovery file {}: {}", this.file, ex.toString());
            return;
        }
        if (version.equals(this.lastVersion)) {
            return;
        }
        try {
            this.instances = "absent".equals(version) ? Map.of() : read();
            this.lastVersion = version;
            log.info("Discovery file {} read: {}", this.file, this.instances.keySet());
        }
        catch (IOException | JacksonException | IllegalArgumentException ex) {
            // Told once per version of the file, not at every look.
            this.lastVersion = version;
            log.warn("Cannot read the discovery file {}, keeping the last list: {}", this.file, ex.toString());
        }
    }

    private Map<String, List<ServiceInstance>> read() throws IOException {
        Map<String, List<String>> urls = this.json.readValue(Files.readString(this.file), FORMAT);
        Map<String, List<ServiceInstance>> read = new LinkedHashMap<>();
        urls.forEach((service, list) -> {
            List<ServiceInstance> found = new ArrayList<>();
            for (String url : list) {
                URI uri = URI.create(url);
                if (uri.getHost() == null || uri.getPort() < 0) {
                    throw new IllegalArgumentException("not http://host:port: " + url);
                }
                found.add(new DefaultServiceInstance(service + "@" + uri.getHost() + ":" + uri.getPort(), service,
                        uri.getHost(), uri.getPort(), "https".equals(uri.getScheme())));
            }
            read.put(service, List.copyOf(found));
        });
        return Map.copyOf(read);
    }
}
