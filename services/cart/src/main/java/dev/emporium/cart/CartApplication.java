package dev.emporium.cart;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

@SpringBootApplication
public class CartApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(CartApplication.class).properties("spring.config.name=cart").run(args);
    }
}
