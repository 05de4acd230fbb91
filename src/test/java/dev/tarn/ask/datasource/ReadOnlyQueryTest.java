package dev.tarn.ask.datasource;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which statements may run on a datasource: one query, in any of the dialects the question engine writes, and nothing that writes. */
class ReadOnlyQueryTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT 1",
            "SELECT \"name\", COUNT(*) FROM \"orders\" GROUP BY \"name\" ORDER BY 2 DESC LIMIT 10",
            "SELECT `title` FROM `books` WHERE `price` < ?",
            "WITH totals AS (SELECT region, SUM(amount) AS total FROM sales GROUP BY region) SELECT * FROM totals",
            "SELECT a FROM t UNION ALL SELECT b FROM u",
            "SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY amount) FROM orders",
            "SELECT DATE_TRUNC('month', ordered_on) AS month, SUM(amount) FROM orders GROUP BY 1",
            "SELECT DATE_FORMAT(published, '%Y-%m-01') AS month, COUNT(*) FROM books GROUP BY 1",
            "SELECT STRFTIME('%Y-%m-01', day) AS month FROM readings",
            "SELECT MEDIAN(celsius) FROM readings",
            "SELECT amount::DOUBLE FROM orders WHERE note ILIKE '%x%'",
            "SELECT * FROM orders WHERE id IN (SELECT order_id FROM refunds)",
            "SELECT DATE_SUB(DATE(`published`), INTERVAL WEEKDAY(`published`) DAY) AS w FROM `books`",
            "SELECT PRINTF('%s-%02d-01', STRFTIME('%Y', day), ((CAST(STRFTIME('%m', day) AS INTEGER) - 1) / 3) * 3 + 1) AS q FROM readings",
            "SELECT DATE(day, 'weekday 0', '-6 days') AS w FROM readings",
    })
    void queriesInEveryDialectPass(String sql) {
        assertThatCode(() -> ReadOnlyQuery.require(sql)).doesNotThrowAnyException();
        assertThat(ReadOnlyQuery.prepare(sql)).isEqualTo(sql);
    }

    @Test
    void aStatementTheParserCannotReadIsSentAsADerivedTableWhereOnlyAQueryCanStand() {
        String quarter = "SELECT MAKEDATE(YEAR(`published`), 1) + INTERVAL (QUARTER(`published`) - 1) QUARTER AS q FROM `books`";
        assertThat(ReadOnlyQuery.prepare(quarter + ";")).isEqualTo("SELECT * FROM (\n" + quarter + "\n) AS tarn_query");
        assertThat(ReadOnlyQuery.prepare("not sql at all -- comment")).isEqualTo("SELECT * FROM (\nnot sql at all -- comment\n) AS tarn_query");
        assertThat(ReadOnlyQuery.prepare("ATTACH '/etc/passwd' AS secrets")).startsWith("SELECT * FROM (\nATTACH");
        assertThat(ReadOnlyQuery.prepare("COPY orders TO '/tmp/orders.csv'")).isEqualTo("SELECT * FROM (\nCOPY orders TO '/tmp/orders.csv'\n) AS tarn_query");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "DELETE FROM orders",
            "UPDATE orders SET amount = 0",
            "INSERT INTO orders VALUES (1)",
            "DROP TABLE orders",
            "CREATE TABLE copy AS SELECT * FROM orders",
            "SELECT 1; DROP TABLE orders",
            "SELECT * INTO backup FROM orders",
            "SELECT * FROM orders INTO OUTFILE '/tmp/orders.txt'",
            "WITH gone AS (DELETE FROM orders RETURNING id) SELECT * FROM gone",
            "",
            "  ",
    })
    void anythingElseIsRefusedWithACode(String sql) {
        assertThatThrownBy(() -> ReadOnlyQuery.prepare(sql)).isInstanceOfSatisfying(TarnException.class,
                e -> org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(ErrorCode.DATASOURCE_QUERY_REFUSED));
    }
}
