package dev.emporium.orders;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

@SpringBootApplication
public class OrdersApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(OrdersApplication.class).properties("spring.config.name=orders").run(args);
    }
}
