package dev.tarn.ingest;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

/**
 * Which JSON values a column of a given DuckDB type accepts, and the Java value the appender
 * writes for them. Checked when an append arrives, so a value that does not fit is refused with
 * incompatible-schema before it is acknowledged, rather than failing later in the background.
 */
final class ColumnConversion {
    private ColumnConversion() {
    }

    /** The family of a DuckDB column type as far as /append is concerned. */
    enum Family { BIGINT, INTEGER, SMALLINT, TINYINT, FLOATING, REAL, DECIMAL, BOOLEAN, TEXT, JSON, TIMESTAMP, TIMESTAMPTZ, DATE, UUID, UNSUPPORTED }

    /** Type names are few and families are asked for every appended value, so each name is read once. */
    private static final java.util.Map<String, Family> FAMILIES = new java.util.concurrent.ConcurrentHashMap<>();

    static Family family(String columnType) {
        return FAMILIES.computeIfAbsent(columnType, ColumnConversion::readFamily);
    }

    private static Family readFamily(String columnType) {
        String type = columnType.toUpperCase(Locale.ROOT);
        if (type.startsWith("DECIMAL") || type.startsWith("NUMERIC")) {
            return Family.DECIMAL;
        }
        return switch (type) {
            case "BIGINT", "INT8", "LONG" -> Family.BIGINT;
            case "INTEGER", "INT4", "INT", "SIGNED" -> Family.INTEGER;
            case "SMALLINT", "INT2", "SHORT" -> Family.SMALLINT;
            case "TINYINT", "INT1" -> Family.TINYINT;
            case "DOUBLE", "FLOAT8" -> Family.FLOATING;
            case "FLOAT", "REAL", "FLOAT4" -> Family.REAL;
            case "BOOLEAN", "BOOL", "LOGICAL" -> Family.BOOLEAN;
            case "VARCHAR", "TEXT", "STRING", "CHAR", "BPCHAR" -> Family.TEXT;
            case "JSON" -> Family.JSON;
            case "TIMESTAMP", "DATETIME", "TIMESTAMP_US" -> Family.TIMESTAMP;
            case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ" -> Family.TIMESTAMPTZ;
            case "DATE" -> Family.DATE;
            case "UUID" -> Family.UUID;
            default -> Family.UNSUPPORTED;
        };
    }

    /** The inferred type that a column of this family stands for, when Tarn may widen it. */
    static Optional<ValueType> asValueType(String columnType) {
        return switch (family(columnType)) {
            case BIGINT -> Optional.of(ValueType.BIGINT);
            case FLOATING -> Optional.of(ValueType.DOUBLE);
            case BOOLEAN -> Optional.of(ValueType.BOOLEAN);
            case TEXT -> Optional.of(ValueType.VARCHAR);
            case JSON -> Optional.of(ValueType.JSON);
            case TIMESTAMP -> Optional.of(ValueType.TIMESTAMP);
            case TIMESTAMPTZ -> Optional.of(ValueType.TIMESTAMPTZ);
            default -> Optional.empty();
        };
    }

    /** Whether the value can go into the column as it is; null goes anywhere. */
    static boolean accepts(String columnType, JsonNode value) {
        if (value == null || value.isNull()) {
            return true;
        }
        try {
            return convert(columnType, value) != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The appender value for a JSON value in a column of this type; throws if it does not fit. */
    static Object convert(String columnType, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        return switch (family(columnType)) {
            case BIGINT -> integral(value, Long.MIN_VALUE, Long.MAX_VALUE);
            case INTEGER -> Math.toIntExact(integral(value, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case SMALLINT -> (short) (long) integral(value, Short.MIN_VALUE, Short.MAX_VALUE);
            case TINYINT -> (byte) (long) integral(value, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case FLOATING -> number(value).doubleValue();
            case REAL -> number(value).floatValue();
            case DECIMAL -> number(value).decimalValue();
            case BOOLEAN -> {
                require(value.isBoolean(), "a boolean");
                yield value.booleanValue();
            }
            case TEXT -> value.isTextual() ? value.textValue() : value.toString();
            case JSON -> value.toString();
            case TIMESTAMP -> {
                Rfc3339.DateTime dateTime = dateTime(value);
                yield dateTime.offset().isPresent() ? dateTime.zoned().withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime() : dateTime.local();
            }
            case TIMESTAMPTZ -> dateTime(value).zoned();
            case DATE -> LocalDate.parse(text(value));
            case UUID -> java.util.UUID.fromString(text(value));
            case UNSUPPORTED -> throw new IllegalArgumentException("a column of type " + columnType + " cannot be filled by /append");
        };
    }

    private static long integral(JsonNode value, long minimum, long maximum) {
        require(value.isIntegralNumber() && value.canConvertToLong(), "a whole number");
        long number = value.longValue();
        require(number >= minimum && number <= maximum, "a whole number between " + minimum + " and " + maximum);
        return number;
    }

    private static JsonNode number(JsonNode value) {
        require(value.isNumber(), "a number");
        return value;
    }

    private static String text(JsonNode value) {
        require(value.isTextual(), "a string");
        return value.textValue();
    }

    private static Rfc3339.DateTime dateTime(JsonNode value) {
        return Rfc3339.parse(text(value)).orElseThrow(() -> new IllegalArgumentException("not an RFC 3339 timestamp: " + value.textValue()));
    }

    private static void require(boolean condition, String expected) {
        if (!condition) {
            throw new IllegalArgumentException("expected " + expected);
        }
    }

}
