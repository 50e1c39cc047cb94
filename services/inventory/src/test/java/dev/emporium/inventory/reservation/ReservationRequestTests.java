package dev.emporium.inventory.reservation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReservationRequestTests {

    private static final ValidatorFactory factory = Validation.buildDefaultValidatorFactory();

    private final Validator validator = factory.getValidator();

    @AfterAll
    static void close() {
        factory.close();
    }

    @Test
    void acceptsDistinctLinesWithinTheLimits() {
        assertThat(violations(new ReservationRequest("o-1", List.of(line("p1", 1), line("p2", 99))))).isEmpty();
    }

    @Test
    void rejectsARepeatedProduct() {
        assertThat(violations(new ReservationRequest("o-1", List.of(line("p1", 1), line("p2", 1), line("p1", 2)))))
            .containsExactly("lines: must not name the same product twice");
    }

    @Test
    void rejectsQuantitiesOutsideOneToNinetyNine() {
        assertThat(violations(new ReservationRequest("o-1", List.of(line("p1", 0), line("p2", 100)))))
            .containsExactlyInAnyOrder("lines[0].quantity: must be greater than or equal to 1",
                    "lines[1].quantity: must be less than or equal to 99");
    }

    @Test
    void rejectsMissingOrOversizedFields() {
        assertThat(violations(new ReservationRequest(" ", List.of()))).containsExactlyInAnyOrder(
                "orderId: must not be blank", "lines: size must be between 1 and 100");
        assertThat(violations(new ReservationRequest("o".repeat(65), null))).containsExactlyInAnyOrder(
                "orderId: size must be between 0 and 64", "lines: must not be null");
        assertThat(violations(new ReservationRequest("o-1", List.of(new ReservationRequest.Line(null, null)))))
            .containsExactlyInAnyOrder("lines[0].productId: must not be blank", "lines[0].quantity: must not be null");
    }

    @Test
    void rejectsMoreThanAHundredLines() {
        List<ReservationRequest.Line> lines = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            lines.add(line("p" + i, 1));
        }
        assertThat(violations(new ReservationRequest("o-1", lines))).containsExactly("lines: size must be between 1 and 100");
    }

    private List<String> violations(ReservationRequest request) {
        Set<ConstraintViolation<ReservationRequest>> violations = this.validator.validate(request);
        return violations.stream().map(violation -> violation.getPropertyPath() + ": " + violation.getMessage()).toList();
    }

    private static ReservationRequest.Line line(String productId, int quantity) {
        return new ReservationRequest.Line(productId, quantity);
    }
}
