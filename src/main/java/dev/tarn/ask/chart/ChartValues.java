package dev.tarn.ask.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalDouble;

/** Reads the Java values of a result as numbers, instants and JSON for the charts. */
final class ChartValues {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ChartValues() {
    }

    /** A finite number, or empty for null, text and NaN (which a chart cannot place). */
    static OptionalDouble number(Object value) {
        if (!(value instanceof Number number)) return OptionalDouble.empty();
        double asDouble = number.doubleValue();
        return Double.isFinite(asDouble) ? OptionalDouble.of(asDouble) : OptionalDouble.empty();
    }

    /**
     * The instant a time value stands for. Dates and timestamps without an offset are wall-clock
     * values of the database; they are read as UTC so that every chart shows them as stored.
     */
    static Optional<Instant> instant(Object value) {
        return switch (value) {
            case null -> Optional.empty();
            case LocalDate date -> Optional.of(date.atStartOfDay(ZoneOffset.UTC).toInstant());
            case LocalDateTime dateTime -> Optional.of(dateTime.toInstant(ZoneOffset.UTC));
            case OffsetDateTime dateTime -> Optional.of(dateTime.toInstant());
            case ZonedDateTime dateTime -> Optional.of(dateTime.toInstant());
            case Instant instant -> Optional.of(instant);
            case CharSequence text -> parseInstant(text.toString().trim());
            default -> Optional.empty();
        };
    }

    private static Optional<Instant> parseInstant(String text) {
        try {
            if (text.length() == 10) return instant(LocalDate.parse(text));
            if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:?\\d\\d$")) return instant(OffsetDateTime.parse(text));
            return instant(LocalDateTime.parse(text.replace(' ', 'T')));
        } catch (DateTimeParseException notATime) {
            return Optional.empty();
        }
    }

    /** The value as Vega-Lite data: numbers stay numbers, times become ISO text Vega-Lite parses as UTC. */
    static JsonNode json(Object value) {
        return switch (value) {
            case null -> JSON.nullNode();
            case BigDecimal decimal -> JSON.numberNode(decimal);
            case BigInteger integer -> JSON.numberNode(integer);
            case Long number -> JSON.numberNode(number);
            case Integer number -> JSON.numberNode(number);
            case Short number -> JSON.numberNode(number);
            case Byte number -> JSON.numberNode(number);
            case Number number -> number(number).isPresent() ? JSON.numberNode(number.doubleValue()) : JSON.nullNode();
            case Boolean bool -> JSON.booleanNode(bool);
            case LocalDate date -> JSON.textNode(date.toString());
            case LocalDateTime dateTime -> JSON.textNode(dateTime.toInstant(ZoneOffset.UTC).toString());
            case OffsetDateTime dateTime -> JSON.textNode(dateTime.toInstant().toString());
            case ZonedDateTime dateTime -> JSON.textNode(dateTime.toInstant().toString());
            case Instant instant -> JSON.textNode(instant.toString());
            default -> JSON.textNode(value.toString());
        };
    }

    /** The text a category shows on an axis or in a legend. */
    static String label(Object value) {
        return value == null ? "(no value)" : value.toString();
    }
}
