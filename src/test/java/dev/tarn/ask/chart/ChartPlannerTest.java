package dev.tarn.ask.chart;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import static dev.tarn.ask.chart.Tables.columns;
import static dev.tarn.ask.chart.Tables.row;
import static dev.tarn.ask.chart.Tables.table;
import static dev.tarn.ask.nl.model.DataType.BOOLEAN;
import static dev.tarn.ask.nl.model.DataType.DATE;
import static dev.tarn.ask.nl.model.DataType.DECIMAL;
import static dev.tarn.ask.nl.model.DataType.INTEGER;
import static dev.tarn.ask.nl.model.DataType.OTHER;
import static dev.tarn.ask.nl.model.DataType.TEXT;
import static dev.tarn.ask.nl.model.DataType.TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;

/** Which chart the rows of an answer get, and the Vega-Lite spec it is written as. */
class ChartPlannerTest {
    private final ChartPlanner planner = new ChartPlanner();

    @Test
    void oneRowWithOneMeasureIsABigNumberDrawnAsATextMark() {
        Chart chart = planner.plan(table(columns("total_amount", DECIMAL), row(new BigDecimal("1234567.891"))));

        assertThat(chart.kind()).isEqualTo(ChartKind.NUMBER);
        assertThat(chart.title()).isEqualTo("Total amount");
        JsonNode spec = chart.vegaLite();
        assertThat(spec.get("$schema").asText()).isEqualTo("https://vega.github.io/schema/vega-lite/v5.json");
        assertThat(spec.at("/mark/type").asText()).isEqualTo("text");
        assertThat(spec.at("/encoding/text/field").asText()).isEqualTo("formatted");
        assertThat(spec.at("/data/values/0/formatted").asText()).isEqualTo("1,234,567.89");
        assertThat(spec.at("/data/values/0/total_amount").decimalValue()).isEqualByComparingTo("1234567.891");
        assertThat(chart.svg()).contains("1,234,567.89").contains("Total amount");
    }

    @Test
    void aNumberIsTitledWithTheInterpretationAndLabelledWithTheRestOfItsRow() {
        Chart chart = planner.plan(table(columns("country", TEXT, "orders", INTEGER), row("France", 1200L)), "orders from the top country");

        assertThat(chart.kind()).isEqualTo(ChartKind.NUMBER);
        assertThat(chart.title()).isEqualTo("orders from the top country");
        assertThat(chart.vegaLite().at("/data/values/0/formatted").asText()).isEqualTo("1,200");
        assertThat(chart.svg()).contains(">France<").contains(">1,200<");
    }

    @Test
    void aMeasureOverTimeIsALineSortedByTimeOnAUtcTimeAxis() {
        Chart chart = planner.plan(table(columns("month", DATE, "revenue", DECIMAL),
                row(LocalDate.of(2024, 3, 1), 130.5), row(LocalDate.of(2024, 1, 1), 100.0), row(LocalDate.of(2024, 2, 1), 120.25)));

        assertThat(chart.kind()).isEqualTo(ChartKind.LINE);
        assertThat(chart.title()).isEqualTo("Revenue by month");
        JsonNode spec = chart.vegaLite();
        assertThat(spec.at("/mark/type").asText()).isEqualTo("line");
        assertThat(spec.at("/mark/point").asBoolean()).isTrue();
        assertThat(spec.at("/encoding/x/field").asText()).isEqualTo("month");
        assertThat(spec.at("/encoding/x/type").asText()).isEqualTo("temporal");
        assertThat(spec.at("/encoding/x/scale/type").asText()).isEqualTo("utc");
        assertThat(spec.at("/encoding/x/title").asText()).isEqualTo("month");
        assertThat(spec.at("/encoding/y/field").asText()).isEqualTo("revenue");
        assertThat(spec.at("/encoding/y/type").asText()).isEqualTo("quantitative");
        assertThat(texts(spec.at("/data/values"), "month")).containsExactly("2024-01-01", "2024-02-01", "2024-03-01");
        assertThat(spec.at("/data/values/0/revenue").asDouble()).isEqualTo(100.0);
        assertThat(spec.has("color")).isFalse();
    }

    @Test
    void timestampsWithAndWithoutAnOffsetAreTimesWrittenAsUtcInstants() {
        Chart local = planner.plan(table(columns("hour", TIMESTAMP, "events", INTEGER),
                row(LocalDateTime.of(2024, 5, 1, 11, 0), 7L), row(LocalDateTime.of(2024, 5, 1, 10, 0), 5L)));
        Chart offset = planner.plan(table(columns("hour", TIMESTAMP, "events", INTEGER),
                row(OffsetDateTime.of(2024, 5, 1, 12, 0, 0, 0, ZoneOffset.ofHours(2)), 5L),
                row(OffsetDateTime.of(2024, 5, 1, 9, 0, 0, 0, ZoneOffset.UTC), 7L)));

        assertThat(local.kind()).isEqualTo(ChartKind.LINE);
        assertThat(texts(local.vegaLite().at("/data/values"), "hour")).containsExactly("2024-05-01T10:00:00Z", "2024-05-01T11:00:00Z");
        assertThat(texts(offset.vegaLite().at("/data/values"), "hour")).containsExactly("2024-05-01T09:00:00Z", "2024-05-01T10:00:00Z");
    }

    @Test
    void severalMeasuresOverTimeAreFoldedIntoOneLinePerMeasure() {
        Chart chart = planner.plan(table(columns("month", DATE, "revenue", DECIMAL, "cost", DECIMAL),
                row(LocalDate.of(2024, 1, 1), 100.0, 60.0), row(LocalDate.of(2024, 2, 1), 120.0, 70.0)));

        assertThat(chart.kind()).isEqualTo(ChartKind.LINE);
        assertThat(chart.title()).isEqualTo("Revenue and cost by month");
        JsonNode spec = chart.vegaLite();
        assertThat(texts(spec.at("/transform/0/fold"))).containsExactly("revenue", "cost");
        assertThat(texts(spec.at("/transform/0/as"))).containsExactly("measure", "value");
        assertThat(spec.at("/encoding/y/field").asText()).isEqualTo("value");
        assertThat(spec.at("/encoding/color/field").asText()).isEqualTo("measure");
        assertThat(spec.at("/encoding/color/type").asText()).isEqualTo("nominal");
    }

    @Test
    void aCategoryOverTimeDrawsOneLinePerCategoryValue() {
        Chart chart = planner.plan(table(columns("month", DATE, "country", TEXT, "revenue", DECIMAL),
                row(LocalDate.of(2024, 1, 1), "France", 10.0), row(LocalDate.of(2024, 1, 1), "Spain", 8.0),
                row(LocalDate.of(2024, 2, 1), "France", 12.0), row(LocalDate.of(2024, 2, 1), "Spain", 9.0)));

        assertThat(chart.kind()).isEqualTo(ChartKind.LINE);
        assertThat(chart.vegaLite().at("/encoding/color/field").asText()).isEqualTo("country");
        assertThat(chart.vegaLite().at("/encoding/y/field").asText()).isEqualTo("revenue");
        assertThat(chart.vegaLite().has("transform")).isFalse();
        assertThat(chart.reason()).contains("one line per country");
    }

    @Test
    void aCategoryAndAMeasureAreHorizontalBarsInTheQueryOrder() {
        Chart chart = planner.plan(table(columns("country", TEXT, "total_amount", DECIMAL),
                row("France", 12000.0), row("Spain", 9500.0), row("Italy", 7250.0)));

        assertThat(chart.kind()).isEqualTo(ChartKind.BAR);
        assertThat(chart.title()).isEqualTo("Total amount by country");
        JsonNode spec = chart.vegaLite();
        assertThat(spec.at("/mark/type").asText()).isEqualTo("bar");
        assertThat(spec.at("/encoding/y/field").asText()).isEqualTo("country");
        assertThat(spec.at("/encoding/y/type").asText()).isEqualTo("nominal");
        assertThat(spec.at("/encoding/y/sort").isNull()).as("keep the query's order").isTrue();
        assertThat(spec.at("/encoding/x/field").asText()).isEqualTo("total_amount");
        assertThat(spec.at("/encoding/x/type").asText()).isEqualTo("quantitative");
        assertThat(texts(spec.at("/data/values"), "country")).containsExactly("France", "Spain", "Italy");
    }

    @Test
    void overThirtyCategoriesKeepTheThirtyLargestInTheQueryOrderAndSaySo() {
        List<List<Object>> rows = new ArrayList<>();
        // alphabetical order, values rising: the 30 largest are the last 30
        IntStream.range(0, 45).forEach(index -> rows.add(row("country %02d".formatted(index), (long) index * 10)));

        Chart chart = planner.plan(table(columns("country", TEXT, "orders", INTEGER), rows, false));

        assertThat(chart.kind()).isEqualTo(ChartKind.BAR);
        assertThat(chart.title()).isEqualTo("Orders by country (top 30 of 45 countries)");
        List<String> drawn = texts(chart.vegaLite().at("/data/values"), "country");
        assertThat(drawn).hasSize(30).startsWith("country 15").endsWith("country 44");
        assertThat(chart.svg()).contains("country 44").doesNotContain("country 14<");
    }

    @Test
    void aCategoryAndSeveralMeasuresAreGroupedBarsOneColourPerMeasure() {
        Chart chart = planner.plan(table(columns("country", TEXT, "orders", INTEGER, "returns", INTEGER),
                row("France", 120L, 5L), row("Spain", 80L, 9L)));

        assertThat(chart.kind()).isEqualTo(ChartKind.BAR);
        JsonNode spec = chart.vegaLite();
        assertThat(texts(spec.at("/transform/0/fold"))).containsExactly("orders", "returns");
        assertThat(spec.at("/encoding/yOffset/field").asText()).isEqualTo("measure");
        assertThat(spec.at("/encoding/color/field").asText()).isEqualTo("measure");
        assertThat(spec.at("/encoding/x/field").asText()).isEqualTo("value");
    }

    @Test
    void twoCategoriesAndAMeasureAreBarsGroupedByTheSecondCategory() {
        Chart chart = planner.plan(table(columns("country", TEXT, "paid", BOOLEAN, "orders", INTEGER),
                row("France", true, 100L), row("France", false, 20L), row("Spain", true, 70L)));

        assertThat(chart.kind()).isEqualTo(ChartKind.BAR);
        assertThat(chart.title()).isEqualTo("Orders by country and paid");
        assertThat(chart.vegaLite().at("/encoding/y/field").asText()).isEqualTo("country");
        assertThat(chart.vegaLite().at("/encoding/yOffset/field").asText()).isEqualTo("paid");
        assertThat(chart.vegaLite().at("/encoding/color/field").asText()).isEqualTo("paid");
    }

    @Test
    void twoMeasuresAndNothingElseAreAScatterPlot() {
        Chart chart = planner.plan(table(columns("price", DECIMAL, "quantity", INTEGER),
                row(9.99, 120L), row(19.5, 80L), row(4.25, 300L)));

        assertThat(chart.kind()).isEqualTo(ChartKind.SCATTER);
        assertThat(chart.title()).isEqualTo("Quantity against price");
        JsonNode spec = chart.vegaLite();
        assertThat(spec.at("/mark/type").asText()).isEqualTo("point");
        assertThat(spec.at("/encoding/x/field").asText()).isEqualTo("price");
        assertThat(spec.at("/encoding/x/type").asText()).isEqualTo("quantitative");
        assertThat(spec.at("/encoding/y/field").asText()).isEqualTo("quantity");
        assertThat(spec.at("/encoding/y/type").asText()).isEqualTo("quantitative");
        assertThat(spec.at("/data/values")).hasSize(3);
    }

    @Test
    void keysAndYearsHeldAsNumbersLabelBarsInsteadOfBecomingAScatterAxis() {
        Chart byCustomer = planner.plan(table(columns("customer_id", INTEGER, "total", DECIMAL), row(7L, 10.0), row(9L, 20.0)));
        Chart byYear = planner.plan(table(columns("year", INTEGER, "revenue", DECIMAL), row(2023L, 10.0), row(2024L, 20.0)));

        assertThat(byCustomer.kind()).isEqualTo(ChartKind.BAR);
        assertThat(byCustomer.vegaLite().at("/encoding/y/field").asText()).isEqualTo("customer_id");
        assertThat(byYear.kind()).isEqualTo(ChartKind.BAR);
        assertThat(byYear.vegaLite().at("/encoding/y/field").asText()).isEqualTo("year");
    }

    @Test
    void rowsNoChartFitsAreATableWithTheReasonAndNothingToDraw() {
        Chart names = planner.plan(table(columns("name", TEXT, "city", TEXT), row("Ada", "London"), row("Alan", "Wilmslow")));
        Chart empty = planner.plan(table(columns("total", DECIMAL)));
        Chart oneRowOfTwoNumbers = planner.plan(table(columns("orders", INTEGER, "revenue", DECIMAL), row(3L, 10.0)));
        Chart threeMeasures = planner.plan(table(columns("a", INTEGER, "b", INTEGER, "c", INTEGER), row(1L, 2L, 3L), row(4L, 5L, 6L)));
        Chart loneMeasure = planner.plan(table(columns("amount", DECIMAL), row(1.0), row(2.0)));
        Chart twoTimes = planner.plan(table(columns("ordered", DATE, "shipped", DATE, "orders", INTEGER),
                row(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 2), 3L), row(LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 3), 4L)));
        Chart threeCategories = planner.plan(table(columns("country", TEXT, "city", TEXT, "shop", TEXT, "orders", INTEGER),
                row("France", "Paris", "A", 3L), row("Spain", "Madrid", "B", 4L)));

        assertThat(List.of(names, empty, oneRowOfTwoNumbers, threeMeasures, loneMeasure, twoTimes, threeCategories)).allSatisfy(chart -> {
            assertThat(chart.kind()).isEqualTo(ChartKind.TABLE);
            assertThat(chart.hasChart()).isFalse();
            assertThat(chart.vegaLite().isEmpty()).isTrue();
            assertThat(chart.svg()).isEmpty();
        });
        assertThat(names.reason()).isEqualTo("No numeric column to draw: name, city hold text, times or keys.");
        assertThat(empty.reason()).isEqualTo("No rows to draw.");
        assertThat(oneRowOfTwoNumbers.reason()).isEqualTo("One row of 2 numbers (orders, revenue) reads better as a table.");
        assertThat(threeMeasures.reason()).isEqualTo("3 measures with no labels or times: a scatter plot takes exactly two.");
        assertThat(loneMeasure.reason()).contains("nothing to plot it against");
        assertThat(twoTimes.reason()).isEqualTo("2 time columns (ordered, shipped) give no single time axis.");
        assertThat(threeCategories.reason()).isEqualTo("3 categories (country, city, shop) and one measure have too many dimensions for one chart.");
    }

    @Test
    void aColumnNamedWithADotStaysOneFieldAndDuplicateNamesStayApart() {
        Chart chart = planner.plan(table(columns("order.country", TEXT, "total", DECIMAL, "total", DECIMAL),
                row("France", 1.0, 2.0), row("Spain", 3.0, 4.0)));

        JsonNode spec = chart.vegaLite();
        assertThat(spec.at("/encoding/y/field").asText()).isEqualTo("order\\.country");
        assertThat(spec.at("/data/values/0").has("order.country")).isTrue();
        assertThat(texts(spec.at("/transform/0/fold"))).containsExactly("total", "total_2");
        assertThat(spec.at("/data/values/0/total_2").asDouble()).isEqualTo(2.0);
    }

    @Test
    void rowsWithoutATimeAreLeftOffALineAndColumnsOfUnknownValuesAreLeftOutOfTheData() {
        Chart chart = planner.plan(table(columns("day", DATE, "visits", INTEGER, "payload", OTHER),
                row(LocalDate.of(2024, 1, 2), 5L, new byte[] {1}), row(null, 9L, new byte[] {2}), row(LocalDate.of(2024, 1, 1), 3L, null)));

        assertThat(chart.kind()).isEqualTo(ChartKind.LINE);
        assertThat(texts(chart.vegaLite().at("/data/values"), "day")).containsExactly("2024-01-01", "2024-01-02");
        assertThat(chart.vegaLite().at("/data/values/0").has("payload")).isFalse();
    }

    @Test
    void theQuestionsInterpretationTitlesTheChart() {
        Chart chart = planner.plan(table(columns("country", TEXT, "total", DECIMAL), row("France", 1.0), row("Spain", 2.0)),
                "total amount of orders, by country, for 2024");

        assertThat(chart.title()).isEqualTo("total amount of orders, by country, for 2024");
        assertThat(chart.vegaLite().get("title").asText()).isEqualTo("total amount of orders, by country, for 2024");
        assertThat(chart.vegaLite().get("description").asText()).isEqualTo(chart.reason());
    }

    @Test
    void aLineOrScatterDrawsAtMostFiveThousandPointsAndSaysSo() {
        List<List<Object>> days = new ArrayList<>();
        List<List<Object>> pairs = new ArrayList<>();
        for (int index = 0; index < 6000; index++) {
            days.add(row(LocalDate.of(2000, 1, 1).plusDays(6000 - index), (long) index));
            pairs.add(row((double) index, (long) index * 2));
        }

        Chart line = planner.plan(table(columns("day", DATE, "visits", INTEGER), days, false));
        Chart scatter = planner.plan(table(columns("x", DECIMAL, "y", INTEGER), pairs, false));

        assertThat(line.title()).isEqualTo("Visits by day (first 5,000 of 6,000 points)");
        assertThat(line.vegaLite().at("/data/values")).hasSize(5000);
        assertThat(line.vegaLite().at("/data/values/0/day").asText()).as("the earliest day").isEqualTo("2000-01-02");
        assertThat(scatter.title()).isEqualTo("Y against x (first 5,000 of 6,000 points)");
        assertThat(scatter.vegaLite().at("/data/values")).hasSize(5000);
    }

    @Test
    void barsGroupedByASecondCategoryKeepTheTenLargestGroups() {
        List<List<Object>> rows = new ArrayList<>();
        for (int group = 0; group < 12; group++) {
            rows.add(row("France", "channel " + group, (long) group));
            rows.add(row("Spain", "channel " + group, (long) group));
        }

        Chart chart = planner.plan(table(columns("country", TEXT, "channel", TEXT, "orders", INTEGER), rows, false));

        assertThat(chart.title()).isEqualTo("Orders by country and channel (top 10 of 12 channels)");
        assertThat(texts(chart.vegaLite().at("/data/values"), "channel")).doesNotContain("channel 0", "channel 1").hasSize(20);
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static List<String> texts(JsonNode values, String field) {
        return StreamSupport.stream(values.spliterator(), false).map(value -> value.get(field).asText()).toList();
    }
}
