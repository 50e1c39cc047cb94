package dev.emporium.catalog.category;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class CategoryController {

    private final JdbcClient jdbc;

    CategoryController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/api/catalog/categories")
    List<Category> categories() {
        return this.jdbc.sql("select id, name, slug from categories order by position, name")
            .query(Category.class)
            .list();
    }
}
