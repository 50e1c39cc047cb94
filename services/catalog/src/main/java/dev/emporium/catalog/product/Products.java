package dev.emporium.catalog.product;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.emporium.catalog.replica.CatalogReads;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The product table: reads for the storefront and API, the admin's updates. Only active products are public. Public
 * reads go through {@link CatalogReads} (the read replicas, when there are some); an update, and the read that
 * returns its result, use the primary.
 */
@Repository
class Products {

    private static final String SELECT = """
            select p.id, p.sku, p.name, p.description, p.price_minor, p.currency, p.image_url, p.attributes, p.active,
                   c.slug as category_slug, c.name as category_name
            from products p join categories c on c.id = p.category_id
            """;

    private static final TypeReference<Map<String, Object>> ATTRIBUTES = new TypeReference<>() {
    };

    private final CatalogReads reads;

    private final JdbcClient primary;

    private final JsonMapper json;

    private final Clock clock;

    Products(CatalogReads reads, JdbcClient primary, JsonMapper json, Clock clock) {
        this.reads = reads;
        this.primary = primary;
        this.json = json;
        this.clock = clock;
    }

    /** A product, on sale or not. */
    Optional<Product> find(String id) {
        return this.reads.query(jdbc -> find(jdbc, id));
    }

    private Optional<Product> find(JdbcClient jdbc, String id) {
        return jdbc.sql(SELECT + " where p.id = :id").param("id", id).query(this::product).optional();
    }

    /** Active products, optionally in one category and matching a text query on name, SKU or description. */
    ProductPage search(@Nullable String query, @Nullable String categoryId, int page, int size) {
        StringBuilder where = new StringBuilder(" where p.active = true");
        Map<String, Object> params = new LinkedHashMap<>();
        if (categoryId != null) {
            where.append(" and p.category_id = :category");
            params.put("category", categoryId);
        }
        if (query != null && !query.isBlank()) {
            where.append(" and (lower(p.name) like :pattern escape '\\' or lower(p.sku) like :pattern escape '\\'"
                    + " or lower(p.description) like :pattern escape '\\')");
            params.put("pattern", "%" + escapeLike(query.strip().toLowerCase(Locale.ROOT)) + "%");
            params.put("prefix", escapeLike(query.strip().toLowerCase(Locale.ROOT)) + "%");
        }
        // Name matches rank before matches in the description only.
        String order = params.containsKey("pattern")
                ? " order by case when lower(p.name) like :prefix escape '\\' then 0 when lower(p.name) like :pattern escape '\\' then 1 else 2 end, p.name, p.id"
                : " order by p.name, p.id";
        return this.reads.query(jdbc -> {
            long total = jdbc.sql("select count(*) from products p" + where).params(params).query(Long.class).single();
            List<ProductSummary> items = jdbc.sql(SELECT + where + order + " limit :limit offset :offset")
                .params(params)
                .param("limit", size)
                .param("offset", (long) page * size)
                .query(this::product)
                .list()
                .stream()
                .map(Product::summary)
                .toList();
            return ProductPage.of(items, page, size, total);
        });
    }

    /** Active products by the editorial popularity score the catalog keeps per product. */
    List<ProductSummary> popular(int limit) {
        return this.reads.query(jdbc -> jdbc.sql(SELECT + " where p.active = true order by p.popularity desc, p.id limit :limit")
            .param("limit", limit)
            .query(this::product)
            .list())
            .stream()
            .map(Product::summary)
            .toList();
    }

    Optional<String> categoryIdBySlug(String slug) {
        return this.reads.query(
                jdbc -> jdbc.sql("select id from categories where slug = :slug").param("slug", slug).query(String.class).optional());
    }

    @Transactional
    Optional<Product> update(String id, ProductChanges changes) {
        Optional<Product> current = find(this.primary, id);
        if (current.isEmpty()) {
            return current;
        }
        Product product = current.get();
        Money price = changes.price() != null ? changes.price() : product.price();
        this.primary.sql("""
                update products set name = :name, description = :description, price_minor = :amount, currency = :currency,
                       image_url = :imageUrl, active = :active, updated_at = :now
                where id = :id
                """)
            .param("name", changes.name() != null ? changes.name().strip() : product.name())
            .param("description", changes.description() != null ? changes.description() : product.description())
            .param("amount", price.amount())
            .param("currency", price.currency())
            .param("imageUrl", changes.imageUrl() != null ? changes.imageUrl() : product.imageUrl())
            .param("active", changes.active() != null ? changes.active() : product.active())
            .param("now", OffsetDateTime.now(this.clock))
            .param("id", id)
            .update();
        return find(this.primary, id);
    }

    private Product product(ResultSet row, int rowNum) throws SQLException {
        return new Product(row.getString("id"), row.getString("sku"), row.getString("name"), row.getString("description"),
                new Money(row.getLong("price_minor"), row.getString("currency")), row.getString("image_url"),
                row.getString("category_slug"), row.getString("category_name"),
                this.json.readValue(row.getString("attributes"), ATTRIBUTES), row.getBoolean("active"));
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
