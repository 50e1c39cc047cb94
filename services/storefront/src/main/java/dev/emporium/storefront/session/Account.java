package dev.emporium.storefront.session;

/** An account as registration answers it. */
public record Account(String id, String email, String name) {
}
