package dev.emporium.media;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

@SpringBootApplication
public class MediaApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(MediaApplication.class).properties("spring.config.name=media").run(args);
    }
}
