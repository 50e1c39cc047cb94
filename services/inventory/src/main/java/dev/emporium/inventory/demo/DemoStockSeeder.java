package dev.emporium.inventory.demo;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
 * Gives every demo product its starting stock when the stock table is empty (first start of embedded mode). A
 * restart finds rows and changes nothing, so reservations made since survive. One batched transaction; rows that
 * appeared meanwhile (another instance seeding the same database) are skipped, not failed on.
 */
@Component
@ConditionalOnBooleanProperty("emporium.inventory.demo-stock")
class DemoStockSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoStockSeeder.class);

    private final JdbcTemplate jdbc;

    private final TransactionTemplate transaction;

    private final Clock clock;

    DemoStockSeeder(JdbcTemplate jdbc, TransactionTemplate transaction, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        Integer existing = this.jdbc.queryForObject("select count(*) from stock", Integer.class);
        if (existing != null && existing > 0) {
            return;
        }
        long started = System.nanoTime();
        OffsetDateTime now = OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC);
        List<DemoProduct> products = DemoCatalog.standard().products();
        this.transaction.executeWithoutResult(status -> this.jdbc.batchUpdate(
                "insert into stock (product_id, available, updated_at) values (?, ?, ?) on conflict do nothing",
                products, 500, (statement, product) -> {
                    statement.setString(1, product.id());
                    statement.setInt(2, product.stock());
                    statement.setObject(3, now);
                }));
        log.info("Seeded the demo stock of {} products in {} ms", products.size(), (System.nanoTime() - started) / 1_000_000);
    }
}
