package dev.tarn.ask.chart;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static dev.tarn.ask.chart.Tables.columns;
import static dev.tarn.ask.chart.Tables.row;
import static dev.tarn.ask.chart.Tables.table;
import static dev.tarn.ask.nl.model.DataType.DATE;
import static dev.tarn.ask.nl.model.DataType.DECIMAL;
import static dev.tarn.ask.nl.model.DataType.INTEGER;
import static dev.tarn.ask.nl.model.DataType.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

/** The sentence an answer is said in, and the insights that come with it. */
class AnswerWriterTest {
    private final AnswerWriter writer = new AnswerWriter();

    @Test
    void noRowsSayNoRowsMatch() {
        assertThat(writer.sentence("total amount of orders", table(columns("total", DECIMAL)))).isEqualTo("No rows match.");
    }

    @Test
    void oneValueIsSaidWithTheInterpretationAndFormatted() {
        var table = table(columns("total_amount", DECIMAL), row(new BigDecimal("1234567.89")));

        assertThat(writer.sentence("total amount of orders in 2024", table)).isEqualTo("The total amount of orders in 2024 is 1,234,567.89.");
        assertThat(writer.sentence("The total amount of orders in 2024.", table)).isEqualTo("The total amount of orders in 2024 is 1,234,567.89.");
        assertThat(writer.sentence("", table)).isEqualTo("The total amount is 1,234,567.89.");
        assertThat(writer.sentence("average rating", table(columns("rating", DECIMAL), row((Object) null))))
                .isEqualTo("There is no value for the average rating.");
    }

    @Test
    void oneRowOfSeveralValuesNamesEachValue() {
        var table = table(columns("orders", INTEGER, "total_amount", DECIMAL), row(4L, 1200.5));

        assertThat(writer.sentence("number and total amount of orders", table))
                .isEqualTo("Number and total amount of orders: orders 4, total amount 1,200.50.");
    }

    @Test
    void aShortRankingSortedByItsMeasureIsATopList() {
        var table = table(columns("country", TEXT, "total_amount", DECIMAL),
                row("France", 12000.0), row("Spain", 9500.0), row("Italy", 7250.0));

        assertThat(writer.sentence("total amount of orders, by country, for 2024", table))
                .isEqualTo("Top 3 countries by total amount: France (12,000), Spain (9,500), Italy (7,250).");
    }

    @Test
    void anAscendingRankingIsABottomList() {
        var table = table(columns("category", TEXT, "orders", INTEGER), row("Toys", 3L), row("Books", 10L));

        assertThat(writer.sentence("", table)).isEqualTo("Bottom 2 categories by orders: Toys (3), Books (10).");
    }

    @Test
    void aShortUnsortedResultListsItsRowsUnderTheInterpretation() {
        var table = table(columns("month", DATE, "revenue", DECIMAL),
                row(LocalDate.of(2024, 1, 1), 100.0), row(LocalDate.of(2024, 2, 1), 120.5), row(LocalDate.of(2024, 3, 1), 90.0));

        assertThat(writer.sentence("revenue by month", table)).isEqualTo("Revenue by month: 2024-01 (100.00), 2024-02 (120.50), 2024-03 (90.00).");
    }

    @Test
    void rowsWithSeveralMeasuresAreSeparatedBySemicolons() {
        var table = table(columns("country", TEXT, "orders", INTEGER, "returns", INTEGER), row("France", 1200L, 3L), row("Spain", 800L, 9L));

        assertThat(writer.sentence("", table)).isEqualTo("Orders and returns by country: France (orders 1,200, returns 3); Spain (orders 800, returns 9).");
    }

    @Test
    void manyRowsGiveTheCountAndTheFirstFew() {
        List<List<Object>> rows = new ArrayList<>();
        for (int index = 0; index < 42; index++) rows.add(row("customer " + index, 1000L * (index % 5)));

        assertThat(writer.sentence("total amount by customer", table(columns("customer", TEXT, "total", INTEGER), rows, false)))
                .isEqualTo("42 rows for total amount by customer; the first 3: customer 0 (0), customer 1 (1,000), customer 2 (2,000).");
        assertThat(writer.sentence("total amount by customer", table(columns("customer", TEXT, "total", INTEGER), rows.subList(0, 5), true)))
                .startsWith("More than 5 rows for total amount by customer; the first 3: ");
    }

    @Test
    void insightsOfARankingGiveHighestLowestTotalAndTheLeadersShare() {
        var table = table(columns("country", TEXT, "total_amount", DECIMAL),
                row("France", 12000.0), row("Spain", 9500.0), row("Italy", 8500.0));

        assertThat(writer.insights(table)).containsExactly(
                "Highest total amount: France (12,000).",
                "Lowest total amount: Italy (8,500).",
                "Total amount across 3 rows: 30,000.",
                "France is 40% of the total.");
    }

    @Test
    void insightsOfATimeSeriesGiveTheChangeFromFirstToLastAndThePeak() {
        var table = table(columns("month", DATE, "revenue", INTEGER),
                row(LocalDate.of(2024, 3, 1), 150L), row(LocalDate.of(2024, 1, 1), 100L), row(LocalDate.of(2024, 2, 1), 180L));

        assertThat(writer.insights(table)).containsExactly(
                "Revenue went from 100 (2024-01) to 150 (2024-03), up 50%.",
                "Peak revenue: 180 (2024-02).",
                "Total revenue across 3 rows: 430.");
    }

    @Test
    void aTimeSeriesPerCategoryIsNotReadAsOneSeries() {
        var table = table(columns("month", DATE, "country", TEXT, "revenue", INTEGER),
                row(LocalDate.of(2024, 1, 1), "France", 10L), row(LocalDate.of(2024, 1, 1), "Spain", 30L),
                row(LocalDate.of(2024, 2, 1), "France", 12L), row(LocalDate.of(2024, 2, 1), "Spain", 5L));

        assertThat(writer.insights(table)).containsExactly(
                "Highest revenue: 2024-01, Spain (30).",
                "Lowest revenue: 2024-02, Spain (5).",
                "Total revenue across 4 rows: 57.");
    }

    @Test
    void averagesAndSharesAreNotAddedUp() {
        var table = table(columns("country", TEXT, "average_price", DECIMAL), row("France", 10.5), row("Spain", 8.25));

        assertThat(writer.insights(table)).containsExactly("Highest average price: France (10.50).", "Lowest average price: Spain (8.25).");
    }

    @Test
    void aCutResultSaysItsFiguresCoverTheRowsRead() {
        var table = table(columns("country", TEXT, "orders", INTEGER), List.of(row("France", 5L), row("Spain", 3L)), true);

        assertThat(writer.insights(table)).last().isEqualTo("Only the first 2 rows were read; these figures cover them only.");
    }

    @Test
    void oneRowHasNoInsights() {
        assertThat(writer.insights(table(columns("total", DECIMAL), row(5.0)))).isEmpty();
    }
}
