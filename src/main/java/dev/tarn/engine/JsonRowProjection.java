package dev.tarn.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Wraps a query so that DuckDB itself renders each row as one line of JSON, returned as bytes.
 * Building the text in the engine is about ten times faster than fetching typed values through
 * JDBC and writing them with Jackson (see notes/java-stack.md), because the driver's conversion of
 * every VARCHAR to a Java String is the bottleneck.
 */
final class JsonRowProjection {
    private JsonRowProjection() {
    }

    /** The query as one VARCHAR column of JSON lines, for COPY to write (no BLOB detour: nothing crosses JDBC). */
    static String lines(String query, List<Column> columns, RowEncoding encoding) {
        return rendered(query, columns, encoding, "", "::VARCHAR AS line");
    }

    /** The query as one BLOB column of JSON lines, fetched through JDBC as bytes. */
    static String wrap(String query, List<Column> columns, RowEncoding encoding) {
        return rendered(query, columns, encoding, "encode(", "::VARCHAR)");
    }

    private static String rendered(String query, List<Column> columns, RowEncoding encoding, String before, String after) {
        List<String> aliases = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            String alias = "c" + (i + 1);
            aliases.add(alias);
            String value = valueExpression(alias, columns.get(i).type());
            if (encoding == RowEncoding.JSON_OBJECT) {
                values.add(SqlQuoting.literal(columns.get(i).name()) + ", " + value);
            } else {
                values.add(value);
            }
        }
        String function = encoding == RowEncoding.JSON_OBJECT ? "json_object" : "json_array";
        return "SELECT " + before + function + "(" + String.join(", ", values) + ")" + after + " FROM (\n" + query
                + "\n) AS tarn_result(" + String.join(", ", aliases) + ")";
    }

    /**
     * Timestamps become RFC 3339 text (instants in UTC with a Z), and non-finite floating point
     * values become strings, because JSON has no NaN or Infinity and clients would fail to parse them.
     */
    private static String valueExpression(String alias, String type) {
        String upper = type.toUpperCase(Locale.ROOT);
        if (upper.equals("TIMESTAMP WITH TIME ZONE")) {
            return "strftime(timezone('UTC', " + alias + "), '%Y-%m-%dT%H:%M:%S.%fZ')";
        }
        if (upper.equals("TIMESTAMP") || upper.equals("TIMESTAMP_NS") || upper.equals("TIMESTAMP_MS")
                || upper.equals("TIMESTAMP_S")) {
            return "strftime(" + alias + "::TIMESTAMP, '%Y-%m-%dT%H:%M:%S.%f')";
        }
        if (upper.equals("DOUBLE") || upper.equals("FLOAT") || upper.equals("REAL")) {
            return "CASE WHEN isfinite(" + alias + ") THEN to_json(" + alias + ") WHEN isnan(" + alias + ") THEN to_json('NaN') WHEN "
                    + alias + " > 0 THEN to_json('Infinity') WHEN " + alias + " < 0 THEN to_json('-Infinity') END";
        }
        return alias;
    }
}
