package dev.emporium.media.storage;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code emporium.media.storage.*}: which adapter keeps the bytes of uploaded images, and its settings (defaults in
 * {@code media.yml}).
 *
 * @param type the adapter: {@code local} (the only one built in); another adapter claims its own value, see the
 * package documentation
 * @param local the local adapter's settings
 */
@ConfigurationProperties("emporium.media.storage")
record StorageProperties(@DefaultValue("local") String type, @DefaultValue Local local) {

    /**
     * @param root the directory that holds the objects; created when missing. Shared by every instance of the
     * service when there are several (a shared volume), or each instance serves only what it stored itself.
     */
    record Local(@DefaultValue("./data/media/objects") Path root) {
    }
}
