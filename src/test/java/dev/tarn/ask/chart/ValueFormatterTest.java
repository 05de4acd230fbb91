package dev.tarn.ask.chart;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static dev.tarn.ask.chart.Tables.columns;
import static dev.tarn.ask.chart.Tables.row;
import static dev.tarn.ask.chart.Tables.table;
import static dev.tarn.ask.nl.model.DataType.BOOLEAN;
import static dev.tarn.ask.nl.model.DataType.DATE;
import static dev.tarn.ask.nl.model.DataType.DECIMAL;
import static dev.tarn.ask.nl.model.DataType.INTEGER;
import static dev.tarn.ask.nl.model.DataType.TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;

/** How values read in sentences, insights and charts. */
class ValueFormatterTest {
    @Test
    void wholeNumbersGetThousandsSeparatorsAndNoDecimals() {
        assertThat(ValueFormatter.formatValue("orders", 1234567L)).isEqualTo("1,234,567");
        assertThat(ValueFormatter.formatValue("orders", -4200)).isEqualTo("-4,200");
        assertThat(ValueFormatter.formatValue("amount", new BigDecimal("12000.00"))).isEqualTo("12,000");
        assertThat(ValueFormatter.formatValue("amount", 3.0)).isEqualTo("3");
    }

    @Test
    void otherNumbersGetTwoDecimalsRoundedHalfUp() {
        assertThat(ValueFormatter.formatValue("amount", new BigDecimal("1234567.885"))).isEqualTo("1,234,567.89");
        assertThat(ValueFormatter.formatValue("amount", 0.5)).isEqualTo("0.50");
        assertThat(ValueFormatter.formatValue("amount", -2.125)).isEqualTo("-2.13");
    }

    @Test
    void tinyNumbersKeepTwoSignificantDigitsRatherThanBecomingZero() {
        assertThat(ValueFormatter.formatValue("error", 0.0034567)).isEqualTo("0.0035");
        assertThat(ValueFormatter.formatValue("error", 0.0)).isEqualTo("0");
    }

    @Test
    void aColumnWithAnyFractionPrintsAllItsValuesWithTwoDecimals() {
        var table = table(columns("amount", DECIMAL), row(12000.0), row(9500.5));
        ValueFormatter amounts = ValueFormatter.forColumn(table, 0);

        assertThat(amounts.format(12000.0)).isEqualTo("12,000.00");
        assertThat(amounts.format(9500.5)).isEqualTo("9,500.50");
    }

    @Test
    void sharesBetweenZeroAndOneArePercentagesAndPercentColumnsAreAlreadyPercents() {
        assertThat(ValueFormatter.formatValue("share", 0.125)).isEqualTo("12.5%");
        assertThat(ValueFormatter.formatValue("revenue_share", 0.4)).isEqualTo("40%");
        assertThat(ValueFormatter.formatValue("conversionRatio", new BigDecimal("0.3333"))).isEqualTo("33.3%");
        assertThat(ValueFormatter.formatValue("percent_paid", 12.5)).isEqualTo("12.5%");
        assertThat(ValueFormatter.formatValue("growth_pct", -3.0)).isEqualTo("-3%");
    }

    @Test
    void ratesAndSharesOutsideZeroToOneStayPlainNumbers() {
        assertThat(ValueFormatter.formatValue("exchange_rate", 0.92)).isEqualTo("0.92");
        assertThat(ValueFormatter.formatValue("price_ratio", 1.5)).isEqualTo("1.50");
        assertThat(ValueFormatter.formatValue("shares", 0.5)).isEqualTo("0.50");
    }

    @Test
    void datesPrintIsoAndTruncatedMonthsAndYearsPrintAsSuch() {
        assertThat(ValueFormatter.formatValue("day", LocalDate.of(2024, 3, 31))).isEqualTo("2024-03-31");
        assertThat(ValueFormatter.formatValue("day", LocalDate.of(2024, 1, 1))).as("one value alone is a day").isEqualTo("2024-01-01");
        var months = table(columns("month", DATE), row(LocalDate.of(2024, 1, 1)), row(LocalDate.of(2024, 2, 1)));
        var years = table(columns("year", TIMESTAMP), row(LocalDateTime.of(2023, 1, 1, 0, 0)), row(LocalDateTime.of(2024, 1, 1, 0, 0)));

        assertThat(ValueFormatter.forColumn(months, 0).format(LocalDate.of(2024, 2, 1))).isEqualTo("2024-02");
        assertThat(ValueFormatter.forColumn(years, 0).format(LocalDateTime.of(2024, 1, 1, 0, 0))).isEqualTo("2024");
    }

    @Test
    void timestampsPrintToTheMinuteWithTheirOffset() {
        assertThat(ValueFormatter.formatValue("at", LocalDateTime.of(2024, 3, 31, 14, 5))).isEqualTo("2024-03-31 14:05");
        assertThat(ValueFormatter.formatValue("at", LocalDateTime.of(2024, 3, 31, 14, 5, 9))).isEqualTo("2024-03-31 14:05:09");
        assertThat(ValueFormatter.formatValue("at", OffsetDateTime.of(2024, 3, 31, 14, 5, 0, 0, ZoneOffset.UTC))).isEqualTo("2024-03-31 14:05 UTC");
        assertThat(ValueFormatter.formatValue("at", OffsetDateTime.of(2024, 3, 31, 14, 5, 0, 0, ZoneOffset.ofHours(2)))).isEqualTo("2024-03-31 14:05 +02:00");
    }

    @Test
    void nullsBooleansAndTextReadPlainly() {
        var table = table(columns("paid", BOOLEAN, "count", INTEGER), row(true, null));

        assertThat(ValueFormatter.forColumn(table, 0).format(true)).isEqualTo("yes");
        assertThat(ValueFormatter.forColumn(table, 0).format(false)).isEqualTo("no");
        assertThat(ValueFormatter.forColumn(table, 1).format(null)).isEqualTo("no value");
        assertThat(ValueFormatter.formatValue("name", "Ada")).isEqualTo("Ada");
        assertThat(ValueFormatter.formatValue("ratio", Double.NaN)).isEqualTo("NaN");
    }
}
