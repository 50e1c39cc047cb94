package dev.emporium.notifications;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

@SpringBootApplication
public class NotificationsApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(NotificationsApplication.class).properties("spring.config.name=notifications")
            .run(args);
    }
}
