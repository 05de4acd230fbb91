package dev.tarn.access;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SQL the row filter rewrite produces for each construct a question's SQL may use, and what it refuses. */
class SelectRowFilterTest {
    private static final String EMEA_ORDERS = "(SELECT * FROM orders WHERE \"region\" = ?)";

    /** orders: only the rows of the region; customers: everything; secrets: hidden. */
    private static final TableAccessRules RULES = table -> switch (table.table().toLowerCase()) {
        case "orders" -> rows(condition("region", FilterOperator.EQUALS, "EMEA"));
        case "secrets" -> new TableAccess.Hidden("The role may not read " + table);
        default -> TableAccess.all();
    };

    private static FilteredQuery filter(String sql, Object... parameters) {
        return filter(QueryDialect.DUCKDB, RULES, sql, parameters);
    }

    private static FilteredQuery filter(QueryDialect dialect, TableAccessRules rules, String sql, Object... parameters) {
        return SelectRowFilter.filter(sql, new ArrayList<>(Arrays.asList(parameters)), dialect, rules);
    }

    private static TableAccess rows(BoundCondition... conditions) {
        return new TableAccess.Readable(Optional.empty(), Optional.of(List.of(List.of(conditions))));
    }

    private static BoundCondition condition(String column, FilterOperator operator, Object... values) {
        return new BoundCondition(column, operator, Arrays.stream(values).map(BoundCondition.Parameter::new)
                .map(BoundCondition.Value.class::cast).toList());
    }

    @Test
    void aPlainTableBecomesTheFilteredSubqueryNamedLikeTheTable() {
        FilteredQuery filtered = filter("SELECT * FROM orders");

        assertThat(filtered.sql()).isEqualTo("SELECT * FROM " + EMEA_ORDERS + " orders");
        assertThat(filtered.parameters()).containsExactly("EMEA");
    }

    @Test
    void anAliasIsKept() {
        assertThat(filter("SELECT o.id FROM orders o WHERE o.total > 10").sql())
                .isEqualTo("SELECT o.id FROM " + EMEA_ORDERS + " o WHERE o.total > 10");
        assertThat(filter("SELECT o.id FROM orders AS o").sql()).isEqualTo("SELECT o.id FROM " + EMEA_ORDERS + " AS o");
    }

    @Test
    void everyJoinedTableIsFilteredAndUnrestrictedTablesStayAsTheyAre() {
        assertThat(filter("SELECT c.name, sum(o.total) FROM customers c JOIN orders o ON o.customer_id = c.id "
                + "LEFT JOIN orders o2 ON o2.id = o.id GROUP BY c.name").sql())
                .isEqualTo("SELECT c.name, sum(o.total) FROM customers c JOIN " + EMEA_ORDERS + " o ON o.customer_id = c.id "
                        + "LEFT JOIN " + EMEA_ORDERS + " o2 ON o2.id = o.id GROUP BY c.name");
    }

    @Test
    void subqueriesInFromWhereAndSelectAreFiltered() {
        FilteredQuery filtered = filter("SELECT (SELECT count(*) FROM orders) AS n FROM (SELECT * FROM orders) t "
                + "WHERE t.id IN (SELECT id FROM orders) AND EXISTS (SELECT 1 FROM orders x WHERE x.id = t.id)");

        assertThat(filtered.sql()).isEqualTo("SELECT (SELECT count(*) FROM " + EMEA_ORDERS + " orders) AS n FROM (SELECT * FROM "
                + EMEA_ORDERS + " orders) t WHERE t.id IN (SELECT id FROM " + EMEA_ORDERS + " orders) AND EXISTS (SELECT 1 FROM "
                + EMEA_ORDERS + " x WHERE x.id = t.id)");
        assertThat(filtered.parameters()).containsExactly("EMEA", "EMEA", "EMEA", "EMEA");
    }

    @Test
    void cteBodiesAreFilteredAndReferencesToTheCteAreNotTables() {
        assertThat(filter("WITH recent AS (SELECT * FROM orders WHERE placed > '2024-01-01') SELECT count(*) FROM recent").sql())
                .isEqualTo("WITH recent AS (SELECT * FROM " + EMEA_ORDERS + " orders WHERE placed > '2024-01-01') SELECT count(*) FROM recent");
    }

    @Test
    void aCteNamedLikeTheTableDoesNotDodgeTheFilter() {
        FilteredQuery filtered = filter("WITH orders AS (SELECT * FROM orders) SELECT * FROM orders");

        assertThat(filtered.sql()).isEqualTo("WITH orders AS (SELECT * FROM " + EMEA_ORDERS + " orders) SELECT * FROM orders");
        assertThat(filtered.parameters()).containsExactly("EMEA");
    }

    @Test
    void aCteIsNotInScopeOutsideTheQueryThatDefinesIt() {
        // the inner WITH names a CTE "orders"; the outer reference is the real table again
        assertThat(filter("SELECT * FROM (WITH orders AS (SELECT 1 AS id) SELECT * FROM orders) a JOIN orders b ON a.id = b.id").sql())
                .isEqualTo("SELECT * FROM (WITH orders AS (SELECT 1 AS id) SELECT * FROM orders) a JOIN " + EMEA_ORDERS + " b ON a.id = b.id");
    }

    @Test
    void aRecursiveCteMayReferToItself() {
        assertThat(filter("WITH RECURSIVE chain AS (SELECT id, parent FROM orders UNION ALL SELECT c.id, o.parent FROM chain c "
                + "JOIN orders o ON o.id = c.parent) SELECT * FROM chain").sql())
                .isEqualTo("WITH RECURSIVE chain AS (SELECT id, parent FROM " + EMEA_ORDERS + " orders UNION ALL SELECT c.id, o.parent FROM chain c "
                        + "JOIN " + EMEA_ORDERS + " o ON o.id = c.parent) SELECT * FROM chain");
    }

    @Test
    void everyBranchOfUnionIntersectAndExceptIsFiltered() {
        FilteredQuery filtered = filter("SELECT id FROM orders UNION SELECT id FROM orders INTERSECT SELECT id FROM orders EXCEPT SELECT id FROM orders");

        assertThat(filtered.sql()).isEqualTo("SELECT id FROM " + EMEA_ORDERS + " orders UNION SELECT id FROM " + EMEA_ORDERS
                + " orders INTERSECT SELECT id FROM " + EMEA_ORDERS + " orders EXCEPT SELECT id FROM " + EMEA_ORDERS + " orders");
        assertThat(filtered.parameters()).hasSize(4);
    }

    @Test
    void qualifiedAndQuotedNamesAreFilteredUnderTheirOwnSpelling() {
        assertThat(filter("SELECT * FROM main.orders").sql()).isEqualTo("SELECT * FROM (SELECT * FROM main.orders WHERE \"region\" = ?) orders");
        assertThat(filter("SELECT * FROM \"main\".\"Orders\"").sql())
                .isEqualTo("SELECT * FROM (SELECT * FROM \"main\".\"Orders\" WHERE \"region\" = ?) \"Orders\"");
        assertThat(filter(QueryDialect.MYSQL, RULES, "SELECT * FROM `shop`.`orders` o").sql())
                .isEqualTo("SELECT * FROM (SELECT * FROM `shop`.`orders` WHERE `region` = ?) o");
    }

    @Test
    void sqliteBracketsAndMysqlBackquotesAreNamesOfTheirDialect() {
        assertThat(filter(QueryDialect.SQLITE, RULES, "SELECT [total] FROM [orders] WHERE [id] = ?", 3).sql())
                .isEqualTo("SELECT [total] FROM (SELECT * FROM [orders] WHERE \"region\" = ?) [orders] WHERE [id] = ?");
        assertThat(filter(QueryDialect.MYSQL, RULES, "SELECT `o`.`total` FROM `orders` `o`").sql())
                .isEqualTo("SELECT `o`.`total` FROM (SELECT * FROM `orders` WHERE `region` = ?) `o`");
    }

    @Test
    void theCallersParametersKeepTheirValuesInTheOrderOfTheMarkers() {
        FilteredQuery filtered = filter("SELECT ? AS label, o.id FROM customers c JOIN orders o ON o.customer_id = c.id "
                + "WHERE c.country = ? AND o.total > ? OFFSET ? LIMIT ?", "x", "FR", 10, 5, 20);

        assertThat(filtered.sql()).isEqualTo("SELECT ? AS label, o.id FROM customers c JOIN " + EMEA_ORDERS
                + " o ON o.customer_id = c.id WHERE c.country = ? AND o.total > ? LIMIT ? OFFSET ?");
        // the printer puts LIMIT before OFFSET; their values follow the markers
        assertThat(filtered.parameters()).containsExactly("x", "EMEA", "FR", 10, 20, 5);
    }

    @Test
    void aGrantWithSeveralConditionsAndSeveralGrantsCombineAsAndWithinOrAcross() {
        TableAccessRules rules = table -> new TableAccess.Readable(Optional.empty(), Optional.of(List.of(
                List.of(condition("region", FilterOperator.EQUALS, "EMEA"), condition("status", FilterOperator.NOT_EQUALS, "void")),
                List.of(condition("owner", FilterOperator.EQUALS, "alice")))));

        FilteredQuery filtered = filter(QueryDialect.DUCKDB, rules, "SELECT * FROM orders");

        assertThat(filtered.sql()).isEqualTo("SELECT * FROM (SELECT * FROM orders WHERE (\"region\" = ? AND \"status\" <> ?) OR \"owner\" = ?) orders");
        assertThat(filtered.parameters()).containsExactly("EMEA", "void", "alice");
    }

    @Test
    void inListsLikeAndNullTestsBecomeTheirSql() {
        TableAccessRules rules = table -> rows(condition("region", FilterOperator.IN, "EMEA", "APAC"),
                condition("name", FilterOperator.NOT_LIKE, "%test%"), new BoundCondition("deleted_at", FilterOperator.IS_NULL, List.of()));

        FilteredQuery filtered = filter(QueryDialect.DUCKDB, rules, "SELECT * FROM orders");

        assertThat(filtered.sql()).isEqualTo("SELECT * FROM (SELECT * FROM orders WHERE \"region\" IN (?, ?) AND \"name\" NOT LIKE ? "
                + "AND \"deleted_at\" IS NULL) orders");
        assertThat(filtered.parameters()).containsExactly("EMEA", "APAC", "%test%");
    }

    @Test
    void nowMinusAnIntervalIsSpelledByEachDialect() {
        TableAccessRules rules = table -> rows(new BoundCondition("created_at", FilterOperator.GREATER_OR_EQUAL,
                List.of(new BoundCondition.Now(List.of(new IntervalShift(true, 7, IntervalUnit.DAY))))));

        assertThat(filter(QueryDialect.DUCKDB, rules, "SELECT * FROM t").sql())
                .isEqualTo("SELECT * FROM (SELECT * FROM t WHERE \"created_at\" >= NOW() - INTERVAL 7 DAY) t");
        assertThat(filter(QueryDialect.POSTGRESQL, rules, "SELECT * FROM t").sql())
                .isEqualTo("SELECT * FROM (SELECT * FROM t WHERE \"created_at\" >= NOW() - INTERVAL '7 day') t");
        assertThat(filter(QueryDialect.MYSQL, rules, "SELECT * FROM t").sql())
                .isEqualTo("SELECT * FROM (SELECT * FROM t WHERE `created_at` >= NOW() - INTERVAL 7 DAY) t");
        assertThat(filter(QueryDialect.SQLITE, rules, "SELECT * FROM t").sql())
                .isEqualTo("SELECT * FROM (SELECT * FROM t WHERE \"created_at\" >= DATETIME('now', '-7 days')) t");
    }

    @Test
    void postgresqlReadsEachValueWithTheColumnsOwnType() {
        FilteredQuery filtered = filter(QueryDialect.POSTGRESQL, table -> rows(condition("id", FilterOperator.GREATER, 10L)),
                "SELECT * FROM public.orders");

        assertThat(filtered.sql()).isEqualTo("SELECT * FROM (SELECT * FROM public.orders WHERE \"id\" > (SELECT (json_populate_record("
                + "CAST(NULL AS public.orders), json_build_object('id', CAST(? AS text)))).\"id\")) orders");
        assertThat(filtered.parameters()).containsExactly("10");
    }

    @Test
    void hiddenColumnsAreLeftOutOfTheSubquery() {
        TableAccessRules rules = table -> new TableAccess.Readable(Optional.of(List.of("id", "total")), Optional.empty());

        assertThat(filter(QueryDialect.DUCKDB, rules, "SELECT * FROM orders").sql())
                .isEqualTo("SELECT * FROM (SELECT \"id\", \"total\" FROM orders) orders");
    }

    @Test
    void aHostileVariableValueStaysAParameter() {
        String hostile = "x'; DROP TABLE orders; --";
        FilteredQuery filtered = filter(QueryDialect.DUCKDB, table -> rows(condition("region", FilterOperator.EQUALS, hostile)),
                "SELECT * FROM orders");

        assertThat(filtered.sql()).isEqualTo("SELECT * FROM " + EMEA_ORDERS + " orders").doesNotContain("DROP");
        assertThat(filtered.parameters()).containsExactly(hostile);
    }

    @Test
    void aHiddenTableRefusesTheQueryWherEverItIsRead() {
        for (String sql : List.of("SELECT * FROM secrets", "SELECT * FROM orders WHERE id IN (SELECT id FROM secrets)",
                "WITH s AS (SELECT * FROM secrets) SELECT * FROM s", "SELECT 1 UNION SELECT count(*) FROM main.secrets")) {
            assertThatThrownBy(() -> filter(sql)).as(sql).isInstanceOf(TarnException.class)
                    .satisfies(error -> assertThat(((TarnException) error).code()).isEqualTo(ErrorCode.TABLE_NOT_VISIBLE))
                    .hasMessageContaining("secrets");
        }
    }

    @Test
    void anythingButOneSelectIsRefused() {
        assertRefused("SELECT * FROM orders; DROP TABLE orders", "exactly one SELECT");
        assertRefused("DELETE FROM orders", "Only a SELECT");
        assertRefused("INSERT INTO orders SELECT * FROM orders", "Only a SELECT");
        assertRefused("WITH gone AS (DELETE FROM orders RETURNING *) SELECT * FROM gone", "");
        assertRefused("SELECT * INTO copy FROM orders", "INTO");
        assertRefused("SELECT * FROM orders INTO OUTFILE '/tmp/orders.csv'", "");
        assertRefused("SELECT * FROM orders FOR UPDATE", "FOR UPDATE");
        assertRefused("this is not sql", "could not be read");
    }

    @Test
    void tableFunctionsAndFileReadersAreRefusedAnywhere() {
        assertRefused("SELECT * FROM read_csv('/etc/passwd')", "read_csv");
        assertRefused("SELECT * FROM read_parquet('s3://bucket/x.parquet') p", "read_parquet");
        assertRefused("SELECT * FROM generate_series(1, 10)", "generate_series");
        assertRefused("SELECT pg_read_file('/etc/passwd')", "pg_read_file");
        assertRefused("SELECT id FROM orders WHERE region = LOAD_FILE('/etc/passwd')", "LOAD_FILE");
        assertRefused("SELECT * FROM dblink('host=evil', 'SELECT 1') AS t(x int)", "dblink");
        assertRefused("SELECT (SELECT pg_catalog.pg_read_file('x'))", "pg_read_file");
        assertRefused("SELECT current_setting('s3_secret_access_key')", "current_setting");
        assertRefused("SELECT * FROM orders, glob('/home/*')", "glob");
    }

    @Test
    void namesThatLookLikeFilesAreRefusedEvenWithoutRestrictions() {
        for (String sql : List.of("SELECT * FROM '/etc/passwd'", "SELECT * FROM 'orders.csv' o", "SELECT * FROM \"s3://bucket/x\"",
                "SELECT * FROM main.\"*.parquet\"")) {
            assertThatThrownBy(() -> filter(QueryDialect.DUCKDB, TableAccessRules.EVERYTHING, sql)).as(sql)
                    .hasMessageContaining("looks like a file");
        }
    }

    @Test
    void everyClauseThatCanHoldASubqueryIsFiltered() {
        List<String> queries = List.of(
                "SELECT * FROM customers c, LATERAL (SELECT * FROM orders o WHERE o.cid = c.id) x",
                "SELECT * FROM (orders o JOIN customers c ON o.cid = c.id)",
                "SELECT * FROM (customers c JOIN orders o ON o.cid = c.id) AS j",
                "SELECT * FROM ((customers c JOIN customers d ON c.id = d.id) JOIN orders o ON o.cid = c.id)",
                "SELECT coalesce((SELECT max(total) FROM orders), 0)",
                "SELECT region FROM customers GROUP BY region HAVING count(*) > (SELECT count(*) FROM orders)",
                "SELECT region FROM customers ORDER BY (SELECT min(id) FROM orders)",
                "SELECT CASE WHEN EXISTS (SELECT 1 FROM orders) THEN 1 END",
                "SELECT * FROM customers WHERE id = ANY(SELECT cid FROM orders)",
                "SELECT row_number() OVER (ORDER BY (SELECT 1 FROM orders LIMIT 1)) FROM customers",
                "SELECT * FROM customers LIMIT (SELECT count(*) FROM orders)",
                "SELECT array_agg(x) FILTER (WHERE x IN (SELECT id FROM orders)) FROM customers",
                "SELECT * FROM (VALUES (1)) v(x) CROSS JOIN orders",
                "SELECT * FROM customers NATURAL JOIN orders");
        for (String sql : queries) {
            FilteredQuery filtered = filter(sql);
            assertThat(filtered.sql()).as(sql).contains(EMEA_ORDERS).doesNotContainPattern("(FROM|JOIN) orders(?! WHERE \"region\")");
            assertThat(filtered.parameters()).as(sql).containsOnly("EMEA");
        }
    }

    @Test
    void parameterCountsMustMatchTheMarkers() {
        assertThatThrownBy(() -> filter("SELECT * FROM orders WHERE id = ?")).hasMessageContaining("0 parameter value(s)");
        assertThatThrownBy(() -> filter("SELECT * FROM orders", 1)).hasMessageContaining("0 parameter marker(s) but 1");
        assertThatThrownBy(() -> filter("SELECT * FROM orders WHERE id = :id", 1)).hasMessageContaining("Named parameters");
    }

    @Test
    void withoutRestrictionsTheQueryIsOnlyReprinted() {
        FilteredQuery filtered = filter(QueryDialect.POSTGRESQL, TableAccessRules.EVERYTHING, "select * from orders where id = ?", 7);

        assertThat(filtered.sql()).isEqualTo("SELECT * FROM orders WHERE id = ?");
        assertThat(filtered.parameters()).containsExactly(7);
    }

    @Test
    void nullParametersOfTheCallerAreKept() {
        assertThat(filter("SELECT * FROM customers WHERE a = ? OR b = ?", null, 2).parameters()).containsExactly(null, 2);
    }

    @Test
    void decimalValuesAreBoundAsNumbers() {
        FilteredQuery filtered = filter(QueryDialect.MYSQL, table -> rows(condition("total", FilterOperator.LESS, new BigDecimal("9.5"))),
                "SELECT * FROM orders");
        assertThat(filtered.parameters()).containsExactly(new BigDecimal("9.5"));
    }

    private static void assertRefused(String sql, String messagePart) {
        assertThatThrownBy(() -> filter(sql)).as(sql).isInstanceOf(TarnException.class)
                .satisfies(error -> assertThat(((TarnException) error).code()).isEqualTo(ErrorCode.QUESTION_SQL_REFUSED))
                .hasMessageContaining(messagePart);
    }

    @SuppressWarnings("unused")
    private static final Map<String, String> NONE = Map.of();
}
