package dev.emporium.payments;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PaymentsConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
