package dev.emporium.notifications.email;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/admin/notifications?orderId=}: the emails about an order (admins only). */
@RestController
class NotificationAdminController {

    private final SentEmails sentEmails;

    NotificationAdminController(SentEmails sentEmails) {
        this.sentEmails = sentEmails;
    }

    @GetMapping("/api/admin/notifications")
    List<SentEmails.SentEmail> notifications(@RequestParam String orderId) {
        return this.sentEmails.ofOrder(orderId);
    }
}
