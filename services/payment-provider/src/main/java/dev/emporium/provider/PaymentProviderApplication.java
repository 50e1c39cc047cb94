package dev.emporium.provider;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

@SpringBootApplication
public class PaymentProviderApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(PaymentProviderApplication.class).properties("spring.config.name=payment-provider")
            .run(args);
    }
}
