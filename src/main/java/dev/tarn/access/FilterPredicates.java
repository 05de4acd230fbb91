package dev.tarn.access;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Spells the conditions of a table's grants as SQL of one dialect, with a {@code ?} for every value
 * (appended to the parameter list in the order of the markers). Names come quoted by the dialect;
 * operators and NOW() come from enums; no text of a filter or a variable reaches the SQL.
 * <p>
 * Values arrive as strings (AskTable passes variables as strings) or numbers. MySQL, SQLite and DuckDB
 * convert a string parameter to the column's type when comparing. PostgreSQL does not (integer = varchar
 * is an error), so there each value goes through the table's own row type:
 * {@code (SELECT (json_populate_record(CAST(NULL AS t), json_build_object('col', CAST(? AS text)))).col)},
 * which reads the string with the column's own input function, as an untyped literal would be read,
 * and is computed once per query. One difference remains: a value longer than a varchar(n) column
 * fails the query there ("value too long") instead of matching nothing; either way no row is shown.
 */
final class FilterPredicates {
    private FilterPredicates() {
    }

    /** The WHERE condition for {@code grants} (any grant suffices; all conditions of a grant must hold). */
    static String condition(List<List<BoundCondition>> grants, String tableAsWritten, QueryDialect dialect, List<Object> parameters) {
        if (grants.isEmpty()) {
            return "1 = 0";
        }
        List<String> alternatives = new ArrayList<>();
        for (List<BoundCondition> grant : grants) {
            List<String> conditions = new ArrayList<>();
            for (BoundCondition condition : grant) {
                conditions.add(condition(condition, tableAsWritten, dialect, parameters));
            }
            alternatives.add(conditions.size() == 1 || grants.size() == 1 ? String.join(" AND ", conditions)
                    : "(" + String.join(" AND ", conditions) + ")");
        }
        return String.join(" OR ", alternatives);
    }

    private static String condition(BoundCondition condition, String table, QueryDialect dialect, List<Object> parameters) {
        String column = dialect.quote(condition.column());
        FilterOperator operator = condition.operator();
        if (operator.takesNoValue()) {
            return column + " " + operator.sql();
        }
        List<String> values = new ArrayList<>();
        for (BoundCondition.Value value : condition.values()) {
            values.add(value(value, condition.column(), table, dialect, parameters));
        }
        if (operator.takesList()) {
            return column + " " + operator.sql() + " (" + String.join(", ", values) + ")";
        }
        return column + " " + operator.sql() + " " + values.getFirst();
    }

    private static String value(BoundCondition.Value value, String column, String table, QueryDialect dialect, List<Object> parameters) {
        return switch (value) {
            case BoundCondition.Parameter parameter -> {
                if (dialect == QueryDialect.POSTGRESQL) {
                    parameters.add(text(parameter.value()));
                    yield "(SELECT (json_populate_record(CAST(NULL AS " + table + "), json_build_object('" + column.replace("'", "''")
                            + "', CAST(? AS text))))." + dialect.quote(column) + ")";
                }
                parameters.add(parameter.value());
                yield "?";
            }
            case BoundCondition.Now now -> now(now.shifts(), dialect);
        };
    }

    private static String text(Object value) {
        return value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
    }

    /** NOW() with its intervals; SQLite has no NOW(), so there it is DATETIME('now', modifiers), in UTC. */
    static String now(List<IntervalShift> shifts, QueryDialect dialect) {
        StringBuilder sql = new StringBuilder();
        if (dialect == QueryDialect.SQLITE) {
            sql.append("DATETIME('now'");
            for (IntervalShift shift : shifts) {
                long amount = shift.unit() == IntervalUnit.WEEK ? shift.amount() * 7 : shift.amount();
                String unit = shift.unit() == IntervalUnit.WEEK ? "day" : shift.unit().lowerCase();
                sql.append(", '").append(shift.subtract() ? "-" : "+").append(amount).append(' ').append(unit).append("s'");
            }
            return sql.append(')').toString();
        }
        sql.append("NOW()");
        for (IntervalShift shift : shifts) {
            sql.append(shift.subtract() ? " - " : " + ").append("INTERVAL ");
            if (dialect == QueryDialect.POSTGRESQL) {
                sql.append('\'').append(shift.amount()).append(' ').append(shift.unit().lowerCase()).append('\'');
            } else {
                sql.append(shift.amount()).append(' ').append(shift.unit().name());
            }
        }
        return sql.toString();
    }
}
