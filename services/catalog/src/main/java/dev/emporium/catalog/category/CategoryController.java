package dev.emporium.catalog.category;

import java.util.List;

import dev.emporium.catalog.replica.CatalogReads;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class CategoryController {

    private final CatalogReads reads;

    CategoryController(CatalogReads reads) {
        this.reads = reads;
    }

    @GetMapping("/api/catalog/categories")
    List<Category> categories() {
        return this.reads.query(jdbc -> jdbc.sql("select id, name, slug from categories order by position, name")
            .query(Category.class)
            .list());
    }
}
