package dev.emporium.storefront.catalog;

import java.util.List;
import java.util.Optional;

import dev.emporium.storefront.api.ApiProblem;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriBuilder;

/** The catalog's public reads. No token: browsing works logged out. */
@Component
public class CatalogClient {

    private static final ParameterizedTypeReference<List<Category>> CATEGORIES = new ParameterizedTypeReference<>() {
    };

    private static final ParameterizedTypeReference<List<ProductSummary>> SUMMARIES = new ParameterizedTypeReference<>() {
    };

    private final RestClient api;

    CatalogClient(RestClient publicApi) {
        this.api = publicApi;
    }

    public List<Category> categories() {
        List<Category> categories = this.api.get().uri("/api/catalog/categories").retrieve().body(CATEGORIES);
        return categories == null ? List.of() : categories;
    }

    List<ProductSummary> popular(int limit) {
        List<ProductSummary> products = this.api.get()
            .uri(uri -> uri.path("/api/catalog/products/popular").queryParam("limit", limit).build())
            .retrieve()
            .body(SUMMARIES);
        return products == null ? List.of() : products;
    }

    /** A page of products matching a query and/or category; {@code page} counts from 0. */
    ProductResults products(@Nullable String query, @Nullable String category, int page, int size) {
        ProductResults results = this.api.get()
            .uri(uri -> {
                UriBuilder builder = uri.path("/api/catalog/products");
                if (query != null) {
                    builder.queryParam("q", "{q}");
                }
                if (category != null) {
                    builder.queryParam("category", "{category}");
                }
                builder.queryParam("page", page).queryParam("size", size);
                return query != null && category != null ? builder.build(query, category)
                        : query != null ? builder.build(query) : category != null ? builder.build(category) : builder.build();
            })
            .retrieve()
            .body(ProductResults.class);
        return results == null ? ProductResults.empty(size) : results;
    }

    /** The product, or empty when the catalog does not know it (404, or an id it refuses as malformed). */
    Optional<Product> product(String id) {
        try {
            return Optional.ofNullable(this.api.get().uri("/api/catalog/products/{id}", id).retrieve().body(Product.class));
        }
        catch (ApiProblem problem) {
            if (problem.status() == 404 || problem.status() == 400) {
                return Optional.empty();
            }
            throw problem;
        }
    }
}
