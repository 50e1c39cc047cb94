package dev.emporium.cart.catalog;

import dev.emporium.platform.web.ServiceRestClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Reads products from the catalog service ({@code GET /api/catalog/products/{id}}, a public endpoint). A 404 becomes
 * the cart's own {@link ProductNotFound}; anything else that is not a product (connection refused, timeout, 5xx, no
 * instance known) becomes {@link CatalogUnavailable}, a 503, so the caller never sees a 500 for a sick catalog.
 */
@Component
public class CatalogClient {

    private static final Logger log = LoggerFactory.getLogger(CatalogClient.class);

    private final RestClient catalog;

    CatalogClient(ServiceRestClients clients) {
        this.catalog = clients.forService("catalog");
    }

    /** The product as the catalog shows it now; throws a 404 or 503 problem when there is none to show. */
    public CatalogProduct product(String productId) {
        try {
            return this.catalog.get()
                .uri("/api/catalog/products/{id}", productId)
                .exchange((request, response) -> {
                    if (response.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                        throw new ProductNotFound(productId);
                    }
                    if (!response.getStatusCode().is2xxSuccessful()) {
                        log.warn("Catalog answered {} for product {}", response.getStatusCode().value(), productId);
                        throw new CatalogUnavailable(null);
                    }
                    CatalogProduct product = response.bodyTo(CatalogProduct.class);
                    if (product == null || product.price() == null || product.name() == null) {
                        throw new CatalogUnavailable(null);
                    }
                    return product;
                });
        }
        // IllegalStateException: the load balancer knows no instance of the catalog.
        catch (RestClientException | IllegalStateException ex) {
            log.warn("Catalog unavailable looking up product {}: {}", productId, ex.toString());
            throw new CatalogUnavailable(ex);
        }
    }
}
