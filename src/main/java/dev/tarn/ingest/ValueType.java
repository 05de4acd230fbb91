package dev.tarn.ingest;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * The column types /append infers from JSON values, and how two of them combine when a column sees
 * both: integers widen to doubles, naive timestamps to zoned ones, anything else mixed to text,
 * and JSON absorbs everything. A column only ever widens.
 */
enum ValueType {
    BOOLEAN("BOOLEAN"), BIGINT("BIGINT"), DOUBLE("DOUBLE"), TIMESTAMP("TIMESTAMP"), TIMESTAMPTZ("TIMESTAMPTZ"),
    VARCHAR("VARCHAR"), JSON("JSON");

    private final String sqlName;

    ValueType(String sqlName) {
        this.sqlName = sqlName;
    }

    String sqlName() {
        return sqlName;
    }

    /** The type of one JSON value; empty for null, which fits any column. */
    static Optional<ValueType> of(JsonNode value) {
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isBoolean()) {
            return Optional.of(BOOLEAN);
        }
        if (value.isIntegralNumber()) {
            return Optional.of(value.canConvertToLong() ? BIGINT : DOUBLE);
        }
        if (value.isNumber()) {
            return Optional.of(DOUBLE);
        }
        if (value.isTextual()) {
            String text = value.textValue();
            Optional<Rfc3339.DateTime> dateTime = Rfc3339.parse(text);
            if (dateTime.isPresent()) {
                return Optional.of(dateTime.get().offset().isPresent() ? TIMESTAMPTZ : TIMESTAMP);
            }
            return Optional.of(VARCHAR);
        }
        return Optional.of(JSON);
    }

    /** The narrowest type that holds values of both types. */
    ValueType unify(ValueType other) {
        if (this == other) {
            return this;
        }
        if (this == JSON || other == JSON) {
            return JSON;
        }
        if (isEither(other, BIGINT, DOUBLE)) {
            return DOUBLE;
        }
        if (isEither(other, TIMESTAMP, TIMESTAMPTZ)) {
            return TIMESTAMPTZ;
        }
        return VARCHAR;
    }

    private boolean isEither(ValueType other, ValueType first, ValueType second) {
        return (this == first && other == second) || (this == second && other == first);
    }
}
