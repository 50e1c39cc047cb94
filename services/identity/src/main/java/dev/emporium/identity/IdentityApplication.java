package dev.emporium.identity;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

@SpringBootApplication
public class IdentityApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(IdentityApplication.class).properties("spring.config.name=identity").run(args);
    }
}
