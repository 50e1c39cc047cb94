package dev.emporium.catalog.product;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ProductController {

    private final ProductCatalog products;

    ProductController(ProductCatalog products) {
        this.products = products;
    }

    @GetMapping("/api/catalog/products")
    ProductPage list(@RequestParam(required = false) @Nullable @Size(max = 200) String q,
            @RequestParam(required = false) @Nullable @Size(max = 64) String category,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "24") @Min(1) @Max(100) int size) {
        String categoryId = null;
        if (category != null && !category.isBlank()) {
            categoryId = this.products.categoryIdBySlug(category).orElseThrow(() -> new CategoryNotFound(category));
        }
        return this.products.search(q, categoryId, page, size);
    }

    @GetMapping("/api/catalog/products/popular")
    List<ProductSummary> popular(@RequestParam(defaultValue = "8") @Min(1) @Max(48) int limit) {
        return this.products.popular(limit);
    }

    @GetMapping("/api/catalog/products/{id}")
    Product product(@PathVariable String id) {
        if (!Product.isWellFormedId(id)) {
            throw new ProductNotFound(id);
        }
        return this.products.findActive(id).orElseThrow(() -> new ProductNotFound(id));
    }
}
