package dev.emporium.deploy;

import java.util.List;
import java.util.Map;

/** Reads nested fields of rendered objects (plain maps and lists from YAML). */
final class Objects {

    private Objects() {
    }

    /** The value at a dotted path, or null where any step is missing. */
    static Object at(Object root, String path) {
        Object current = root;
        for (String key : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    static String string(Object root, String path) {
        Object value = at(root, path);
        return value == null ? null : String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object root, String path) {
        Object value = at(root, path);
        return value instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    /** The list at a path, as plain values (empty where there is none). */
    static List<Object> values(Object root, String path) {
        Object value = at(root, path);
        return value instanceof List<?> list ? List.copyOf(list) : List.of();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object root, String path) {
        Object value = at(root, path);
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    static String name(Map<String, Object> object) {
        return string(object, "metadata.name");
    }

    static List<Map<String, Object>> ofKind(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(object -> kind.equals(object.get("kind"))).toList();
    }
}
