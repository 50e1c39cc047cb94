package dev.emporium.media.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Picks the image storage adapter named by {@code emporium.media.storage.type}. Each adapter's bean is conditional on
 * its own value; a value no adapter claims leaves no {@link ImageStorage} and the service refuses to start.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StorageProperties.class)
class StorageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StorageConfiguration.class);

    @Bean
    @ConditionalOnProperty(name = "emporium.media.storage.type", havingValue = "local", matchIfMissing = true)
    ImageStorage localImageStorage(StorageProperties properties) {
        LocalImageStorage storage = new LocalImageStorage(properties.local().root());
        log.info("Image bytes in the {}", storage);
        return storage;
    }
}
