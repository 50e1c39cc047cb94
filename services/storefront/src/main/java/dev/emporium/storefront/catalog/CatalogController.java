package dev.emporium.storefront.catalog;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.emporium.storefront.layout.PageNotFound;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriUtils;

/** The browsing pages: home, category listing, search results and the product page. */
@Controller
class CatalogController {

    static final int PAGE_SIZE = 24;

    static final int POPULAR = 8;

    static final int MAX_PAGE = 10_000;

    private final CatalogClient catalog;

    CatalogController(CatalogClient catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/")
    String home(Model model) {
        model.addAttribute("categories", this.catalog.categories());
        model.addAttribute("popular", this.catalog.popular(POPULAR));
        return "home";
    }

    @GetMapping("/c/{slug}")
    String category(@PathVariable String slug, @RequestParam(name = "page", required = false) @Nullable String page,
            Model model) {
        List<Category> categories = this.catalog.categories();
        Category category = categories.stream().filter(candidate -> candidate.slug().equals(slug)).findFirst()
            .orElseThrow(() -> new PageNotFound("We couldn't find that category."));
        int current = pageIndex(page);
        ProductResults results = this.catalog.products(null, slug, current, PAGE_SIZE);
        String path = "/c/" + UriUtils.encodePathSegment(slug, StandardCharsets.UTF_8);
        model.addAttribute("categories", categories);
        model.addAttribute("category", category);
        model.addAttribute("results", results);
        model.addAttribute("pagination", Pagination.of(current, results.totalPages(),
                index -> index == 0 ? path : path + "?page=" + index));
        return "category";
    }

    @GetMapping("/search")
    String search(@RequestParam(name = "q", required = false) @Nullable String q,
            @RequestParam(name = "page", required = false) @Nullable String page, Model model) {
        String query = q == null ? "" : q.strip();
        model.addAttribute("q", query);
        if (query.isEmpty()) {
            return "search";
        }
        int current = pageIndex(page);
        ProductResults results = this.catalog.products(query, null, current, PAGE_SIZE);
        String path = "/search?q=" + encode(query);
        model.addAttribute("results", results);
        model.addAttribute("pagination", Pagination.of(current, results.totalPages(),
                index -> index == 0 ? path : path + "&page=" + index));
        return "search";
    }

    @GetMapping("/p/{id}")
    String product(@PathVariable String id, Model model) {
        Product product = this.catalog.product(id)
            .orElseThrow(() -> new PageNotFound("We couldn't find that product. It may have been removed."));
        model.addAttribute("product", product);
        model.addAttribute("attributes", product.attributeRows());
        return "product";
    }

    /** {@code ?page=} (from 0, as the API counts) as typed by people: anything but a number means the first page. */
    private static int pageIndex(@Nullable String page) {
        if (page == null) {
            return 0;
        }
        try {
            return Math.clamp(Integer.parseInt(page.strip()), 0, MAX_PAGE);
        }
        catch (NumberFormatException ex) {
            return 0;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
