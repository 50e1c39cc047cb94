package dev.emporium.storefront.orders;

import dev.emporium.storefront.layout.PageNotFound;
import dev.emporium.storefront.session.UserSession;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** The customer's order history and the page of one order. */
@Controller
class OrdersController {

    static final int PENDING_REFRESH_SECONDS = 2;

    private final OrdersClient orders;

    OrdersController(OrdersClient orders) {
        this.orders = orders;
    }

    @GetMapping("/orders")
    String orders(UserSession session, Model model) {
        model.addAttribute("orders", session.call(this.orders::orders));
        return "orders";
    }

    @GetMapping("/orders/{id}")
    String order(@PathVariable String id, UserSession session, Model model) {
        Order order = session.call(token -> this.orders.order(token, id))
            .orElseThrow(() -> new PageNotFound("We couldn't find that order in your account."));
        model.addAttribute("order", order);
        if (order.pending()) {
            // Orders are confirmed asynchronously: the page reloads itself until the status settles.
            model.addAttribute("refreshSeconds", PENDING_REFRESH_SECONDS);
        }
        return "order";
    }
}
