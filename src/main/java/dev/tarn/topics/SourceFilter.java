package dev.tarn.topics;

import dev.tarn.engine.Engine;
import dev.tarn.engine.Session;
import dev.tarn.engine.SqlLexer;
import dev.tarn.engine.SqlQuoting;
import dev.tarn.engine.SqlToken;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The WHERE of a topic source, evaluated by DuckDB on the changed rows: the row images are bound
 * into a VALUES list cast to the source table's column types and named like the table, so the
 * filter reads them exactly as it would read the table ({@code qty > 10}, {@code carts.qty > 10},
 * functions, casts, subqueries). Nothing here interprets the filter.
 */
final class SourceFilter {
    private static final String ROW_COLUMN = "__tarn_row";
    private static final int MAXIMUM_PARAMETERS = 2_000;

    private SourceFilter() {
    }

    /**
     * Checks a filter when its source is added: it must be one expression (no ';', no parenthesis
     * closing what it did not open) that DuckDB can bind against the table. The failure names the problem.
     */
    static void validate(Session session, TableShape shape, String filter) {
        int depth = 0;
        for (SqlToken token : SqlLexer.tokenize(filter)) {
            if (token.type() == SqlToken.Type.SEMICOLON || token.text().equals(";")) {
                throw new TarnException(ErrorCode.INVALID_STATEMENT, "Parser Error: a source's WHERE is one condition; it cannot hold ';'");
            }
            if (token.type() == SqlToken.Type.SYMBOL && token.text().equals("(")) {
                depth++;
            } else if (token.type() == SqlToken.Type.SYMBOL && token.text().equals(")") && --depth < 0) {
                throw new TarnException(ErrorCode.INVALID_STATEMENT, "Parser Error: the source's WHERE closes a parenthesis it did not open");
            }
        }
        if (depth != 0) {
            throw new TarnException(ErrorCode.INVALID_STATEMENT, "Parser Error: the source's WHERE leaves a parenthesis open");
        }
        try {
            session.describe("SELECT 1 FROM (SELECT * FROM " + shape.table().sql() + " LIMIT 0) AS "
                    + SqlQuoting.identifier(shape.table().table()) + " WHERE (" + filter + ")");
        } catch (TarnException e) {
            throw new TarnException(e.code(), "The source's WHERE cannot be used on " + TableShape.displayName(shape.table()) + ": " + e.getMessage(), e);
        }
    }

    /** The indexes of the rows of {@code images} (in table shape) that the filter keeps. */
    static Set<Integer> matching(Engine engine, TableShape shape, List<Map<String, Object>> images, String filter) {
        Set<Integer> kept = new TreeSet<>();
        int rowsPerQuery = Math.max(1, MAXIMUM_PARAMETERS / (shape.columnNames().size() + 1));
        try (Session session = engine.openInternalSession()) {
            for (int start = 0; start < images.size(); start += rowsPerQuery) {
                List<Map<String, Object>> chunk = images.subList(start, Math.min(images.size(), start + rowsPerQuery));
                List<Object> parameters = new ArrayList<>();
                StringBuilder values = new StringBuilder();
                for (int row = 0; row < chunk.size(); row++) {
                    values.append(row == 0 ? "(" : ", (");
                    for (int column = 0; column < shape.columnNames().size(); column++) {
                        values.append("CAST(? AS ").append(shape.columnTypes().get(column)).append("), ");
                        parameters.add(bindable(chunk.get(row).get(shape.columnNames().get(column))));
                    }
                    values.append("?::INTEGER)");
                    parameters.add(start + row);
                }
                StringBuilder names = new StringBuilder();
                for (String column : shape.columnNames()) {
                    names.append(SqlQuoting.identifier(column)).append(", ");
                }
                String sql = "SELECT " + ROW_COLUMN + " FROM (VALUES " + values + ") AS " + SqlQuoting.identifier(shape.table().table())
                        + "(" + names + ROW_COLUMN + ") WHERE (" + filter + ")";
                for (Object[] row : session.run(sql, parameters, Integer.MAX_VALUE).rows()) {
                    kept.add(((Number) row[0]).intValue());
                }
            }
        }
        return kept;
    }

    /** Values the driver binds as they are; anything else (times, UUIDs, lists) as its text, which the cast reads. */
    private static Object bindable(Object value) {
        return switch (value) {
            case null -> null;
            case String text -> text;
            case Boolean flag -> flag;
            case Integer number -> number;
            case Long number -> number;
            case Short number -> number.intValue();
            case Byte number -> number.intValue();
            case Double number -> number;
            case Float number -> number.doubleValue();
            case BigDecimal number -> number.toPlainString();
            case BigInteger number -> number.toString();
            case byte[] bytes -> bytes;
            default -> value.toString();
        };
    }
}
