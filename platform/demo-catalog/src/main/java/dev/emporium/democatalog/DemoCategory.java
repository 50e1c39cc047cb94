package dev.emporium.democatalog;

/** A category of the demo catalog; {@code id} is stable across runs. */
public record DemoCategory(String id, String slug, String name, String tagline) {
}
