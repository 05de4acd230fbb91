package dev.tarn.topics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * A changed row as a message: its key (the primary key value as text), its partition and its JSON
 * payload. Values are written as the realtime SQL endpoint writes them, so a consumer reads one
 * convention: 64-bit and decimal numbers as strings (JavaScript would round them), timestamps as
 * microseconds since the epoch, dates as days. The per-user owner column is never in a payload;
 * it is the message's user.
 */
final class MessagePayload {
    private static final JsonFactory JSON = new JsonFactory();

    private MessagePayload() {
    }

    /** The key: the primary key value as text, a JSON array of them for a composite key; empty without a key. */
    static Optional<String> key(TableShape shape, Map<String, Object> row, Optional<String> ownerColumn) {
        List<String> columns = keyColumns(shape, ownerColumn);
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        if (columns.size() == 1) {
            return Optional.of(String.valueOf(row.get(columns.get(0))));
        }
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartArray();
            for (String column : columns) {
                writeValue(json, row.get(column));
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(text.toString());
    }

    /**
     * The payload of one row. {@code before} is the row before an UPDATE, for DIFF: the key columns
     * and the columns whose value changed; without it every column.
     */
    static String payload(TableShape shape, PayloadMode mode, Map<String, Object> row, Optional<Map<String, Object>> before,
                          Optional<String> ownerColumn) {
        List<String> keyColumns = keyColumns(shape, ownerColumn);
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            for (String column : shape.columnNames()) {
                if (ownerColumn.isPresent() && column.equalsIgnoreCase(ownerColumn.get())) {
                    continue;
                }
                boolean unchanged = mode == PayloadMode.DIFF && before.isPresent() && !keyColumns.contains(column)
                        && sameValue(before.get().get(column), row.get(column));
                if (!unchanged) {
                    json.writeFieldName(column);
                    writeValue(json, row.get(column));
                }
            }
            if (mode != PayloadMode.KEY) {
                json.writeStringField("_table", TableShape.displayName(shape.table()));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** The partition of a message: by its key, so one row's changes stay in order in one partition; by its payload without a key. */
    static int partition(Optional<String> key, String payload, int partitions) {
        CRC32C hash = new CRC32C();
        hash.update(key.orElse(payload).getBytes(StandardCharsets.UTF_8));
        return (int) (hash.getValue() % partitions);
    }

    private static List<String> keyColumns(TableShape shape, Optional<String> ownerColumn) {
        List<String> columns = new ArrayList<>(shape.primaryKey());
        ownerColumn.ifPresent(owner -> columns.removeIf(column -> column.equalsIgnoreCase(owner)));
        return columns;
    }

    private static boolean sameValue(Object before, Object after) {
        if (before instanceof BigDecimal a && after instanceof BigDecimal b) {
            return a.compareTo(b) == 0;
        }
        if (before instanceof byte[] a && after instanceof byte[] b) {
            return Arrays.equals(a, b);
        }
        return Objects.equals(before, after);
    }

    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        switch (value) {
            case null -> json.writeNull();
            case String text -> json.writeString(text);
            case Boolean flag -> json.writeBoolean(flag);
            case Integer number -> json.writeNumber(number);
            case Short number -> json.writeNumber(number);
            case Byte number -> json.writeNumber(number);
            case Long number -> json.writeString(number.toString());
            case BigInteger number -> json.writeString(number.toString());
            case BigDecimal number -> json.writeString(number.toPlainString());
            case Double number when number.isNaN() || number.isInfinite() -> json.writeString(number.toString());
            case Double number -> json.writeNumber(number);
            case Float number when number.isNaN() || number.isInfinite() -> json.writeString(number.toString());
            case Float number -> json.writeNumber(number);
            case LocalDateTime time -> json.writeNumber(ChronoUnit.MICROS.between(Instant.EPOCH, time.toInstant(ZoneOffset.UTC)));
            case OffsetDateTime time -> json.writeNumber(ChronoUnit.MICROS.between(Instant.EPOCH, time.toInstant()));
            case ZonedDateTime time -> json.writeNumber(ChronoUnit.MICROS.between(Instant.EPOCH, time.toInstant()));
            case Instant time -> json.writeNumber(ChronoUnit.MICROS.between(Instant.EPOCH, time));
            case LocalDate date -> json.writeNumber(date.toEpochDay());
            case byte[] bytes -> json.writeString(Base64.getEncoder().encodeToString(bytes));
            default -> json.writeString(value.toString());
        }
    }
}
