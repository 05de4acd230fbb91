package dev.tarn.ask.nl.evaluation;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Execution accuracy as the classic text-to-SQL sets score it: two queries agree when their results
 * are the same multiset of rows, column order ignored, row order kept only when the gold query orders
 * its result. Numbers compare by value whatever their SQL type, with a small relative tolerance since
 * a sum of doubles depends on the order of addition; a date and the midnight timestamp of that day
 * are the same instant.
 */
public final class ResultComparison {
    /** Relative tolerance between two numbers; a different order of addition moves the last bits only. */
    static final double TOLERANCE = 1e-9;

    private ResultComparison() {
    }

    /** One value of a result: a number (compared with the tolerance) or a canonical text. */
    record Cell(Optional<Double> number, String text) {
        static Cell of(Object value) {
            return switch (value) {
                case null -> new Cell(Optional.empty(), "null");
                case BigDecimal decimal -> number(decimal.doubleValue());
                case Number number -> number(number.doubleValue());
                case Timestamp timestamp -> text(timestamp.toLocalDateTime().toString());
                case LocalDateTime dateTime -> text(dateTime.toString());
                case OffsetDateTime dateTime -> text(dateTime.toLocalDateTime().toString());
                case java.sql.Date date -> text(date.toLocalDate().atStartOfDay().toString());
                case LocalDate date -> text(date.atStartOfDay().toString());
                default -> text(value.toString());
            };
        }

        private static Cell number(double value) {
            // the sort key rounds to 9 significant digits so that values within the tolerance sort alike
            return new Cell(Optional.of(value), String.format(Locale.ROOT, "%.9g", value));
        }

        private static Cell text(String value) {
            return new Cell(Optional.empty(), value);
        }

        int compareForOrder(Cell other) {
            if (number.isPresent() && other.number.isPresent()) return Double.compare(number.get(), other.number.get());
            return text.compareTo(other.text);
        }

        boolean matches(Cell other) {
            if (number.isPresent() && other.number.isPresent()) {
                double left = number.get();
                double right = other.number.get();
                return left == right || Math.abs(left - right) <= TOLERANCE * Math.max(Math.abs(left), Math.abs(right));
            }
            return number.isEmpty() && other.number.isEmpty() && text.equals(other.text);
        }
    }

    /** A result: its rows, each with its cells sorted, since column order does not count; and its rows as returned. */
    public record Result(int columns, List<List<Cell>> rows, List<List<Cell>> rawRows) {
    }

    public static Result run(Connection connection, String sql, List<Object> parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int index = 0; index < parameters.size(); index++) statement.setObject(index + 1, parameters.get(index));
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                List<List<Cell>> rows = new ArrayList<>();
                List<List<Cell>> rawRows = new ArrayList<>();
                while (result.next()) {
                    List<Cell> row = new ArrayList<>();
                    for (int column = 1; column <= columns; column++) row.add(Cell.of(result.getObject(column)));
                    rawRows.add(List.copyOf(row));
                    row.sort(Comparator.comparing(Cell::text));
                    rows.add(row);
                }
                return new Result(columns, rows, rawRows);
            }
        }
    }

    /** Empty when the two results agree, else what differs first, in words. */
    public static Optional<String> difference(Result expected, Result actual, boolean ordered) {
        if (expected.columns() != actual.columns()) {
            return Optional.of("columns: " + actual.columns() + " instead of " + expected.columns());
        }
        if (expected.rows().size() != actual.rows().size()) {
            return Optional.of("rows: " + actual.rows().size() + " instead of " + expected.rows().size());
        }
        List<List<Cell>> left = expected.rows();
        List<List<Cell>> right = actual.rows();
        if (!ordered) {
            left = sorted(left);
            right = sorted(right);
        }
        for (int row = 0; row < left.size(); row++) {
            for (int column = 0; column < expected.columns(); column++) {
                if (!left.get(row).get(column).matches(right.get(row).get(column))) {
                    boolean sameMultiset = ordered && difference(expected, actual, false).isEmpty();
                    if (sameMultiset && sameOrderUpToTies(expected, actual)) return Optional.empty();
                    return Optional.of(sameMultiset ? "order differs" : "values: " + texts(right.get(row)) + " instead of " + texts(left.get(row)));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the gold query orders its result: an ORDER BY outside every parenthesis (one inside a
     * subquery orders nothing the asker sees). Quoted text is skipped.
     */
    public static boolean ordersItsResult(String sql) {
        int depth = 0;
        boolean quoted = false;
        String upper = sql.toUpperCase(Locale.ROOT);
        for (int index = 0; index < upper.length(); index++) {
            char character = upper.charAt(index);
            if (character == '\'') quoted = !quoted;
            if (quoted) continue;
            if (character == '(') depth++;
            if (character == ')') depth--;
            if (depth == 0 && upper.startsWith("ORDER BY", index)) return true;
        }
        return false;
    }

    /**
     * "ORDER BY day" leaves the rows of one day in any order: the two results agree when some column the
     * gold result is sorted on (ascending or descending) splits both into the same runs of rows, each run
     * the same multiset. Without the gold's sort key at hand, every monotonic column is tried.
     */
    private static boolean sameOrderUpToTies(Result expected, Result actual) {
        for (int column = 0; column < expected.columns(); column++) {
            List<Cell> keys = new ArrayList<>();
            for (List<Cell> row : expected.rawRows()) keys.add(row.get(column));
            if (!monotonic(keys)) continue;
            boolean same = true;
            int start = 0;
            while (same && start < keys.size()) {
                int end = start;
                while (end < keys.size() && keys.get(end).matches(keys.get(start))) end++;
                List<List<Cell>> left = sorted(expected.rows().subList(start, end));
                List<List<Cell>> right = sorted(actual.rows().subList(start, end));
                same = left.stream().map(ResultComparison::texts).toList().equals(right.stream().map(ResultComparison::texts).toList());
                start = end;
            }
            if (same) return true;
        }
        return false;
    }

    private static boolean monotonic(List<Cell> keys) {
        boolean ascending = true;
        boolean descending = true;
        for (int index = 1; index < keys.size(); index++) {
            int order = keys.get(index - 1).compareForOrder(keys.get(index));
            ascending &= order <= 0;
            descending &= order >= 0;
        }
        return ascending || descending;
    }

    private static List<List<Cell>> sorted(List<List<Cell>> rows) {
        return rows.stream().sorted(Comparator.comparing(ResultComparison::texts)).toList();
    }

    private static String texts(List<Cell> row) {
        return String.join(", ", row.stream().map(Cell::text).toList());
    }
}
