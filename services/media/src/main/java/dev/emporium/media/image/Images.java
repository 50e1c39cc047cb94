package dev.emporium.media.image;

import java.time.OffsetDateTime;
import java.util.Optional;

import dev.emporium.media.storage.ImageStorage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The servable images by file name: their description in the images table, their bytes either inline in that table
 * (the demo SVGs) or in the {@link ImageStorage} under the row's storage key (uploaded variants).
 */
@Repository
class Images {

    private static final Logger log = LoggerFactory.getLogger(Images.class);

    private final JdbcClient jdbc;

    private final ImageStorage storage;

    Images(JdbcClient jdbc, ImageStorage storage) {
        this.jdbc = jdbc;
        this.storage = storage;
    }

    Optional<StoredImage> find(String fileName) {
        return this.jdbc
            .sql("select file_name, content_type, content, storage_key, sha256, created_at from images where file_name = :fileName")
            .param("fileName", fileName)
            .query((rs, row) -> new Row(rs.getString("file_name"), rs.getString("content_type"), rs.getBytes("content"),
                    rs.getString("storage_key"), rs.getString("sha256"), rs.getObject("created_at", OffsetDateTime.class)))
            .optional()
            .flatMap(this::withContent);
    }

    private Optional<StoredImage> withContent(Row row) {
        byte[] content = row.content();
        if (content == null && row.storageKey() != null) {
            content = this.storage.get(row.storageKey()).orElse(null);
            if (content == null) {
                // Uploads store bytes before they commit rows, so this is a lost object (a wiped volume), not a race.
                log.warn("Image {} is described but its bytes are missing from the storage at {}", row.fileName(), row.storageKey());
            }
        }
        return content == null ? Optional.empty()
                : Optional.of(new StoredImage(row.fileName(), row.contentType(), content, row.sha256(), row.createdAt().toInstant()));
    }

    private record Row(String fileName, String contentType, byte @Nullable [] content, @Nullable String storageKey,
            String sha256, OffsetDateTime createdAt) {
    }
}
