package dev.emporium.catalog.product;

import java.time.Duration;

import dev.emporium.platform.cache.CacheSpec;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code emporium.catalog.cache.*}: the catalog's caches (defaults in {@code catalog.yml}). A product change
 * invalidates its product and every page and popular list at once, so the lifetimes bound staleness only when an
 * invalidation is lost.
 *
 * @param enabled off: every read goes to the database (for comparison in benchmarks, and to rule the cache out)
 * @param products product pages by id
 * @param pages listing and search result pages by category, query, page and size
 * @param popular the popular products, by how many are asked for
 * @param categories the category list
 * @param salesCountedFor how long an order's sales are remembered as counted, so a repeat of its
 * {@code order.confirmed} does not count them again
 */
@ConfigurationProperties("emporium.catalog.cache")
public record CatalogCacheProperties(@DefaultValue("true") boolean enabled, Level products, Level pages, Level popular,
        Level categories, @DefaultValue("7d") Duration salesCountedFor) {

    public record Level(Duration localTtl, long localMaxSize, Duration sharedTtl) {

        public CacheSpec spec(String name) {
            return new CacheSpec(name, this.localTtl, this.localMaxSize, this.sharedTtl);
        }
    }
}
