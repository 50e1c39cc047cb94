package dev.emporium.media.image;

import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The images table. */
@Repository
class Images {

    private final JdbcClient jdbc;

    Images(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<StoredImage> find(String fileName) {
        return this.jdbc.sql("select file_name, content_type, content, sha256, created_at from images where file_name = :fileName")
            .param("fileName", fileName)
            .query((rs, row) -> new StoredImage(rs.getString("file_name"), rs.getString("content_type"),
                    rs.getBytes("content"), rs.getString("sha256"),
                    rs.getObject("created_at", OffsetDateTime.class).toInstant()))
            .optional();
    }
}
