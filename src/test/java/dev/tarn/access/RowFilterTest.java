package dev.tarn.access;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The row filter language: what it accepts, the structure it reads, and the 400s that say what to change. */
class RowFilterTest {
    @Test
    void aComparisonWithAQuotedVariableReadsAsATextTemplate() {
        RowFilter filter = RowFilter.parse("sales.orders.region = '{{user_region}}'");

        assertThat(filter.field()).isEqualTo(new FieldPattern("sales", "orders", "region"));
        assertThat(filter.operator()).isEqualTo(FilterOperator.EQUALS);
        assertThat(filter.operands()).containsExactly(new FilterOperand.Text("{{user_region}}"));
        assertThat(filter.variables()).containsExactly("user_region");
    }

    @Test
    void everyOperatorIsRead() {
        Map<String, FilterOperator> operators = Map.ofEntries(Map.entry("=", FilterOperator.EQUALS), Map.entry("<>", FilterOperator.NOT_EQUALS),
                Map.entry("!=", FilterOperator.NOT_EQUALS), Map.entry(">", FilterOperator.GREATER), Map.entry("<", FilterOperator.LESS),
                Map.entry(">=", FilterOperator.GREATER_OR_EQUAL), Map.entry("<=", FilterOperator.LESS_OR_EQUAL),
                Map.entry("like", FilterOperator.LIKE), Map.entry("NOT LIKE", FilterOperator.NOT_LIKE));
        operators.forEach((text, operator) -> assertThat(RowFilter.parse("a.b.c " + text + " '1'").operator()).as(text).isEqualTo(operator));
        assertThat(RowFilter.parse("a.b.c IN (1, 2.5, 'x', {{v}})").operands()).containsExactly(new FilterOperand.Number(BigDecimal.ONE),
                new FilterOperand.Number(new BigDecimal("2.5")), new FilterOperand.Text("x"), new FilterOperand.Variable("v"));
        assertThat(RowFilter.parse("a.b.c not in ('x')").operator()).isEqualTo(FilterOperator.NOT_IN);
        assertThat(RowFilter.parse("a.b.c IS NULL").operator()).isEqualTo(FilterOperator.IS_NULL);
        assertThat(RowFilter.parse("a.b.c is not null").operator()).isEqualTo(FilterOperator.IS_NOT_NULL);
    }

    @Test
    void wildcardsNumbersAndNowWithIntervals() {
        RowFilter filter = RowFilter.parse("*.*.*uid* = {{user_id}}");
        assertThat(filter.field().matchesTable("public", "orders")).isTrue();
        assertThat(filter.field().matchesField("owner_uid")).isTrue();
        assertThat(filter.field().matchesField("UID")).isTrue();
        assertThat(filter.field().matchesField("user")).isFalse();

        assertThat(RowFilter.parse("main.t.amount >= -10").operands()).containsExactly(new FilterOperand.Number(new BigDecimal("-10")));
        assertThat(RowFilter.parse("main.t.created_at >= NOW() - INTERVAL '7 days'").operands())
                .containsExactly(new FilterOperand.Now(List.of(new IntervalShift(true, 7, IntervalUnit.DAY))));
        assertThat(RowFilter.parse("main.t.created_at < now() + INTERVAL 1 HOUR - INTERVAL '2' minute").operands())
                .containsExactly(new FilterOperand.Now(List.of(new IntervalShift(false, 1, IntervalUnit.HOUR),
                        new IntervalShift(true, 2, IntervalUnit.MINUTE))));
        assertThat(RowFilter.parse("main.t.day > '2024-01-01'").operands()).containsExactly(new FilterOperand.Text("2024-01-01"));
    }

    @Test
    void bindingTurnsLiteralsAndVariablesIntoValuesAndNamesWhatIsMissing() {
        RowFilter filter = RowFilter.parse("main.t.name LIKE '%{{first}}%'");
        assertThat(filter.bind("name", Map.of("first", "Ann")).values()).containsExactly(new BoundCondition.Parameter("%Ann%"));
        assertThat(RowFilter.parse("main.t.id = 42").bind("id", Map.of()).values()).containsExactly(new BoundCondition.Parameter(42L));

        assertThatThrownBy(() -> filter.bind("name", Map.of("other", "x")))
                .isInstanceOf(TarnException.class).hasMessageContaining("needs a value for first")
                .satisfies(error -> assertThat(((TarnException) error).code()).isEqualTo(ErrorCode.ROW_FILTER_VARIABLE_MISSING));
    }

    @Test
    void aVariableValueThatLooksLikeSqlIsOnlyAValue() {
        String hostile = "'; DROP TABLE orders; --";
        assertThat(RowFilter.parse("main.t.region = {{region}}").bind("region", Map.of("region", hostile)).values())
                .containsExactly(new BoundCondition.Parameter(hostile));
    }

    @Test
    void invalidFiltersSayWhatToChange() {
        assertInvalid("orders.region = 'x'", "three parts");
        assertInvalid("lower(main.t.region) = 'x'", "no function on the field side");
        assertInvalid("main.t.lower(region) = 'x'", "no function on the field side");
        assertInvalid("main.t.region = 'x' AND main.t.id = 1", "one condition per entry");
        assertInvalid("main.t.region = 'x' OR 1 = 1", "one condition per entry");
        assertInvalid("main.t.region == 'x'", "unknown operator ==; use =");
        assertInvalid("main.t.region = x", "'x' is not a value");
        assertInvalid("main.t.region = upper('x')", "the only function allowed is NOW()");
        assertInvalid("main.t.region = 'x", "not closed");
        assertInvalid("main.t.region = 'x'; DROP TABLE t", "';' has no meaning");
        assertInvalid("main.t.region IN 'x'", "list in parentheses");
        assertInvalid("main.t.region = {{bad name}}", "variable name");
        assertInvalid("main.t.at > NOW() - 7", "only INTERVAL");
        assertInvalid("main.t.at > NOW() - INTERVAL '7 fortnights'", "unknown interval unit");
        assertInvalid("main.t.region LIKE 5", "LIKE compares with a quoted pattern");
        assertInvalid("main.t.region IS 'x'", "IS must be followed by NULL");
        assertInvalid("  ", "empty");
    }

    private static void assertInvalid(String text, String messagePart) {
        assertThatThrownBy(() -> RowFilter.parse(text)).as(text).isInstanceOf(TarnException.class)
                .satisfies(error -> assertThat(((TarnException) error).code()).isEqualTo(ErrorCode.ROW_FILTER_INVALID))
                .hasMessageContaining(messagePart);
    }
}
