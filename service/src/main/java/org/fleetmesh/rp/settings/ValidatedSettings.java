package org.fleetmesh.rp.settings;

import java.time.Duration;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * A {@code @ConfigurationProperties} record that checks its own values. Spring Boot validates a constructor-bound
 * type that is a {@link Validator} after binding it and refuses to start on an error, naming the property, its value
 * and where it was set; this is Spring's own validation, which needs no Bean Validation provider on the class path.
 */
public interface ValidatedSettings extends Validator {

    /** Reports each wrong value to {@code errors}, by record component name. */
    void check(Errors errors);

    @Override
    default boolean supports(Class<?> type) {
        return getClass().isAssignableFrom(type);
    }

    @Override
    default void validate(Object target, Errors errors) {
        ((ValidatedSettings) target).check(errors);
    }

    static void requirePositive(Errors errors, String field, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            errors.rejectValue(field, "positive", "must be a positive duration (e.g. 5s, 10m)");
        }
    }

    static void requireAtLeast(Errors errors, String field, int value, int minimum) {
        if (value < minimum) {
            errors.rejectValue(field, "min", "must be at least " + minimum);
        }
    }
}
