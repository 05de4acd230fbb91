package dev.tarn.access;

import java.util.Locale;
import java.util.Optional;

/** A unit of the interval arithmetic a row filter may do on NOW(). */
public enum IntervalUnit {
    SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, YEAR;

    /** The unit for a word such as {@code day} or {@code days}, in any case. */
    public static Optional<IntervalUnit> of(String word) {
        String singular = word.toUpperCase(Locale.ROOT);
        if (singular.endsWith("S")) {
            singular = singular.substring(0, singular.length() - 1);
        }
        for (IntervalUnit unit : values()) {
            if (unit.name().equals(singular)) {
                return Optional.of(unit);
            }
        }
        return Optional.empty();
    }

    public String lowerCase() {
        return name().toLowerCase(Locale.ROOT);
    }
}
