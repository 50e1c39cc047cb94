package dev.emporium.notifications.email;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders the emails from the text templates under {@code templates/notifications/}, with an engine of this
 * service's own: Boot's Thymeleaf auto-configuration is the storefront's (in embedded mode it is filtered to the
 * storefront's context), and these are plain-text emails, not pages.
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

    /** The email of a {@link OrderEvent#check(EmailKind) checked} event. */
    Email render(EmailKind kind, OrderEvent order) {
        String name = order.customerName() == null || order.customerName().isBlank() ? "there"
                : order.customerName().strip();
        Context context = new Context(Locale.ENGLISH);
        context.setVariable("customerName", name);
        context.setVariable("orderId", order.id());
        context.setVariable("reason", order.reason() == null || order.reason().isBlank() ? null : order.reason());
        if (kind == EmailKind.CONFIRMED) {
            String currency = Objects.requireNonNull(order.currency());
            List<Map<String, Object>> lines = Objects.requireNonNull(order.lines())
                .stream()
                .map(line -> Map.<String, Object>of("name", Objects.requireNonNull(line.name()), "quantity",
                        line.quantity(), "unitPrice", money(line.unitPriceMinor(), currency), "price",
                        money(Math.multiplyExact(line.unitPriceMinor(), line.quantity()), currency)))
                .toList();
            context.setVariable("lines", lines);
            context.setVariable("total", money(Objects.requireNonNull(order.totalMinor()), currency));
        }
        String subject = switch (kind) {
            case CONFIRMED -> "Your order " + order.id() + " is confirmed";
            case CANCELLED -> "Your order " + order.id() + " was cancelled";
        };
        return new Email(subject, this.engine.process(kind.template(), context));
    }

    /** Minor units as the currency writes them: 4498 USD is $44.98, 500 JPY is ¥500. */
    static String money(long minor, String currency) {
        Currency unit = Currency.getInstance(currency);
        int digits = Math.max(unit.getDefaultFractionDigits(), 0);
        NumberFormat format = NumberFormat.getCurrencyInstance(Locale.US);
        format.setCurrency(unit);
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(BigDecimal.valueOf(minor, digits));
    }

    record Email(String subject, String body) {
    }
}
