package dev.emporium.inventory.stock;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The public stock read: how many units of a product are available now. */
@RestController
class StockController {

    private final Stocks stocks;

    StockController(Stocks stocks) {
        this.stocks = stocks;
    }

    @GetMapping("/api/inventory/{productId}")
    StockLevel stock(@PathVariable String productId) {
        return this.stocks.find(productId).orElseThrow(() -> new ProductNotFound(productId));
    }
}
