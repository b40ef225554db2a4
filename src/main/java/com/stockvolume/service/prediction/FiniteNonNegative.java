package com.stockvolume.service.prediction;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A feature value: finite and >= 0. JSON has no NaN, but 1e999 parses to Infinity, and a negative
 * volume or price is no input the model was trained on. Null passes: {@code @NotNull} says so.
 */
@Target({FIELD, PARAMETER})
@Retention(RUNTIME)
@Constraint(validatedBy = FiniteNonNegative.Validator.class)
public @interface FiniteNonNegative {

    String MESSAGE = "must be a finite number >= 0";

    String message() default MESSAGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<FiniteNonNegative, Double> {

        public static boolean test(double value) {
            return Double.isFinite(value) && value >= 0;
        }

        @Override
        public boolean isValid(Double value, ConstraintValidatorContext context) {
            return value == null || test(value);
        }
    }
}
