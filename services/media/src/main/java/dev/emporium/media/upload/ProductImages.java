package dev.emporium.media.upload;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.emporium.media.upload.ProductImage.VariantImage;
import dev.emporium.media.upload.ProductImage.Variants;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The uploads of product images (table product_images) and their variants (product_image_variants), whose servable
 * files are rows of the images table, found by the origin by file name. A variant file may be shared by two uploads
 * whose pixels are the same (the same photo saved with other metadata): its images row is written once.
 */
@Repository
class ProductImages {

    /** The public path of the origin's files; a variant's URL is this and its file name. */
    static final String URL_PREFIX = "/media/products/";

    private static final String SELECT = """
            select p.product_id, p.sha256, p.content_type, p.width, p.height, p.size_bytes, p.created_at,
                   v.variant, v.file_name, v.width as variant_width, v.height as variant_height, i.size_bytes as variant_bytes
            from product_images p
            join product_image_variants v on v.product_id = p.product_id and v.sha256 = p.sha256
            join images i on i.file_name = v.file_name
            """;

    private final JdbcClient jdbc;

    private final TransactionTemplate transaction;

    ProductImages(JdbcClient jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    Optional<ProductImage> find(String productId, String sha256) {
        return assemble(this.jdbc.sql(SELECT + "where p.product_id = :productId and p.sha256 = :sha256")
            .param("productId", productId)
            .param("sha256", sha256)
            .query(ProductImages::row)
            .list()).stream().findFirst();
    }

    /** The uploads of a product, newest first. */
    List<ProductImage> ofProduct(String productId) {
        return assemble(this.jdbc.sql(SELECT + "where p.product_id = :productId order by p.created_at desc, p.sha256")
            .param("productId", productId)
            .query(ProductImages::row)
            .list());
    }

    /**
     * Records an upload whose bytes are stored, in one transaction. False when the product already has this original
     * (a concurrent upload of the same file committed first): nothing is written then.
     */
    boolean add(NewUpload upload) {
        Boolean added = this.transaction.execute(status -> {
            OffsetDateTime createdAt = OffsetDateTime.ofInstant(upload.createdAt(), ZoneOffset.UTC);
            int inserted = this.jdbc.sql("""
                    insert into product_images (product_id, sha256, content_type, width, height, size_bytes, storage_key, created_at)
                    values (:productId, :sha256, :contentType, :width, :height, :bytes, :storageKey, :createdAt)
                    on conflict do nothing
                    """)
                .param("productId", upload.productId())
                .param("sha256", upload.sha256())
                .param("contentType", upload.contentType())
                .param("width", upload.width())
                .param("height", upload.height())
                .param("bytes", upload.bytes())
                .param("storageKey", upload.storageKey())
                .param("createdAt", createdAt)
                .update();
            if (inserted == 0) {
                return false;
            }
            for (NewVariant variant : upload.variants()) {
                this.jdbc.sql("""
                        insert into images (file_name, content_type, storage_key, sha256, size_bytes, created_at)
                        values (:fileName, :contentType, :storageKey, :sha256, :bytes, :createdAt)
                        on conflict do nothing
                        """)
                    .param("fileName", variant.fileName())
                    .param("contentType", variant.contentType())
                    .param("storageKey", variant.storageKey())
                    .param("sha256", variant.sha256())
                    .param("bytes", variant.bytes())
                    .param("createdAt", createdAt)
                    .update();
                this.jdbc.sql("""
                        insert into product_image_variants (product_id, sha256, variant, file_name, width, height)
                        values (:productId, :sha256, :variant, :fileName, :width, :height)
                        """)
                    .param("productId", upload.productId())
                    .param("sha256", upload.sha256())
                    .param("variant", variant.variant().label())
                    .param("fileName", variant.fileName())
                    .param("width", variant.width())
                    .param("height", variant.height())
                    .update();
            }
            return true;
        });
        return Boolean.TRUE.equals(added);
    }

    /** Whether any row names {@code storageKey}: an object no row names is garbage, safe to delete. */
    boolean references(String storageKey) {
        return this.jdbc.sql("""
                select (select count(*) from images where storage_key = :key)
                     + (select count(*) from product_images where storage_key = :key)
                """)
            .param("key", storageKey)
            .query(Long.class)
            .single() > 0;
    }

    /** An upload to record: the original and every variant. */
    record NewUpload(String productId, String sha256, String contentType, int width, int height, long bytes,
            String storageKey, Instant createdAt, List<NewVariant> variants) {
    }

    record NewVariant(Variant variant, String fileName, String contentType, String storageKey, String sha256,
            int width, int height, long bytes) {
    }

    private record Row(String productId, String sha256, String contentType, int width, int height, long bytes,
            Instant createdAt, Variant variant, VariantImage image) {
    }

    private static Row row(ResultSet rs, int rowNumber) throws SQLException {
        return new Row(rs.getString("product_id"), rs.getString("sha256"), rs.getString("content_type"),
                rs.getInt("width"), rs.getInt("height"), rs.getLong("size_bytes"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), Variant.ofLabel(rs.getString("variant")),
                new VariantImage(URL_PREFIX + rs.getString("file_name"), rs.getInt("variant_width"),
                        rs.getInt("variant_height"), rs.getLong("variant_bytes")));
    }

    /** Rows of one upload are one image; uploads keep the order of their first row. */
    private static List<ProductImage> assemble(List<Row> rows) {
        Map<String, List<Row>> byUpload = new LinkedHashMap<>();
        rows.forEach(row -> byUpload.computeIfAbsent(row.sha256(), sha256 -> new ArrayList<>()).add(row));
        return byUpload.values().stream().map(ProductImages::image).toList();
    }

    private static ProductImage image(List<Row> rows) {
        Row first = rows.getFirst();
        Map<Variant, VariantImage> variants = new EnumMap<>(Variant.class);
        rows.forEach(row -> variants.put(row.variant(), row.image()));
        return new ProductImage(first.productId(), first.sha256(), first.contentType(), first.width(), first.height(),
                first.bytes(), first.createdAt(), new Variants(variants.get(Variant.THUMBNAIL), variants.get(Variant.CARD),
                        variants.get(Variant.FULL)));
    }
}
