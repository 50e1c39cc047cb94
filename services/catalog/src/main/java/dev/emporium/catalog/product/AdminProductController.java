package dev.emporium.catalog.product;

import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The admin's product edits; the platform's security restricts {@code /api/admin/**} to the admin role. */
@RestController
class AdminProductController {

    private final ProductCatalog products;

    AdminProductController(ProductCatalog products) {
        this.products = products;
    }

    @PatchMapping("/api/admin/products/{id}")
    Product update(@PathVariable String id, @Valid @RequestBody ProductChanges changes) {
        return this.products.update(id, changes).orElseThrow(() -> new ProductNotFound(id));
    }
}
