package dev.tarn.ask.nl;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static dev.tarn.ask.nl.Answers.answer;
import static dev.tarn.ask.nl.Answers.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The phrasings of product analytics (the constructs the product-analytics evaluation set measures),
 * on the small product schema; the clock stands on Sunday 2026-03-15.
 */
class AnalyticsQuestionsTest {
    private final QuestionTranslator product = Fixtures.product();

    @Test
    void lastNWeeksOrMonthsAreThatManyCalendarUnitsEndingWithTheCurrentOne() {
        assertThat(answer(product.translate("number of orders in the last 2 weeks")).parameters())
                .containsExactly(LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 16));
        Translation.Answer months = answer(product.translate("total revenue over the last 3 months"));
        assertThat(months.sql()).isEqualTo("SELECT SUM(\"orders\".\"amount\") FROM \"orders\" WHERE \"orders\".\"ordered_at\" >= ? "
                + "AND \"orders\".\"ordered_at\" < ?");
        assertThat(months.parameters()).containsExactly(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 4, 1));
    }

    @Test
    void valuesJoinedByOrAreAListOfAlternatives() {
        Translation.Answer answer = answer(product.translate("how many customers in France or Germany"));
        assertThat(answer.sql()).isEqualTo("SELECT COUNT(*) FROM \"customers\" WHERE \"customers\".\"country\" IN (?, ?)");
        assertThat(answer.parameters()).containsExactly("France", "Germany");
        assertThat(answer.interpretation()).isEqualTo("number of customers, country is one of France, Germany");
    }

    @Test
    void aNegationCoversTheWholeListAfterIt() {
        Translation.Answer neither = answer(product.translate("number of orders neither paid nor refunded"));
        assertThat(neither.sql()).isEqualTo("SELECT COUNT(*) FROM \"orders\" WHERE \"orders\".\"status\" <> ? AND \"orders\".\"status\" <> ?");
        assertThat(neither.parameters()).containsExactly("paid", "refunded");
        assertThat(answer(product.translate("customers not in France or Germany")).parameters()).containsExactly("France", "Germany");
    }

    @Test
    void valuesJoinedByAndAreAListOnlyWhenGroupedByTheirColumn() {
        Translation.Answer answer = answer(product.translate("customers in France and Germany by country"));
        assertThat(answer.sql()).isEqualTo("SELECT \"customers\".\"country\", COUNT(*) FROM \"customers\" WHERE \"customers\".\"country\" IN (?, ?) "
                + "GROUP BY \"customers\".\"country\"");
        // without the grouping, "and" may mean both at once, which one country cannot be
        assertThat(refusal(product.translate("customers in France and Germany")).reason())
                .isEqualTo(dev.tarn.ask.nl.understanding.RefusalReason.NO_INTERPRETATION);
    }

    @Test
    void aTableNameQualifiesTheColumnAfterItWhereverAKeywordTakesThem() {
        assertThat(answer(product.translate("median order amount")).sql()).isEqualTo("SELECT MEDIAN(\"orders\".\"amount\") FROM \"orders\"");
        assertThat(answer(product.translate("average order amount per customer country")).sql()).isEqualTo(
                "SELECT \"customers\".\"country\", AVG(\"orders\".\"amount\") FROM \"orders\" JOIN \"customers\" "
                        + "ON \"orders\".\"customer_id\" = \"customers\".\"id\" GROUP BY \"customers\".\"country\"");
    }

    @Test
    void aSuperlativeOfAMeasureWithNoRowsAskedForIsItsExtremeValue() {
        Translation.Answer answer = answer(product.translate("the largest order amount"));
        assertThat(answer.sql()).isEqualTo("SELECT MAX(\"orders\".\"amount\") FROM \"orders\"");
        assertThat(answer.interpretation()).isEqualTo("maximum amount of orders");
        assertThat(answer(product.translate("the lowest order amount from a customer in France")).sql()).isEqualTo(
                "SELECT MIN(\"orders\".\"amount\") FROM \"orders\" JOIN \"customers\" ON \"orders\".\"customer_id\" = \"customers\".\"id\" "
                        + "WHERE \"customers\".\"country\" = ?");
    }

    @Test
    void anyBeforeATableAfterASuperlativeMeansAllItsRows() {
        assertThat(answer(product.translate("the highest monthly price of any plan")).sql())
                .isEqualTo("SELECT MAX(\"plans\".\"monthly_price\") FROM \"plans\"");
    }

    @Test
    void rowsBrokenDownBySomethingAreCounted() {
        Translation.Answer table = answer(product.translate("customers by country"));
        assertThat(table.sql()).isEqualTo("SELECT \"customers\".\"country\", COUNT(*) FROM \"customers\" GROUP BY \"customers\".\"country\"");
        assertThat(table.confidence()).isEqualTo(0.9);
        assertThat(answer(product.translate("paid orders by customer country")).sql()).isEqualTo(
                "SELECT \"customers\".\"country\", COUNT(*) FROM \"orders\" JOIN \"customers\" ON \"orders\".\"customer_id\" = \"customers\".\"id\" "
                        + "WHERE \"orders\".\"status\" = ? GROUP BY \"customers\".\"country\"");
    }

    @Test
    void aConversationRefinesStepByStep() {
        Translation.Answer answer = answer(product.translateFollowUp("only in 2024", List.of("total revenue", "and by country?")));
        assertThat(answer.sql()).isEqualTo("SELECT \"customers\".\"country\", SUM(\"orders\".\"amount\") FROM \"orders\" JOIN \"customers\" "
                + "ON \"orders\".\"customer_id\" = \"customers\".\"id\" WHERE \"orders\".\"ordered_at\" >= ? AND \"orders\".\"ordered_at\" < ? "
                + "GROUP BY \"customers\".\"country\"");
        assertThat(answer.parameters()).containsExactly(LocalDate.of(2024, 1, 1), LocalDate.of(2025, 1, 1));
    }

    @Test
    void aFollowUpsListOfValuesReplacesThePreviousValue() {
        Translation.Answer answer = answer(product.translateFollowUp("now Germany and the United States, by country", "number of customers in France"));
        assertThat(answer.sql()).isEqualTo("SELECT \"customers\".\"country\", COUNT(*) FROM \"customers\" WHERE \"customers\".\"country\" IN (?, ?) "
                + "GROUP BY \"customers\".\"country\"");
        assertThat(answer.parameters()).containsExactly("Germany", "United States");
    }
}
