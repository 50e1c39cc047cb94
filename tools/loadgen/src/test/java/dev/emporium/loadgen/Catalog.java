package dev.emporium.loadgen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import dev.emporium.testsupport.Zipf;

/**
 * What shoppers pick from, read from the platform's own API before the run: its categories, its products and the
 * words of their names to search for. Picks are skewed as real shoppers' are (Zipf, s = 1 for products): a few
 * products take most of the views, which is what the caches see in production. Popularity is a shuffle with a fixed
 * seed, so every run (and every instance of the platform) has the same best sellers, spread over the categories.
 */
final class Catalog {

    private static final int PAGE_SIZE = 100;

    private static final String CLIENT = ClientAddresses.at(0);

    private final List<String> categorySlugs;

    private final List<String> productIds;

    private final List<String> searchTerms;

    private final ThreadLocal<IntSupplier> categoryRanks;

    private final ThreadLocal<IntSupplier> productRanks;

    private final ThreadLocal<IntSupplier> termRanks;

    Catalog(List<String> categorySlugs, List<String> productIds, List<String> searchTerms) {
        if (categorySlugs.isEmpty() || productIds.isEmpty() || searchTerms.isEmpty()) {
            throw new IllegalStateException("the catalog is empty: " + categorySlugs.size() + " categories, "
                    + productIds.size() + " products");
        }
        this.categorySlugs = List.copyOf(categorySlugs);
        this.productIds = List.copyOf(productIds);
        this.searchTerms = List.copyOf(searchTerms);
        Zipf categories = new Zipf(this.categorySlugs.size(), 0.6);
        Zipf products = new Zipf(this.productIds.size(), 1.0);
        Zipf terms = new Zipf(this.searchTerms.size(), 1.0);
        // Zipf's samplers are not thread-safe, and Gatling runs sessions on several threads.
        this.categoryRanks = ThreadLocal.withInitial(categories::sampler);
        this.productRanks = ThreadLocal.withInitial(products::sampler);
        this.termRanks = ThreadLocal.withInitial(terms::sampler);
    }

    /** Reads every category and active product through the public API (pages of 100). */
    static Catalog read(SetupClient api) {
        List<String> slugs = new ArrayList<>();
        for (JsonNode category : api.get("/api/catalog/categories", CLIENT)) {
            slugs.add(category.path("slug").asText());
        }
        List<String> ids = new ArrayList<>();
        Map<String, Integer> words = new HashMap<>();
        for (int page = 0;; page++) {
            JsonNode results = api.get("/api/catalog/products?page=" + page + "&size=" + PAGE_SIZE, CLIENT);
            for (JsonNode product : results.path("items")) {
                ids.add(product.path("id").asText());
                for (String word : product.path("name").asText().toLowerCase(Locale.ROOT).split("[^\\p{L}]+")) {
                    if (word.length() >= 4) {
                        words.merge(word, 1, Integer::sum);
                    }
                }
            }
            if (results.path("items").isEmpty() || (long) (page + 1) * PAGE_SIZE >= results.path("total").asLong()) {
                break;
            }
        }
        Random seeded = new Random(7);
        Collections.shuffle(slugs, seeded);
        Collections.shuffle(ids, seeded);
        // The words most names share are the ones searched most.
        List<String> terms = new ArrayList<>(words.keySet());
        terms.sort(Comparator.comparing((String word) -> -words.get(word)).thenComparing(word -> word));
        return new Catalog(slugs, ids, terms);
    }

    String category() {
        return this.categorySlugs.get(this.categoryRanks.get().getAsInt() - 1);
    }

    String product() {
        return this.productIds.get(this.productRanks.get().getAsInt() - 1);
    }

    String searchTerm() {
        return this.searchTerms.get(this.termRanks.get().getAsInt() - 1);
    }

    int categories() {
        return this.categorySlugs.size();
    }

    int products() {
        return this.productIds.size();
    }
}
