package dev.emporium.cart;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CartConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
