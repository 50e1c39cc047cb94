package dev.emporium.media.upload;

import jakarta.servlet.MultipartConfigElement;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.servlet.MultipartConfigFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UploadProperties.class)
class UploadConfiguration {

    /** Room above {@code max-bytes} for the multipart framing, and for files just over the limit (see below). */
    static final DataSize MULTIPART_MARGIN = DataSize.ofMegabytes(1);

    /**
     * The servlet container's multipart limits, derived from {@code emporium.media.upload.max-bytes} (replacing
     * {@code spring.servlet.multipart.max-*}, whose 1 MB default would refuse most photos). They sit a margin above it,
     * so a file a little too large reaches the upload code and gets its precise 413 problem (size and limit); one far
     * too large is cut off by the container while it is read, still answered with a 413 problem by the platform.
     */
    @Bean
    MultipartConfigElement multipartConfigElement(UploadProperties properties) {
        DataSize limit = DataSize.ofBytes(properties.maxBytes().toBytes() + MULTIPART_MARGIN.toBytes());
        MultipartConfigFactory factory = new MultipartConfigFactory();
        factory.setMaxFileSize(limit);
        factory.setMaxRequestSize(limit);
        return factory.createMultipartConfig();
    }
}
