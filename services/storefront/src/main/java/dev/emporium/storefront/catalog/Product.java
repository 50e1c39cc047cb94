package dev.emporium.storefront.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import dev.emporium.storefront.api.Money;
import org.jspecify.annotations.Nullable;

/** A product page's data, {@code GET /api/catalog/products/{id}}; attribute values are strings, numbers or arrays. */
public record Product(String id, @Nullable String sku, String name, @Nullable String description, Money price,
        @Nullable String imageUrl, @Nullable String categorySlug, @Nullable String categoryName,
        @Nullable Map<String, @Nullable Object> attributes) {

    /** The attributes as label/value rows: {@code screenSize} reads "Screen size", arrays read "a, b, c". */
    public List<Attribute> attributeRows() {
        if (this.attributes == null) {
            return List.of();
        }
        return this.attributes.entrySet().stream()
            .filter(entry -> entry.getValue() != null)
            .map(entry -> new Attribute(label(entry.getKey()), text(entry.getValue())))
            .toList();
    }

    public record Attribute(String label, String value) {
    }

    private static String label(String key) {
        String spaced = key.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replace('_', ' ').replace('-', ' ').strip();
        if (spaced.isEmpty()) {
            return key;
        }
        String lower = spaced.toLowerCase(Locale.ROOT);
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }

    private static String text(@Nullable Object value) {
        if (value instanceof Collection<?> values) {
            return values.stream().map(Product::text).collect(Collectors.joining(", "));
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(entry -> entry.getKey() + ": " + text(entry.getValue()))
                .collect(Collectors.joining(", "));
        }
        if (value instanceof Boolean flag) {
            return flag ? "Yes" : "No";
        }
        return value == null ? "" : String.valueOf(value);
    }
}
