package dev.emporium.identity.profile;

/**
 * A saved shipping address, with the fields checkout's {@code shippingAddress} takes, so that a saved address can be
 * sent to checkout as it is.
 *
 * @param country an ISO 3166-1 alpha-2 code, upper case
 */
record Address(String id, String name, String line1, String city, String postalCode, String country) {
}
