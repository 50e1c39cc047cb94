package dev.emporium.inventory.reservation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** The lines of a reservation name each product at most once (one line carries the whole quantity). */
@Documented
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = DistinctProducts.Validator.class)
@interface DistinctProducts {

    String message() default "must not name the same product twice";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Missing lines or product ids are other constraints' business; this one only looks for repeats. */
    class Validator implements ConstraintValidator<DistinctProducts, List<ReservationRequest.Line>> {

        @Override
        public boolean isValid(List<ReservationRequest.Line> lines, ConstraintValidatorContext context) {
            if (lines == null) {
                return true;
            }
            Set<String> seen = new HashSet<>();
            return lines.stream()
                .filter(Objects::nonNull)
                .map(ReservationRequest.Line::productId)
                .filter(Objects::nonNull)
                .allMatch(seen::add);
        }
    }
}
