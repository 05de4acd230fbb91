package dev.tarn.engine;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** RFC 4180 lines: fields quoted when they need it, SQL NULL as an empty field. */
public final class CsvLines {
    private CsvLines() {
    }

    /** The header line of these columns, with its newline. */
    public static byte[] header(List<Column> columns) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(quoted(columns.get(i).name()));
        }
        return line.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    static String row(List<String> values) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            if (values.get(i) != null) {
                line.append(quoted(values.get(i)));
            }
        }
        return line.toString();
    }

    private static String quoted(String value) {
        boolean needsQuotes = value.isEmpty() || value.indexOf(',') >= 0 || value.indexOf('"') >= 0
                || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
        return needsQuotes ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
