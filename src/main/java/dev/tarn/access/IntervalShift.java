package dev.tarn.access;

import java.util.Objects;

/** One {@code + INTERVAL n unit} or {@code - INTERVAL n unit} after NOW() in a row filter. */
public record IntervalShift(boolean subtract, long amount, IntervalUnit unit) {
    public IntervalShift {
        Objects.requireNonNull(unit, "unit");
        if (amount < 0 || amount > 1_000_000) {
            throw new IllegalArgumentException("an interval amount must be between 0 and 1000000");
        }
    }

    @Override
    public String toString() {
        return (subtract ? " - " : " + ") + "INTERVAL '" + amount + " " + unit.lowerCase() + "'";
    }
}
