package dev.tarn.access;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One AskTable row filter, {@code "<schema>.<table>.<field> <operator> <value>"}, parsed: which
 * columns it covers, how it compares, and with what. Values never become SQL text: literals and
 * variables are bound as parameters when the filter is applied.
 */
public record RowFilter(FieldPattern field, FilterOperator operator, List<FilterOperand> operands) {
    public RowFilter {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(operator, "operator");
        operands = List.copyOf(operands);
        int expected = operator.takesNoValue() ? 0 : 1;
        if (!operator.takesList() && operands.size() != expected) {
            throw new IllegalArgumentException(operator + " takes " + expected + " value(s), not " + operands.size());
        }
        if (operator.takesList() && operands.isEmpty()) {
            throw new IllegalArgumentException(operator + " needs at least one value");
        }
    }

    /** Parses the text form; a {@code ROW_FILTER_INVALID} TarnException says what to change. */
    public static RowFilter parse(String text) {
        return RowFilterParser.parse(text);
    }

    /** The names of the variables the filter needs, each once, in order of appearance. */
    public Set<String> variables() {
        Set<String> names = new LinkedHashSet<>();
        operands.forEach(operand -> names.addAll(operand.variables()));
        return names;
    }

    /**
     * This filter applied to {@code column} (the real name of a column its field pattern covers), its
     * literals and variables turned into values to bind; fails with ROW_FILTER_VARIABLE_MISSING,
     * naming what is missing, when {@code variables} lacks one it needs.
     */
    public BoundCondition bind(String column, Map<String, String> variables) {
        List<String> missing = variables().stream().filter(name -> !variables.containsKey(name)).toList();
        if (!missing.isEmpty()) {
            throw new TarnException(ErrorCode.ROW_FILTER_VARIABLE_MISSING, "The row filter \"" + this + "\" needs a value for "
                    + String.join(", ", missing) + "; pass it in role_variables");
        }
        List<BoundCondition.Value> values = new ArrayList<>();
        for (FilterOperand operand : operands) {
            values.add(switch (operand) {
                case FilterOperand.Text text -> new BoundCondition.Parameter(text.resolve(variables));
                case FilterOperand.Variable variable -> new BoundCondition.Parameter(variables.get(variable.name()));
                case FilterOperand.Number number -> new BoundCondition.Parameter(number(number.value()));
                case FilterOperand.Now now -> new BoundCondition.Now(now.shifts());
            });
        }
        return new BoundCondition(column, operator, values);
    }

    private static Object number(BigDecimal value) {
        try {
            return value.longValueExact();
        } catch (ArithmeticException notWhole) {
            return value;
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(field.toString()).append(' ').append(operator.sql());
        if (operator.takesList()) {
            text.append(" (").append(String.join(", ", operands.stream().map(Object::toString).toList())).append(')');
        } else if (!operands.isEmpty()) {
            text.append(' ').append(operands.getFirst());
        }
        return text.toString();
    }
}
