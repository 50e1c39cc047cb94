package dev.emporium.notifications.email;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders the emails from the text templates under {@code templates/notifications/}, with an engine of this
 * service's own (Boot's Thymeleaf auto-configuration is the storefront's).
 */
@Component
class EmailTemplates {

    private final TemplateEngine engine = new TemplateEngine();

    EmailTemplates() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(EmailTemplates.class.getClassLoader());
        resolver.setPrefix("templates/notifications/");
        resolver.setSuffix(".txt");
        resolver.setTemplateMode(TemplateMode.TEXT);
        resolver.setCharacterEncoding("UTF-8");
        this.engine.setTemplateResolver(resolver);
    }

    Email render(EmailKind kind, OrderEvent order) {
        String name = order.customerName() == null || order.customerName().isBlank() ? "there" : order.customerName();
        Context context = new Context(Locale.ENGLISH);
        context.setVariable("customerName", name);
        context.setVariable("orderId", order.orderId());
        context.setVariable("reason", order.reason() == null ? "" : order.reason());
        String currency = order.currency() == null ? "USD" : order.currency();
        List<Map<String, Object>> lines = order.lines() == null ? List.of() : order.lines().stream()
            .map(line -> Map.<String, Object>of("name", line.name(), "quantity", line.quantity(), "price",
                    money(line.unitPriceMinor() * line.quantity(), currency)))
            .toList();
        context.setVariable("lines", lines);
        context.setVariable("total", order.totalMinor() == null ? "" : money(order.totalMinor(), currency));
        String subject = switch (kind) {
            case CONFIRMED -> "Your Emporium order is confirmed";
            case CANCELLED -> "Your Emporium order was cancelled";
        };
        return new Email(subject, this.engine.process(kind.template(), context));
    }

    /** Minor units as the currency writes them: 4498 USD is $44.98. */
    static String money(long minor, String currency) {
        Currency unit = Currency.getInstance(currency);
        NumberFormat format = NumberFormat.getCurrencyInstance(Locale.US);
        format.setCurrency(unit);
        format.setMinimumFractionDigits(unit.getDefaultFractionDigits());
        format.setMaximumFractionDigits(unit.getDefaultFractionDigits());
        return format.format(BigDecimal.valueOf(minor, unit.getDefaultFractionDigits()));
    }

    record Email(String subject, String body) {
    }
}
