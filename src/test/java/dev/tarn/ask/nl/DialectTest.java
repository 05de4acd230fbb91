package dev.tarn.ask.nl;

import dev.tarn.ask.nl.sql.SqlDialect;
import org.junit.jupiter.api.Test;

import static dev.tarn.ask.nl.Answers.answer;
import static org.assertj.core.api.Assertions.assertThat;

/** One reading, rendered in each supported engine's dialect. */
class DialectTest {
    private static final String QUESTION = "monthly revenue by country in 2025";

    @Test
    void duckDbAndPostgresqlQuoteWithDoubleQuotesAndTruncateWithDateTrunc() {
        String expected = "SELECT DATE_TRUNC('month', \"orders\".\"ordered_at\"), \"customers\".\"country\", SUM(\"orders\".\"amount\") "
                + "FROM \"orders\" JOIN \"customers\" ON \"orders\".\"customer_id\" = \"customers\".\"id\" WHERE \"orders\".\"ordered_at\" >= ? "
                + "AND \"orders\".\"ordered_at\" < ? GROUP BY DATE_TRUNC('month', \"orders\".\"ordered_at\"), \"customers\".\"country\" "
                + "ORDER BY DATE_TRUNC('month', \"orders\".\"ordered_at\")";
        assertThat(answer(Fixtures.product(SqlDialect.DUCKDB).translate(QUESTION)).sql()).isEqualTo(expected);
        assertThat(answer(Fixtures.product(SqlDialect.POSTGRESQL).translate(QUESTION)).sql()).isEqualTo(expected);
    }

    @Test
    void mySqlQuotesWithBackticksAndFormatsTheMonth() {
        assertThat(answer(Fixtures.product(SqlDialect.MYSQL).translate(QUESTION)).sql()).isEqualTo(
                "SELECT DATE_FORMAT(`orders`.`ordered_at`, '%Y-%m-01'), `customers`.`country`, SUM(`orders`.`amount`) FROM `orders` "
                        + "JOIN `customers` ON `orders`.`customer_id` = `customers`.`id` WHERE `orders`.`ordered_at` >= ? AND "
                        + "`orders`.`ordered_at` < ? GROUP BY DATE_FORMAT(`orders`.`ordered_at`, '%Y-%m-01'), `customers`.`country` "
                        + "ORDER BY DATE_FORMAT(`orders`.`ordered_at`, '%Y-%m-01')");
    }

    @Test
    void sqliteUsesStrftime() {
        assertThat(answer(Fixtures.product(SqlDialect.SQLITE).translate(QUESTION)).sql())
                .startsWith("SELECT STRFTIME('%Y-%m-01', \"orders\".\"ordered_at\"), \"customers\".\"country\"");
    }

    @Test
    void postgresqlSpellsTheMedianAsAnOrderedSetAggregate() {
        assertThat(answer(Fixtures.product(SqlDialect.POSTGRESQL).translate("median amount of orders")).sql())
                .isEqualTo("SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY \"orders\".\"amount\") FROM \"orders\"");
    }

    @Test
    void everyGrainOfEveryDialectIsSqlTheRowFilterPrinterCanRead() throws Exception {
        for (SqlDialect dialect : SqlDialect.values()) {
            for (String grain : java.util.List.of("daily", "weekly", "monthly", "quarterly", "yearly")) {
                String sql = answer(Fixtures.product(dialect).translate(grain + " revenue")).sql();
                assertThat(net.sf.jsqlparser.parser.CCJSqlParserUtil.parse(sql)).as(dialect + " " + grain + ": " + sql).isNotNull();
            }
        }
    }

    @Test
    void aQuoteInsideAnIdentifierIsDoubled() {
        assertThat(SqlDialect.DUCKDB.quoteIdentifier("we\"ird")).isEqualTo("\"we\"\"ird\"");
        assertThat(SqlDialect.MYSQL.quoteIdentifier("we`ird")).isEqualTo("`we``ird`");
    }
}
