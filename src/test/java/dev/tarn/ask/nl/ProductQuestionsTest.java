package dev.tarn.ask.nl;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static dev.tarn.ask.nl.Answers.answer;
import static org.assertj.core.api.Assertions.assertThat;

/** Questions about a product schema with declared keys, a date column and synonyms; the clock stands on 2026-03-15. */
class ProductQuestionsTest {
    private final QuestionTranslator product = Fixtures.product();

    @Test
    void aSynonymNamesAColumnAndByGroupsAlongTheDeclaredForeignKey() {
        Translation.Answer answer = answer(product.translate("total revenue by country"));
        assertThat(answer.sql()).isEqualTo("SELECT \"customers\".\"country\", SUM(\"orders\".\"amount\") FROM \"orders\" JOIN \"customers\" "
                + "ON \"orders\".\"customer_id\" = \"customers\".\"id\" GROUP BY \"customers\".\"country\"");
        assertThat(answer.interpretation()).isEqualTo("total amount of orders, by country");
    }

    @Test
    void forEachTableGroupsByThatTablesDisplayColumn() {
        Translation.Answer answer = answer(product.translate("number of customers per plan"));
        assertThat(answer.sql()).isEqualTo("SELECT \"plans\".\"name\", COUNT(*) FROM \"customers\" JOIN \"plans\" "
                + "ON \"customers\".\"plan_id\" = \"plans\".\"id\" GROUP BY \"plans\".\"name\"");
    }

    @Test
    void aMeasureByADimensionWithoutAnAggregateIsTotalled() {
        Translation.Answer answer = answer(product.translate("revenue by status"));
        assertThat(answer.sql()).isEqualTo("SELECT \"orders\".\"status\", SUM(\"orders\".\"amount\") FROM \"orders\" GROUP BY \"orders\".\"status\"");
        assertThat(answer.confidence()).isEqualTo(0.9);
    }

    @Test
    void topNOfATableRanksByTheTotalOfARelatedMeasure() {
        Translation.Answer answer = answer(product.translate("top 3 clients by revenue"));
        assertThat(answer.sql()).isEqualTo("SELECT \"customers\".\"name\", SUM(\"orders\".\"amount\") FROM \"customers\" JOIN \"orders\" ON \"customers\".\"id\" = "
                + "\"orders\".\"customer_id\" GROUP BY \"customers\".\"name\" ORDER BY SUM(\"orders\".\"amount\") DESC LIMIT 3");
        assertThat(answer.interpretation()).isEqualTo("top 3 customers by total amount of orders");
    }

    @Test
    void bottomNOfAColumnsValuesTotalsTheMeasurePerValue() {
        Translation.Answer answer = answer(product.translate("bottom 2 countries by revenue"));
        // the orders are what is totalled, so they are the rows a date range would apply to
        assertThat(answer.sql()).isEqualTo("SELECT \"customers\".\"country\", SUM(\"orders\".\"amount\") FROM \"orders\" JOIN \"customers\" "
                + "ON \"orders\".\"customer_id\" = \"customers\".\"id\" GROUP BY \"customers\".\"country\" ORDER BY SUM(\"orders\".\"amount\") LIMIT 2");
    }

    @Test
    void topWithoutANumberMeansTen() {
        Translation.Answer answer = answer(product.translate("top orders by amount"));
        assertThat(answer.sql()).endsWith("ORDER BY \"orders\".\"amount\" DESC LIMIT 10");
    }

    @Test
    void aYearBecomesAHalfOpenRangeOfBoundDates() {
        Translation.Answer answer = answer(product.translate("how many orders in 2024"));
        assertThat(answer.sql()).isEqualTo("SELECT COUNT(*) FROM \"orders\" WHERE \"orders\".\"ordered_at\" >= ? AND \"orders\".\"ordered_at\" < ?");
        assertThat(answer.parameters()).containsExactly(LocalDate.of(2024, 1, 1), LocalDate.of(2025, 1, 1));
    }

    @Test
    void lastNDaysAreTheNCalendarDaysEndingWithToday() {
        Translation.Answer answer = answer(product.translate("average amount of orders in the last 30 days"));
        assertThat(answer.sql()).isEqualTo("SELECT AVG(\"orders\".\"amount\") FROM \"orders\" WHERE \"orders\".\"ordered_at\" >= ? "
                + "AND \"orders\".\"ordered_at\" < ?");
        assertThat(answer.parameters()).containsExactly(LocalDate.of(2026, 2, 14), LocalDate.of(2026, 3, 16));
    }

    @Test
    void relativeDayAndPeriodWords() {
        assertThat(answer(product.translate("orders today")).parameters()).containsExactly(LocalDate.of(2026, 3, 15), LocalDate.of(2026, 3, 16));
        assertThat(answer(product.translate("orders yesterday")).parameters()).containsExactly(LocalDate.of(2026, 3, 14), LocalDate.of(2026, 3, 15));
        assertThat(answer(product.translate("total revenue last month")).parameters()).containsExactly(LocalDate.of(2026, 2, 1), LocalDate.of(2026, 3, 1));
        assertThat(answer(product.translate("total revenue this month")).parameters()).containsExactly(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 4, 1));
        assertThat(answer(product.translate("total revenue last quarter")).parameters()).containsExactly(LocalDate.of(2025, 10, 1), LocalDate.of(2026, 1, 1));
    }

    @Test
    void aGrainGroupsAndOrdersByTheTruncatedDate() {
        Translation.Answer answer = answer(product.translate("monthly revenue this year"));
        assertThat(answer.sql()).isEqualTo("SELECT DATE_TRUNC('month', \"orders\".\"ordered_at\"), SUM(\"orders\".\"amount\") FROM \"orders\" "
                + "WHERE \"orders\".\"ordered_at\" >= ? AND \"orders\".\"ordered_at\" < ? GROUP BY DATE_TRUNC('month', \"orders\".\"ordered_at\") "
                + "ORDER BY DATE_TRUNC('month', \"orders\".\"ordered_at\")");
        assertThat(answer.parameters()).containsExactly(LocalDate.of(2026, 1, 1), LocalDate.of(2027, 1, 1));
    }

    @Test
    void byWeekIsAGrainToo() {
        assertThat(answer(product.translate("number of orders by week")).sql())
                .isEqualTo("SELECT DATE_TRUNC('week', \"orders\".\"ordered_at\"), COUNT(*) FROM \"orders\" GROUP BY DATE_TRUNC('week', "
                        + "\"orders\".\"ordered_at\") ORDER BY DATE_TRUNC('week', \"orders\".\"ordered_at\")");
    }

    @Test
    void anAdministratorsFilterPhrasingIsAValueFilter() {
        Translation.Answer answer = answer(product.translate("number of refunds"));
        assertThat(answer.sql()).isEqualTo("SELECT COUNT(*) FROM \"orders\" WHERE \"orders\".\"status\" = ?");
        assertThat(answer.parameters()).containsExactly("refunded");
    }

    @Test
    void notExcludesAValue() {
        Translation.Answer answer = answer(product.translate("customers not in france"));
        assertThat(answer.sql()).isEqualTo("SELECT \"customers\".\"name\" FROM \"customers\" WHERE \"customers\".\"country\" <> ?");
        assertThat(answer.parameters()).containsExactly("France");
    }

    @Test
    void distinctCountsDistinctValues() {
        assertThat(answer(product.translate("how many distinct countries")).sql())
                .isEqualTo("SELECT COUNT(DISTINCT \"customers\".\"country\") FROM \"customers\"");
    }

    @Test
    void medianMinimumAndMaximum() {
        assertThat(answer(product.translate("median amount of orders")).sql()).isEqualTo("SELECT MEDIAN(\"orders\".\"amount\") FROM \"orders\"");
        assertThat(answer(product.translate("minimum amount")).sql()).isEqualTo("SELECT MIN(\"orders\".\"amount\") FROM \"orders\"");
        assertThat(answer(product.translate("max monthly price")).sql()).isEqualTo("SELECT MAX(\"plans\".\"monthly_price\") FROM \"plans\"");
    }

    @Test
    void aValueOfARelatedTableJoinsAlongTheKeyPathAndIsBoundAsItIsStored() {
        Translation.Answer answer = answer(product.translate("total revenue of o'reilly media"));
        assertThat(answer.sql()).isEqualTo("SELECT SUM(\"orders\".\"amount\") FROM \"orders\" JOIN \"customers\" ON \"orders\".\"customer_id\" = "
                + "\"customers\".\"id\" WHERE \"customers\".\"name\" = ?");
        assertThat(answer.parameters()).containsExactly("O'Reilly Media");
    }

    @Test
    void aJoinOfTwoStepsFollowsTheKeyChain() {
        Translation.Answer answer = answer(product.translate("total revenue by plan"));
        assertThat(answer.sql()).isEqualTo("SELECT \"plans\".\"name\", SUM(\"orders\".\"amount\") FROM \"orders\" JOIN \"customers\" ON "
                + "\"orders\".\"customer_id\" = \"customers\".\"id\" JOIN \"plans\" ON \"customers\".\"plan_id\" = \"plans\".\"id\" "
                + "GROUP BY \"plans\".\"name\"");
    }

    @Test
    void aComparisonWithATableCountsTheRelatedRowsPerRow() {
        Translation.Answer answer = answer(product.translate("customers with more than 3 orders"));
        assertThat(answer.sql()).isEqualTo("SELECT \"customers\".\"name\" FROM \"customers\" JOIN \"orders\" ON \"customers\".\"id\" = "
                + "\"orders\".\"customer_id\" GROUP BY \"customers\".\"name\" HAVING COUNT(*) > ?");
        assertThat(answer.parameters()).containsExactly(new java.math.BigDecimal("3"));
        assertThat(answer.interpretation()).isEqualTo("customers, number of orders more than 3");
    }

    @Test
    void aMonthNameIsTheLatestSuchMonthOrTheOneOfTheGivenYear() {
        assertThat(answer(product.translate("total revenue in february")).parameters())
                .containsExactly(LocalDate.of(2026, 2, 1), LocalDate.of(2026, 3, 1));
        assertThat(answer(product.translate("total revenue in april")).parameters())
                .as("april has not begun in march 2026").containsExactly(LocalDate.of(2025, 4, 1), LocalDate.of(2025, 5, 1));
        assertThat(answer(product.translate("total revenue in april 2024")).parameters())
                .containsExactly(LocalDate.of(2024, 4, 1), LocalDate.of(2024, 5, 1));
        assertThat(answer(product.translate("number of orders since january")).parameters())
                .containsExactly(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 3, 16));
    }

    @Test
    void aShareDividesEachGroupsTotalByTheTotalOverAllGroups() {
        Translation.Answer answer = answer(product.translate("share of revenue by country"));
        assertThat(answer.sql()).isEqualTo("SELECT \"customers\".\"country\", SUM(\"orders\".\"amount\") * 1.0 / SUM(SUM(\"orders\".\"amount\")) OVER () "
                + "FROM \"orders\" JOIN \"customers\" ON \"orders\".\"customer_id\" = \"customers\".\"id\" GROUP BY \"customers\".\"country\"");
        assertThat(answer.interpretation()).isEqualTo("share of total amount of orders, by country");
        assertThat(answer(product.translate("percentage of orders by status")).sql())
                .isEqualTo("SELECT \"orders\".\"status\", COUNT(*) * 1.0 / SUM(COUNT(*)) OVER () FROM \"orders\" GROUP BY \"orders\".\"status\"");
    }

    @Test
    void growthShowsEachPeriodsValueAndItsChangeOverThePreviousOne() {
        String month = "DATE_TRUNC('month', \"orders\".\"ordered_at\")";
        String previous = "LAG(SUM(\"orders\".\"amount\")) OVER (ORDER BY " + month + ")";
        Translation.Answer answer = answer(product.translate("growth of revenue by month"));
        assertThat(answer.sql()).isEqualTo("SELECT " + month + ", SUM(\"orders\".\"amount\"), (SUM(\"orders\".\"amount\") - " + previous + ") * 1.0 / " + previous
                + " FROM \"orders\" GROUP BY " + month + " ORDER BY " + month);
        assertThat(answer.interpretation()).isEqualTo("growth of total amount of orders over the previous period, by month of ordered at");
    }

    @Test
    void aTableNameBeforeOneOfItsColumnsQualifiesTheColumn() {
        assertThat(answer(product.translate("customer names in france")).sql())
                .isEqualTo("SELECT \"customers\".\"name\" FROM \"customers\" WHERE \"customers\".\"country\" = ?");
        assertThat(answer(product.translate("plan names")).sql()).isEqualTo("SELECT \"plans\".\"name\" FROM \"plans\"");
    }
}
