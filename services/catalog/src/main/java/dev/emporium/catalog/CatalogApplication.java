package dev.emporium.catalog;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

@SpringBootApplication
public class CatalogApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(CatalogApplication.class).properties("spring.config.name=catalog").run(args);
    }
}
