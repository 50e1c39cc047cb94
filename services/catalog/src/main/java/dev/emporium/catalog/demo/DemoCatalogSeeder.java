package dev.emporium.catalog.demo;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.util.List;

import dev.emporium.democatalog.DemoCatalog;
import dev.emporium.democatalog.DemoCategory;
import dev.emporium.democatalog.DemoProduct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads the demo catalog into an empty database. Runs before the service reports ready, and only once: a restart
 * finds the categories and leaves everything (including the admin's edits) as it is.
 */
@Component
@ConditionalOnBooleanProperty("emporium.catalog.demo-data")
class DemoCatalogSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoCatalogSeeder.class);

    private final JdbcTemplate jdbc;

    private final TransactionTemplate transaction;

    private final JsonMapper json;

    private final Clock clock;

    DemoCatalogSeeder(JdbcTemplate jdbc, TransactionTemplate transaction, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        Integer existing = this.jdbc.queryForObject("select count(*) from categories", Integer.class);
        if (existing != null && existing > 0) {
            return;
        }
        DemoCatalog demo = DemoCatalog.standard();
        Timestamp now = Timestamp.from(this.clock.instant());
        this.transaction.executeWithoutResult(status -> {
            List<DemoCategory> categories = demo.categories();
            this.jdbc.batchUpdate("insert into categories (id, slug, name, tagline, position) values (?, ?, ?, ?, ?)",
                    categories, 100, (statement, category) -> {
                        statement.setString(1, category.id());
                        statement.setString(2, category.slug());
                        statement.setString(3, category.name());
                        statement.setString(4, category.tagline());
                        statement.setInt(5, categories.indexOf(category));
                    });
            this.jdbc.batchUpdate("""
                    insert into products (id, sku, name, description, category_id, price_minor, currency, image_url,
                                          attributes, popularity, active, updated_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true, ?)
                    """, demo.products(), 500, (statement, product) -> {
                        statement.setString(1, product.id());
                        statement.setString(2, product.sku());
                        statement.setString(3, product.name());
                        statement.setString(4, product.description());
                        statement.setString(5, product.categoryId());
                        statement.setLong(6, product.priceMinor());
                        statement.setString(7, product.currency());
                        statement.setString(8, demo.imagePath(product));
                        // Untyped, so PostgreSQL reads the text as the column's jsonb and H2 stores it in its text column.
                        statement.setObject(9, this.json.writeValueAsString(product.attributes()), Types.OTHER);
                        statement.setInt(10, popularity(product));
                        statement.setTimestamp(11, now);
                    });
        });
        log.info("Seeded the demo catalog: {} categories, {} products", demo.categories().size(), demo.products().size());
    }

    /** An editorial score for the demo: a stable spread over the catalog so every category has favourites. */
    static int popularity(DemoProduct product) {
        return Math.floorMod(product.sku().hashCode() * 31 + 17, 1000);
    }
}
