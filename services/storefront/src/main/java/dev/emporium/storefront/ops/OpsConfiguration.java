package dev.emporium.storefront.ops;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OpsProperties.class)
class OpsConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
