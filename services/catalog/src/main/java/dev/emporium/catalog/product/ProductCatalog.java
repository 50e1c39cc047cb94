package dev.emporium.catalog.product;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import dev.emporium.platform.cache.TieredCache;
import dev.emporium.platform.cache.TieredCaches;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;

/**
 * The catalog as the API reads it, through the two-level caches of DESIGN §6 ({@link TieredCache}): products by id,
 * listing and search pages, the category ids of slugs, and the popular products. An admin's change is written to the
 * database first, then invalidates its product and every page and popular list, on every instance.
 * <p>
 * With {@code emporium.catalog.cache.enabled=false}, or without the cache library's {@link TieredCaches}, every read
 * goes to the database.
 */
@Service
class ProductCatalog {

    private static final TypeReference<List<ProductSummary>> SUMMARIES = new TypeReference<>() {
    };

    /** Longer keys (long search queries) are read from the database every time rather than filling the cache. */
    private static final int MAX_KEY_LENGTH = 300;

    private final Products products;

    private final SalesRanking ranking;

    private final @Nullable TieredCache<Product> byId;

    private final @Nullable TieredCache<ProductPage> pages;

    private final @Nullable TieredCache<List<ProductSummary>> popular;

    private final @Nullable TieredCache<String> categoryIds;

    ProductCatalog(Products products, SalesRanking ranking, ObjectProvider<TieredCaches> available,
            CatalogCacheProperties properties) {
        this.products = products;
        this.ranking = ranking;
        TieredCaches caches = properties.enabled() ? available.getIfAvailable() : null;
        this.byId = caches == null ? null : caches.create(properties.products().spec("catalog.products"), Product.class);
        this.pages = caches == null ? null : caches.create(properties.pages().spec("catalog.pages"), ProductPage.class);
        this.popular = caches == null ? null : caches.create(properties.popular().spec("catalog.popular"), SUMMARIES);
        this.categoryIds = caches == null ? null
                : caches.create(properties.categories().spec("catalog.category-ids"), String.class);
    }

    /** An active product; inactive ones are cached too, so a product taken off sale is not read again and again. */
    Optional<Product> findActive(String id) {
        return Optional.ofNullable(read(this.byId, id, () -> this.products.find(id).orElse(null)))
            .filter(Product::active);
    }

    ProductPage search(@Nullable String query, @Nullable String categoryId, int page, int size) {
        String normalized = query == null || query.isBlank() ? "" : query.strip().toLowerCase(Locale.ROOT);
        // The query comes last: it may hold any character, the other parts cannot.
        String key = "c=" + (categoryId == null ? "" : categoryId) + ";p=" + page + ";s=" + size + ";q=" + normalized;
        return read(this.pages, key, () -> this.products.search(query, categoryId, page, size));
    }

    Optional<String> categoryIdBySlug(String slug) {
        return Optional.ofNullable(read(this.categoryIds, slug, () -> this.products.categoryIdBySlug(slug).orElse(null)));
    }

    /**
     * The best sellers (by units in confirmed orders, {@link SalesRanking}) that are on sale, then, to make up the
     * number, the catalog's editorial choice.
     */
    List<ProductSummary> popular(int limit) {
        return read(this.popular, "top-" + limit, () -> mostPopular(limit));
    }

    private List<ProductSummary> mostPopular(int limit) {
        List<ProductSummary> chosen = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        // Twice as many as needed: some best sellers may have been taken off sale since.
        for (String id : this.ranking.bestSellers(limit * 2)) {
            if (chosen.size() == limit) {
                break;
            }
            if (Product.isWellFormedId(id) && ids.add(id)) {
                findActive(id).ifPresent(product -> chosen.add(product.summary()));
            }
        }
        if (chosen.size() < limit) {
            for (ProductSummary editorial : this.products.popular(limit + chosen.size())) {
                if (chosen.size() == limit) {
                    break;
                }
                if (ids.add(editorial.id())) {
                    chosen.add(editorial);
                }
            }
        }
        return List.copyOf(chosen);
    }

    /** Applies an admin's change (committed on return), then invalidates what shows the product, everywhere. */
    Optional<Product> update(String id, ProductChanges changes) {
        Optional<Product> updated = this.products.update(id, changes);
        if (updated.isPresent()) {
            if (this.byId != null) {
                this.byId.invalidate(id);
            }
            if (this.pages != null) {
                this.pages.invalidateAll();
            }
            if (this.popular != null) {
                this.popular.invalidateAll();
            }
        }
        return updated;
    }

    private static <V> @Nullable V read(@Nullable TieredCache<V> cache, String key, Supplier<@Nullable V> loader) {
        if (cache == null || !cacheable(key)) {
            return loader.get();
        }
        return cache.get(key, loader);
    }

    /** Short keys without control characters (every read asks: no stream, no allocation). */
    private static boolean cacheable(String key) {
        if (key.length() > MAX_KEY_LENGTH) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            if (Character.isISOControl(key.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
