package dev.emporium.storefront;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

@SpringBootApplication
public class StorefrontApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(StorefrontApplication.class).properties("spring.config.name=storefront").run(args);
    }
}
