package dev.emporium.inventory;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

@SpringBootApplication
public class InventoryApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(InventoryApplication.class).properties("spring.config.name=inventory").run(args);
    }
}
