package dev.emporium.notifications.email;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The emails as the templates render them, and the events that make none. */
class EmailTemplatesTests {

    private final EmailTemplates templates = new EmailTemplates();

    @Test
    void aConfirmationListsEachLineAndTheTotal() {
        OrderEvent order = new OrderEvent("order-1", "ada@example.test", "Ada", 4498L, "USD",
                List.of(new OrderEvent.Line("Linen Shirt", 2, 1999), new OrderEvent.Line("Mug", 1, 500)), null)
            .check(EmailKind.CONFIRMED);

        EmailTemplates.Email email = this.templates.render(EmailKind.CONFIRMED, order);

        assertThat(email.subject()).isEqualTo("Your order order-1 is confirmed");
        assertThat(email.body()).startsWith("Hello Ada,")
            .contains("  2 × Linen Shirt at $19.99: $39.98\n  1 × Mug at $5.00: $5.00\n")
            .contains("Total: $44.98");
    }

    @Test
    void aCancellationGivesTheReasonIfThereIsOne() {
        OrderEvent withReason = new OrderEvent("order-2", null, null, null, null, null, "Not enough stock for: Mug");
        OrderEvent withoutReason = new OrderEvent("order-2", null, " ", null, null, null, null);

        assertThat(this.templates.render(EmailKind.CANCELLED, withReason.check(EmailKind.CANCELLED)).body())
            .startsWith("Hello there,")
            .contains("Why: Not enough stock for: Mug");
        assertThat(this.templates.render(EmailKind.CANCELLED, withoutReason.check(EmailKind.CANCELLED)).body())
            .doesNotContain("Why")
            .contains("your order order-2 was cancelled");
    }

    @Test
    void anEventWithoutWhatTheEmailNeedsIsRefused() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new OrderEvent(null, null, null, null, null, null, null).check(EmailKind.CANCELLED));
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new OrderEvent("../../etc", null, null, null, null, null, null).check(EmailKind.CANCELLED));
        assertThatIllegalArgumentException().isThrownBy(
                () -> new OrderEvent("order-3", null, null, 100L, "USD", List.of(), null).check(EmailKind.CONFIRMED));
        assertThatIllegalArgumentException().isThrownBy(() -> new OrderEvent("order-3", null, null, 100L, "USD",
                List.of(new OrderEvent.Line("Mug", 0, 100)), null).check(EmailKind.CONFIRMED));
        assertThatIllegalArgumentException().isThrownBy(() -> new OrderEvent("order-3", null, null, 100L, "XX",
                List.of(new OrderEvent.Line("Mug", 1, 100)), null).check(EmailKind.CONFIRMED));
    }

    @Test
    void moneyIsWrittenAsItsCurrencyWritesIt() {
        assertThat(EmailTemplates.money(4498, "USD")).isEqualTo("$44.98");
        assertThat(EmailTemplates.money(1200, "EUR")).isEqualTo("€12.00");
        assertThat(EmailTemplates.money(500, "JPY")).isEqualTo("¥500");
        assertThat(EmailTemplates.money(5, "USD")).isEqualTo("$0.05");
    }
}
