package dev.emporium.media.demo;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;

import dev.emporium.democatalog.DemoCatalog;
import dev.emporium.democatalog.DemoProduct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores the image of every demo product under the file name the demo catalog links to, when the images table is
 * empty (first start of embedded mode). One batched transaction; rows that appeared meanwhile (another instance
 * seeding the same database) are skipped, not failed on.
 */
@Component
@ConditionalOnBooleanProperty("emporium.media.demo-images")
class DemoImageSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoImageSeeder.class);

    private final JdbcTemplate jdbc;

    private final TransactionTemplate transaction;

    private final Clock clock;

    DemoImageSeeder(JdbcTemplate jdbc, TransactionTemplate transaction, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        Integer existing = this.jdbc.queryForObject("select count(*) from images", Integer.class);
        if (existing != null && existing > 0) {
            return;
        }
        long started = System.nanoTime();
        DemoCatalog demo = DemoCatalog.standard();
        OffsetDateTime now = OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC);
        List<DemoProduct> products = demo.products();
        this.transaction.executeWithoutResult(status -> this.jdbc.batchUpdate("""
                insert into images (file_name, content_type, content, sha256, size_bytes, created_at)
                values (?, 'image/svg+xml', ?, ?, ?, ?) on conflict do nothing
                """, products, 200, (statement, product) -> {
                    byte[] image = demo.image(product);
                    statement.setString(1, demo.imageFileName(product));
                    statement.setBytes(2, image);
                    statement.setString(3, sha256(image));
                    statement.setInt(4, image.length);
                    statement.setObject(5, now);
                }));
        log.info("Seeded the demo images of {} products in {} ms", products.size(), (System.nanoTime() - started) / 1_000_000);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required of every JVM", ex);
        }
    }
}
