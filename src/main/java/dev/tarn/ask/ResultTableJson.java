package dev.tarn.ask;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;

/** A result as JSON, the same in every ask answer: the SDK's dataframe and the Ask API's table event. */
public final class ResultTableJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultTableJson() {
    }

    /** {header, types, content, row_count, truncated}. Dates and times are ISO-8601 text; NaN and infinities are null. */
    public static ObjectNode dataframe(ResultTable table) {
        ObjectNode frame = JSON.createObjectNode();
        ArrayNode header = frame.putArray("header");
        table.columns().forEach(column -> header.add(column.name()));
        ArrayNode types = frame.putArray("types");
        table.columns().forEach(column -> types.add(column.type().name().toLowerCase(Locale.ROOT)));
        ArrayNode content = frame.putArray("content");
        for (List<Object> row : table.rows()) {
            ArrayNode cells = content.addArray();
            row.forEach(value -> addValue(cells, value));
        }
        frame.put("row_count", table.rows().size()).put("truncated", table.truncated());
        return frame;
    }

    public static void addValue(ArrayNode cells, Object value) {
        switch (value) {
            case null -> cells.addNull();
            case Boolean bool -> cells.add(bool);
            case Integer number -> cells.add(number);
            case Long number -> cells.add(number);
            case Short number -> cells.add(number.intValue());
            case BigInteger number -> cells.add(number);
            case BigDecimal number -> cells.add(number);
            case Double number -> {
                if (number.isNaN() || number.isInfinite()) cells.addNull();
                else cells.add(number);
            }
            case Float number -> cells.add(number.doubleValue());
            default -> cells.add(value.toString());
        }
    }
}
