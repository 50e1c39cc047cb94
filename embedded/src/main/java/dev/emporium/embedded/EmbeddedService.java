package dev.emporium.embedded;

import java.util.List;

/**
 * One service of the embedded platform: its name (which is also its config file's name, its Flyway folder and its
 * H2 database's name), its Spring Boot application class, and its port as an offset from the gateway's port.
 */
public record EmbeddedService(String name, Class<?> application, int portOffset) {

    /** Every service, in the order they are listed to users; they start in parallel. */
    public static final List<EmbeddedService> ALL = List.of(
            new EmbeddedService("gateway", dev.emporium.gateway.GatewayApplication.class, 0),
            new EmbeddedService("storefront", dev.emporium.storefront.StorefrontApplication.class, 1),
            new EmbeddedService("identity", dev.emporium.identity.IdentityApplication.class, 2),
            new EmbeddedService("catalog", dev.emporium.catalog.CatalogApplication.class, 3),
            new EmbeddedService("cart", dev.emporium.cart.CartApplication.class, 4),
            new EmbeddedService("orders", dev.emporium.orders.OrdersApplication.class, 5),
            new EmbeddedService("inventory", dev.emporium.inventory.InventoryApplication.class, 6),
            new EmbeddedService("media", dev.emporium.media.MediaApplication.class, 7),
            new EmbeddedService("payments", dev.emporium.payments.PaymentsApplication.class, 8),
            new EmbeddedService("notifications", dev.emporium.notifications.NotificationsApplication.class, 9),
            new EmbeddedService("payment-provider", dev.emporium.provider.PaymentProviderApplication.class, 10));

    public int port(int gatewayPort) {
        return gatewayPort + this.portOffset;
    }
}
