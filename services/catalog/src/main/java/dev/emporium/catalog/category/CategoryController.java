package dev.emporium.catalog.category;

import java.util.List;

import dev.emporium.catalog.product.CatalogCacheProperties;
import dev.emporium.catalog.replica.CatalogReads;
import dev.emporium.platform.cache.TieredCache;
import dev.emporium.platform.cache.TieredCaches;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;

/** The categories, on every storefront page: cached (they change only with a deployment, so nothing invalidates them). */
@RestController
class CategoryController {

    private static final TypeReference<List<Category>> CATEGORIES = new TypeReference<>() {
    };

    private final CatalogReads reads;

    private final @Nullable TieredCache<List<Category>> cache;

    CategoryController(CatalogReads reads, ObjectProvider<TieredCaches> caches, CatalogCacheProperties properties) {
        this.reads = reads;
        TieredCaches available = properties.enabled() ? caches.getIfAvailable() : null;
        this.cache = available == null ? null
                : available.create(properties.categories().spec("catalog.categories"), CATEGORIES);
    }

    @GetMapping("/api/catalog/categories")
    List<Category> categories() {
        return this.cache == null ? load() : this.cache.get("all", this::load);
    }

    private List<Category> load() {
        return this.reads.query(jdbc -> jdbc.sql("select id, name, slug from categories order by position, name")
            .query(Category.class)
            .list());
    }
}
