package dev.emporium.payments;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

@SpringBootApplication
public class PaymentsApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(PaymentsApplication.class).properties("spring.config.name=payments").run(args);
    }
}
