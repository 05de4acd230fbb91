package dev.tarn.http.realtime;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tarn.engine.Column;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The realtime API's value encoding (contract 1.9): 64-bit integers and decimals as strings (they
 * do not survive a JavaScript number), 32-bit and smaller integers and floats as numbers,
 * timestamps as integer microseconds since the epoch, dates as days since the epoch, and the type
 * names of the reference's KalamDataType.
 */
final class RealtimeJson {
    private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),(\\d+)\\)");

    private RealtimeJson() {
    }

    static void writeType(JsonGenerator json, String type) throws IOException {
        Matcher decimal = DECIMAL.matcher(type);
        if (decimal.matches()) {
            json.writeStartObject();
            json.writeObjectFieldStart("Decimal");
            json.writeNumberField("precision", Integer.parseInt(decimal.group(1)));
            json.writeNumberField("scale", Integer.parseInt(decimal.group(2)));
            json.writeEndObject();
            json.writeEndObject();
            return;
        }
        json.writeString(switch (type.toUpperCase(Locale.ROOT)) {
            case "BOOLEAN" -> "Boolean";
            case "TINYINT", "SMALLINT" -> "SmallInt";
            case "INTEGER" -> "Int";
            case "BIGINT", "HUGEINT", "UBIGINT", "UINTEGER" -> "BigInt";
            case "FLOAT" -> "Float";
            case "DOUBLE" -> "Double";
            case "VARCHAR" -> "Text";
            case "BLOB" -> "Bytes";
            case "JSON" -> "Json";
            case "TIMESTAMP" -> "Timestamp";
            case "TIMESTAMP WITH TIME ZONE" -> "DateTime";
            case "DATE" -> "Date";
            case "TIME" -> "Time";
            case "UUID" -> "Uuid";
            case "FILE" -> "File";
            default -> type;
        });
    }

    static void writeValue(JsonGenerator json, Object value, Column column) throws IOException {
        switch (value) {
            case null -> json.writeNull();
            case Long number -> json.writeString(number.toString());
            case BigInteger number -> json.writeString(number.toString());
            case BigDecimal number -> json.writeString(number.toPlainString());
            case Integer number -> json.writeNumber(number);
            case Short number -> json.writeNumber(number);
            case Byte number -> json.writeNumber(number);
            case Double number when Double.isFinite(number) -> json.writeNumber(number);
            case Float number when Float.isFinite(number) -> json.writeNumber(number);
            case Boolean flag -> json.writeBoolean(flag);
            case LocalDateTime time -> json.writeNumber(ChronoUnit.MICROS.between(LocalDateTime.of(1970, 1, 1, 0, 0), time));
            case OffsetDateTime time -> json.writeNumber(ChronoUnit.MICROS.between(OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), time));
            case LocalDate date -> json.writeNumber(date.toEpochDay());
            case byte[] bytes -> json.writeString(Base64.getEncoder().encodeToString(bytes));
            case java.util.Map<?, ?> object -> {
                // a structured answer of a dialect statement (SUBSCRIBE TO's subscription), written as an object
                json.writeStartObject();
                for (java.util.Map.Entry<?, ?> field : object.entrySet()) {
                    json.writeFieldName(String.valueOf(field.getKey()));
                    writeValue(json, field.getValue(), column);
                }
                json.writeEndObject();
            }
            default -> json.writeString(value.toString());
        }
    }
}
