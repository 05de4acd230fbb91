package dev.tarn.access;

import dev.tarn.config.TarnConfig;
import dev.tarn.engine.Engine;
import dev.tarn.engine.Session;
import dev.tarn.engine.SyntaxTrees;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Alice tries, in every way we could think of, to read or change Bob's rows of the per-user table
 * shop.carts. Each attempt must be refused (by the rewrite, or by DuckDB on the rewritten statement)
 * or see and change only Alice's rows; after every write the physical table is read unscoped to
 * prove Bob's rows are as they were.
 */
class RowScopeIsolationTest {
    private static final String ALICE = "alice";
    private static final String BOB = "bob";
    private static final Set<String> PER_USER_TABLES = Set.of("memory.shop.carts", "memory.shop.wishes");
    private static final ScopedTables SCOPED = table -> PER_USER_TABLES.contains(table.key()) ? Optional.of("_user_id") : Optional.empty();

    private static final List<List<Object>> ALICE_CARTS = List.of(List.of(1L, "A-1", 1), List.of(2L, "A-2", 2));
    private static final List<List<Object>> BOB_PHYSICAL_ROWS = List.of(
            List.of(BOB, 1001L, "BOB-SECRET-1", 50), List.of(BOB, 1002L, "BOB-SECRET-2", 70));
    /** Values only Bob's rows hold; none may ever reach Alice. */
    private static final Set<Object> BOB_VALUES = Set.of(BOB, 1001L, 1002L, "BOB-SECRET-1", "BOB-SECRET-2", 50, 70);

    @TempDir
    Path dataDirectory;

    private Engine engine;
    private RowScopeRewriter rewriter;

    @BeforeEach
    void createCartsOfAliceAndBob() {
        engine = Engine.open(dataDirectory, new TarnConfig.EngineSettings(4, 5000, 0, Optional.empty()));
        rewriter = new RowScopeRewriter(new SyntaxTrees(engine));
        try (Session session = engine.openSession()) {
            session.execute("CREATE SCHEMA shop");
            session.execute("CREATE TABLE shop.carts(_user_id VARCHAR NOT NULL, id BIGINT, sku VARCHAR, qty INT)");
            session.execute("CREATE TABLE shop.catalog(sku VARCHAR, price DOUBLE)");
            // A global key that leaves the owner out: the worst case for ON CONFLICT.
            session.execute("CREATE TABLE shop.wishes(_user_id VARCHAR NOT NULL, id BIGINT PRIMARY KEY, note VARCHAR)");
        }
        change(ALICE, "INSERT INTO shop.carts (id, sku, qty) VALUES (1, 'A-1', 1), (2, 'A-2', 2)");
        change(BOB, "INSERT INTO shop.carts (id, sku, qty) VALUES (1001, 'BOB-SECRET-1', 50), (1002, 'BOB-SECRET-2', 70)");
        change(BOB, "INSERT INTO shop.wishes (id, note) VALUES (7, 'bob wish')");
        change(ALICE, "INSERT INTO shop.catalog VALUES ('A-1', 1.5), ('A-2', 2.5), ('BOB-SECRET-1', 9.5), ('UNSOLD', 0.5)");
        assertThat(physicalCarts()).containsExactlyInAnyOrder(List.of(ALICE, 1L, "A-1", 1), List.of(ALICE, 2L, "A-2", 2),
                BOB_PHYSICAL_ROWS.get(0), BOB_PHYSICAL_ROWS.get(1));
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    // ---- reads ------------------------------------------------------------------------------

    @Test
    void plainSelectSeesOnlyAlicesRows() {
        assertThat(read("SELECT id, sku, qty FROM shop.carts")).containsExactlyInAnyOrderElementsOf(ALICE_CARTS);
    }

    @Test
    void selectStarDoesNotShowTheOwnerColumn() {
        assertThat(columns("SELECT * FROM shop.carts")).containsExactly("id", "sku", "qty");
        assertThat(read("SELECT * FROM shop.carts")).containsExactlyInAnyOrderElementsOf(ALICE_CARTS);
    }

    @Test
    void filteringOnTheOwnerColumnIsRefused() {
        assertDenied("SELECT * FROM shop.carts WHERE _user_id = 'bob'");
    }

    @Test
    void theRowCountsOfEveryTableCannotBeReadFromTheCatalog() {
        assertDenied("SELECT estimated_size FROM duckdb_tables() WHERE table_name = 'carts'");
        assertDenied("SELECT * FROM (SELECT * FROM duckdb_tables()) AS t");
        assertDenied("INSERT INTO shop.carts (id, sku) SELECT estimated_size, 'x' FROM duckdb_tables()");
    }

    @Test
    void filteringOnTheQuotedOrUpperCaseOwnerColumnIsRefused() {
        assertDenied("SELECT * FROM shop.carts WHERE \"_user_id\" = 'bob'");
        assertDenied("SELECT * FROM shop.carts WHERE \"_USER_ID\" = 'bob'");
        assertDenied("SELECT c._user_id FROM shop.carts c");
    }

    @Test
    void selfJoinSeesOnlyAlicesRowsOnBothSides() {
        assertThat(read("SELECT a.id AS left_id, b.id AS right_id FROM shop.carts a JOIN shop.carts b ON a.id <> b.id"))
                .containsExactlyInAnyOrder(List.of(1L, 2L), List.of(2L, 1L));
        assertThat(read("SELECT a.id AS left_id, b.sku AS right_sku FROM shop.carts a CROSS JOIN carts b")).hasSize(4)
                .allSatisfy(this::assertNoBobValue);
    }

    @Test
    void joinWithTheSharedCatalogSeesOnlyAlicesSkus() {
        assertThat(read("SELECT k.sku, k.price FROM shop.catalog k JOIN shop.carts c ON c.sku = k.sku"))
                .containsExactlyInAnyOrder(List.of("A-1", 1.5), List.of("A-2", 2.5));
        assertThat(read("SELECT k.sku, c.id FROM shop.catalog k LEFT JOIN shop.carts c ON c.sku = k.sku WHERE c.id IS NOT NULL"))
                .extracting(row -> row.get(0)).containsExactlyInAnyOrder("A-1", "A-2");
    }

    @Test
    void subqueryInFromSeesOnlyAlicesRows() {
        assertThat(read("SELECT n FROM (SELECT count(*) AS n FROM shop.carts) AS counted")).containsExactly(List.of(2L));
    }

    @Test
    void subqueryInWhereSeesOnlyAlicesRows() {
        assertThat(read("SELECT sku FROM shop.catalog WHERE sku IN (SELECT sku FROM shop.carts)"))
                .containsExactlyInAnyOrder(List.of("A-1"), List.of("A-2"));
    }

    @Test
    void scalarSubqueryInTheSelectListSeesOnlyAlicesRows() {
        assertThat(read("SELECT (SELECT max(qty) FROM shop.carts) AS most, (SELECT count(*) FROM carts) AS rows"))
                .containsExactly(List.of(2, 2L));
    }

    @Test
    void existsCannotProbeForBobsSku() {
        assertThat(read("SELECT 'found' WHERE EXISTS (SELECT 1 FROM shop.carts WHERE sku = 'BOB-SECRET-1')")).isEmpty();
        assertThat(read("SELECT 'found' WHERE NOT EXISTS (SELECT 1 FROM shop.carts WHERE qty > 10)")).containsExactly(List.of("found"));
    }

    @Test
    void inListOverTheTableSeesOnlyAlicesIds() {
        assertThat(read("SELECT 1001 IN (SELECT id FROM shop.carts), 1 IN (SELECT id FROM shop.carts)"))
                .containsExactly(List.of(false, true));
    }

    @Test
    void commonTableExpressionSeesOnlyAlicesRows() {
        assertThat(read("WITH mine AS (SELECT id, sku, qty FROM shop.carts) SELECT id, sku, qty FROM mine"))
                .containsExactlyInAnyOrderElementsOf(ALICE_CARTS);
    }

    @Test
    void recursiveCommonTableExpressionSeesOnlyAlicesRows() {
        assertThat(read("WITH RECURSIVE countdown(id, left_over) AS (SELECT id, qty FROM shop.carts "
                + "UNION ALL SELECT id, left_over - 1 FROM countdown WHERE left_over > 0) SELECT max(left_over), count(DISTINCT id) FROM countdown"))
                .containsExactly(List.of(2, 2L));
    }

    @Test
    void commonTableExpressionNamedLikeTheTableIsRefused() {
        assertRefused("WITH carts AS (SELECT * FROM memory.shop.carts) SELECT * FROM carts", ErrorCode.INVALID_STATEMENT);
    }

    @Test
    void unionAndUnionAllSeeOnlyAlicesRowsInEveryBranch() {
        assertThat(read("SELECT sku FROM shop.carts UNION SELECT sku FROM memory.shop.carts"))
                .containsExactlyInAnyOrder(List.of("A-1"), List.of("A-2"));
        assertThat(read("SELECT sku FROM shop.carts UNION ALL SELECT sku FROM carts")).hasSize(4).allSatisfy(this::assertNoBobValue);
    }

    @Test
    void intersectAndExceptSeeOnlyAlicesRows() {
        assertThat(read("SELECT sku FROM shop.catalog INTERSECT SELECT sku FROM shop.carts"))
                .containsExactlyInAnyOrder(List.of("A-1"), List.of("A-2"));
        // Bob's sku stays in the difference: Alice's carts cannot take it out.
        assertThat(read("SELECT sku FROM shop.catalog EXCEPT SELECT sku FROM shop.carts"))
                .containsExactlyInAnyOrder(List.of("BOB-SECRET-1"), List.of("UNSOLD"));
    }

    @Test
    void windowFunctionsCountOnlyAlicesRows() {
        assertThat(read("SELECT id, count(*) OVER () AS total, (sum(qty) OVER (ORDER BY id))::BIGINT AS running FROM shop.carts"))
                .containsExactlyInAnyOrder(List.of(1L, 2L, 1L), List.of(2L, 2L, 3L));
    }

    @Test
    void groupByAndHavingSeeOnlyAlicesRows() {
        assertThat(read("SELECT count(*), sum(qty)::BIGINT, max(id) FROM shop.carts")).containsExactly(List.of(2L, 3L, 2L));
        assertThat(read("SELECT sku, sum(qty)::BIGINT FROM shop.carts GROUP BY sku HAVING sum(qty) >= 1 ORDER BY sku"))
                .containsExactly(List.of("A-1", 1L), List.of("A-2", 2L));
    }

    @Test
    void lateralSubquerySeesOnlyAlicesRows() {
        assertThat(read("SELECT c.id, others.n FROM shop.carts c, LATERAL (SELECT count(*) AS n FROM shop.carts d WHERE d.id <> c.id) others"))
                .containsExactlyInAnyOrder(List.of(1L, 1L), List.of(2L, 1L));
    }

    @Test
    void unqualifiedNameInTheDefaultSchemaIsScoped() {
        assertThat(read("SELECT id, sku, qty FROM carts")).containsExactlyInAnyOrderElementsOf(ALICE_CARTS);
    }

    @Test
    void fullyQualifiedNameIsScoped() {
        assertThat(read("SELECT id, sku, qty FROM memory.shop.carts")).containsExactlyInAnyOrderElementsOf(ALICE_CARTS);
    }

    @Test
    void differentCasingAndQuotingAreScoped() {
        assertThat(read("SELECT id, sku, qty FROM SHOP.Carts")).containsExactlyInAnyOrderElementsOf(ALICE_CARTS);
        assertThat(read("SELECT id, sku, qty FROM \"MEMORY\".\"shop\".\"CARTS\"")).containsExactlyInAnyOrderElementsOf(ALICE_CARTS);
    }

    @Test
    void aliasesStillBindAndStillAreScoped() {
        assertThat(read("SELECT x.id, x.sku, x.qty FROM shop.carts AS x")).containsExactlyInAnyOrderElementsOf(ALICE_CARTS);
        assertThat(read("SELECT carts.id, carts.sku, carts.qty FROM shop.carts")).containsExactlyInAnyOrderElementsOf(ALICE_CARTS);
    }

    @Test
    void columnAliasesCannotRenameTheOwnerColumnIntoView() {
        // The owner column is gone before the aliases apply, so "owner" names Alice's ids.
        assertThat(read("SELECT owner FROM shop.carts AS c(owner)")).containsExactlyInAnyOrder(List.of(1L), List.of(2L));
    }

    @Test
    void wholeRowAsStructHoldsNoOwner() {
        assertThat(read("SELECT carts FROM shop.carts ORDER BY id")).extracting(row -> String.valueOf(row.get(0)))
                .allSatisfy(struct -> assertThat(struct).doesNotContain("alice", "_user_id"));
    }

    @Test
    void tableStatementIsScoped() {
        assertThat(read("TABLE shop.carts")).containsExactlyInAnyOrderElementsOf(ALICE_CARTS);
    }

    @Test
    void fromFirstSyntaxIsScoped() {
        assertThat(read("FROM shop.carts SELECT id, sku, qty")).containsExactlyInAnyOrderElementsOf(ALICE_CARTS);
        assertThat(read("FROM carts")).containsExactlyInAnyOrderElementsOf(ALICE_CARTS);
    }

    @Test
    void summarizeDescribesOnlyAlicesRows() {
        List<List<Object>> summary = read("SELECT column_name, max FROM (SUMMARIZE shop.carts)");
        assertThat(summary).extracting(row -> row.get(0)).containsExactly("id", "sku", "qty");
        assertThat(summary).containsExactlyInAnyOrder(List.of("id", "2"), List.of("sku", "A-2"), List.of("qty", "2"));
    }

    @Test
    void describeDoesNotListTheOwnerColumn() {
        assertThat(read("DESCRIBE shop.carts")).extracting(row -> row.get(0)).containsExactly("id", "sku", "qty");
    }

    @Test
    void sampleOfTheTableHoldsOnlyAlicesRows() {
        assertThat(read("SELECT id, sku, qty FROM shop.carts USING SAMPLE 100 PERCENT (bernoulli)")).allSatisfy(this::assertNoBobValue);
    }

    @Test
    void pivotWithExplicitValuesSeesOnlyAlicesRows() {
        assertThat(read("SELECT * FROM (PIVOT (SELECT sku, qty FROM shop.carts) ON sku IN ('A-1', 'BOB-SECRET-1') USING max(qty))"))
                .containsExactly(java.util.Arrays.asList(1, null));
    }

    @Test
    void pivotThatWouldListBobsSkusAsColumnsIsRefused() {
        // PIVOT without IN reads the distinct values of the whole table to name its columns.
        assertRefused("PIVOT shop.carts ON sku USING sum(qty)", ErrorCode.INVALID_STATEMENT);
    }

    // ---- functions that take table names or SQL as strings --------------------------------

    @Test
    void queryTableOfTheTableIsRefused() {
        assertDenied("SELECT * FROM query_table('shop.carts')");
        assertDenied("SELECT * FROM query_table('SHOP.CARTS')");
        assertDenied("SELECT * FROM query_table('shop.' || 'carts')");
    }

    @Test
    void queryWithSqlTextIsRefused() {
        assertDenied("SELECT * FROM query('SELECT * FROM shop.carts')");
        assertDenied("SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT * FROM shop.carts'))");
    }

    @Test
    void storageStatisticsAndSamplesOfTheTableAreRefused() {
        assertDenied("SELECT * FROM pragma_storage_info('shop.carts')");
        assertDenied("PRAGMA storage_info('shop.carts')");
        assertDenied("CALL pragma_storage_info('shop.carts')");
        assertDenied("SELECT * FROM duckdb_table_sample('shop.carts')");
        assertDenied("SELECT * FROM pragma_table_info('shop.carts')");
    }

    // ---- tricks with the text ---------------------------------------------------------------

    @Test
    void commentsAndWhitespaceInsideTheNameAreScoped() {
        assertThat(read("SELECT id, sku, qty FROM shop/**/./**/carts")).containsExactlyInAnyOrderElementsOf(ALICE_CARTS);
        assertThat(read("SELECT id, sku, qty FROM\n\tshop\n.\ncarts -- ; DELETE FROM shop.carts"))
                .containsExactlyInAnyOrderElementsOf(ALICE_CARTS);
    }

    @Test
    void carriageReturnEndingACommentCannotSmuggleASecondStatement() {
        // DuckDB ends a -- comment at \r; a reader that waits for \n would miss the DELETE.
        assertRefused("SELECT * FROM shop.catalog -- note\r; DELETE FROM shop.carts", ErrorCode.INVALID_STATEMENT);
        assertRefused("DELETE FROM shop.catalog WHERE sku = 'none' -- note\r; DELETE FROM shop.carts", ErrorCode.INVALID_STATEMENT);
        assertBobUntouched();
        assertThat(physicalCarts()).hasSize(4);
    }

    @Test
    void nestedBlockCommentsCannotHideATableFromTheCheck() {
        // DuckDB nests block comments: for it everything after the first /* is a comment.
        Outcome outcome = attempt(ALICE, "SELECT id, sku, qty FROM shop.carts /* /* */ , shop.carts AS other */");
        assertThat(outcome).isInstanceOf(Rows.class);
        assertThat(((Rows) outcome).rows()).containsExactlyInAnyOrderElementsOf(ALICE_CARTS);
    }

    @Test
    void backquotedNameInAQueryIsScoped() {
        assertThat(read("SELECT id, sku, qty FROM shop.`carts`")).containsExactlyInAnyOrderElementsOf(ALICE_CARTS);
    }

    @Test
    void backquotesCannotHideATableFromTheCheckOfADataChange() {
        // DuckDB reads `--` as a name; a lexer that does not know backquotes reads a comment and misses shop.carts.
        assertRefused("INSERT INTO shop.catalog BY NAME (SELECT `--`.sku, `--`.qty AS price FROM shop.carts AS `--`)",
                ErrorCode.INVALID_STATEMENT);
        assertThat(readUnscoped("SELECT sku FROM shop.catalog")).hasSize(4);
    }

    @Test
    void twoStatementsInOneTextAreRefused() {
        assertRefused("SELECT 1; SELECT * FROM shop.carts", ErrorCode.INVALID_STATEMENT);
        assertRefused("SELECT * FROM shop.catalog; DELETE FROM shop.carts", ErrorCode.INVALID_STATEMENT);
        assertBobUntouched();
    }

    @Test
    void unicodeLookalikeNamesReachNothing() {
        // Cyrillic "а" in carts, and in the owner column: DuckDB matches names byte for byte apart from ASCII case.
        assertFailsWithoutRows("SELECT * FROM shop.c\u0430rts");
        assertFailsWithoutRows("SELECT * FROM shop.carts WHERE \"_user_\u0456d\" = 'bob'");
        assertFailsWithoutRows("SELECT * FROM shop.\uff43\uff41\uff52\uff54\uff53");
    }

    @Test
    void catalogQualifiedNameWithoutSchemaIsScoped() {
        // After USE memory.shop, DuckDB binds memory.carts to memory.shop.carts.
        assertThat(read("SELECT * FROM memory.carts")).containsExactlyInAnyOrderElementsOf(ALICE_CARTS);
    }

    // ---- writes ----------------------------------------------------------------------------

    @Test
    void insertSelectFromTheTableCopiesOnlyAlicesRowsAndOwnsThemToAlice() {
        assertThat(change(ALICE, "INSERT INTO shop.carts (id, sku, qty) SELECT id + 100, sku, qty FROM shop.carts")).isEqualTo(2);
        assertThat(physicalCarts()).filteredOn(row -> (long) row.get(1) > 100 && (long) row.get(1) < 1000)
                .containsExactlyInAnyOrder(List.of(ALICE, 101L, "A-1", 1), List.of(ALICE, 102L, "A-2", 2));
        assertBobUntouched();
    }

    @Test
    void insertIntoASharedTableFromTheTableCopiesOnlyAlicesRows() {
        change(ALICE, "INSERT INTO shop.catalog SELECT sku || '-copy', qty FROM carts");
        assertThat(readUnscoped("SELECT sku FROM shop.catalog WHERE sku LIKE '%-copy'"))
                .containsExactlyInAnyOrder(List.of("A-1-copy"), List.of("A-2-copy"));
    }

    @Test
    void insertWithAnExplicitOwnerIsRefused() {
        assertDenied("INSERT INTO shop.carts (_user_id, id, sku, qty) VALUES ('bob', 5, 'planted', 1)");
        assertDenied("INSERT INTO shop.carts (id, sku, qty, \"_USER_ID\") VALUES (5, 'planted', 1, 'bob')");
        assertBobUntouched();
    }

    @Test
    void insertWithoutColumnListGetsAliceAsOwner() {
        change(ALICE, "INSERT INTO shop.carts VALUES (3, 'A-3', 3)");
        assertThat(physicalCarts()).contains(List.of(ALICE, 3L, "A-3", 3));
        assertBobUntouched();
    }

    @Test
    void insertWithFourValuesCannotPlaceBobAsOwner() {
        // Without a column list Alice sees three columns; a fourth value (meant for the owner) does not fit.
        assertThat(attempt(ALICE, "INSERT INTO shop.carts VALUES ('bob', 5, 'planted', 1)")).isNotInstanceOf(Rows.class);
        assertBobUntouched();
        assertThat(physicalCarts()).hasSize(4);
    }

    @Test
    void updateWithoutWhereChangesOnlyAlicesRows() {
        assertThat(change(ALICE, "UPDATE shop.carts SET qty = 0")).isEqualTo(2);
        assertThat(physicalCarts()).filteredOn(row -> row.get(0).equals(ALICE)).extracting(row -> row.get(3)).containsOnly(0);
        assertBobUntouched();
    }

    @Test
    void updateWithAnOrConditionChangesOnlyAlicesRows() {
        assertThat(change(ALICE, "UPDATE shop.carts SET qty = 0 WHERE id = 1 OR id = 1001")).isEqualTo(1);
        assertBobUntouched();
    }

    @Test
    void updateFromTheTableChangesAndReadsOnlyAlicesRows() {
        assertThat(change(ALICE, "UPDATE shop.carts AS target SET qty = source.qty + 10 FROM shop.carts AS source WHERE source.id = target.id"))
                .isEqualTo(2);
        assertThat(physicalCarts()).filteredOn(row -> row.get(0).equals(ALICE)).extracting(row -> row.get(3)).containsExactlyInAnyOrder(11, 12);
        assertBobUntouched();
    }

    @Test
    void updateOfASharedTableFromTheTableUsesOnlyAlicesRows() {
        change(ALICE, "UPDATE shop.catalog SET price = 0 FROM carts c WHERE c.sku = catalog.sku");
        assertThat(readUnscoped("SELECT sku FROM shop.catalog WHERE price = 0")).containsExactlyInAnyOrder(List.of("A-1"), List.of("A-2"));
    }

    @Test
    void updateWithASubqueryInSetReadsOnlyAlicesRows() {
        change(ALICE, "UPDATE shop.catalog SET price = (SELECT max(qty) FROM shop.carts) WHERE sku = 'UNSOLD'");
        assertThat(readUnscoped("SELECT price FROM shop.catalog WHERE sku = 'UNSOLD'")).containsExactly(List.of(2.0));
    }

    @Test
    void fromItemNamedLikeTheTargetCannotCaptureTheOwnerCondition() {
        // The added condition is carts._user_id = 'alice'; a FROM item also called carts must not answer it.
        assertFailsWithoutRows("UPDATE shop.carts SET qty = 99 FROM (SELECT 'alice' AS owner) AS carts");
        assertFailsWithoutRows("DELETE FROM shop.carts USING (SELECT 'alice' AS owner) AS carts");
        assertBobUntouched();
    }

    @Test
    void fullyQualifiedTargetsOfUpdateAndDeleteAreScoped() {
        assertThat(change(ALICE, "UPDATE memory.shop.carts SET qty = 5")).isEqualTo(2);
        assertThat(change(ALICE, "DELETE FROM \"MEMORY\".\"SHOP\".\"CARTS\" WHERE qty = 5")).isEqualTo(2);
        assertThat(physicalCarts()).containsExactlyElementsOf(BOB_PHYSICAL_ROWS);
    }

    @Test
    void updateThatSetsTheOwnerIsRefused() {
        assertDenied("UPDATE shop.carts SET _user_id = 'bob'");
        assertDenied("UPDATE shop.carts SET \"_user_id\" = 'alice' WHERE id = 1001");
        assertBobUntouched();
    }

    @Test
    void deleteWithoutWhereDeletesOnlyAlicesRows() {
        assertThat(change(ALICE, "DELETE FROM shop.carts")).isEqualTo(2);
        assertThat(physicalCarts()).containsExactlyInAnyOrderElementsOf(BOB_PHYSICAL_ROWS);
    }

    @Test
    void deleteWhereItNamesBobsIdDeletesNothing() {
        assertThat(change(ALICE, "DELETE FROM shop.carts WHERE id = 1001 OR sku LIKE 'BOB%'")).isZero();
        assertBobUntouched();
    }

    @Test
    void deleteUsingTheSharedCatalogDeletesOnlyAlicesRows() {
        assertThat(change(ALICE, "DELETE FROM shop.carts USING shop.catalog k WHERE k.sku = carts.sku")).isEqualTo(2);
        assertBobUntouched();
    }

    @Test
    void deleteFromASharedTableUsingTheTableMatchesOnlyAlicesRows() {
        change(ALICE, "DELETE FROM shop.catalog USING shop.carts c WHERE c.sku = catalog.sku");
        assertThat(readUnscoped("SELECT sku FROM shop.catalog")).containsExactlyInAnyOrder(List.of("BOB-SECRET-1"), List.of("UNSOLD"));
    }

    @Test
    void insertOnConflictDoUpdateCannotUpdateBobsRowWithTheSameKey() {
        // wishes has a global key: Bob's wish 7 conflicts with Alice's insert, and must stay Bob's and unchanged.
        change(ALICE, "INSERT INTO shop.wishes (id, note) VALUES (7, 'stolen') ON CONFLICT (id) DO UPDATE SET note = excluded.note");
        assertThat(readUnscoped("SELECT _user_id, id, note FROM shop.wishes")).containsExactly(List.of(BOB, 7L, "bob wish"));
    }

    @Test
    void insertOnConflictWithoutAKeyIsRefusedByTheEngine() {
        assertFailsWithoutRows("INSERT INTO shop.carts (id, sku, qty) VALUES (1001, 'x', 1) ON CONFLICT DO UPDATE SET qty = 0");
        assertBobUntouched();
    }

    @Test
    void insertOrReplaceIsRefused() {
        assertRefused("INSERT OR REPLACE INTO shop.wishes (id, note) VALUES (7, 'stolen')", ErrorCode.INVALID_STATEMENT);
        assertThat(readUnscoped("SELECT _user_id, note FROM shop.wishes")).containsExactly(List.of(BOB, "bob wish"));
    }

    @Test
    void returningShowsOnlyAlicesRowsWithoutTheOwnerColumn() {
        Outcome deleted = attempt(ALICE, "DELETE FROM shop.carts RETURNING *");
        assertThat(deleted).isInstanceOf(Rows.class);
        assertThat(((Rows) deleted).rows()).containsExactlyInAnyOrderElementsOf(ALICE_CARTS);
        assertThat(((Rows) deleted).columns()).containsExactly("id", "sku", "qty");
        assertBobUntouched();
        assertDenied("UPDATE shop.carts SET qty = 1 RETURNING _user_id");
    }

    @Test
    void truncateIsRefused() {
        assertDenied("TRUNCATE shop.carts");
        assertBobUntouched();
    }

    // ---- statements that would keep or move the rows -------------------------------------

    @Test
    void createViewOverTheTableIsRefused() {
        assertDenied("CREATE VIEW shop.everyone AS SELECT * FROM shop.carts");
        assertDenied("CREATE OR REPLACE VIEW shop.everyone AS SELECT sku FROM carts WHERE qty > 0");
    }

    @Test
    void createTableAsSelectCopiesOnlyAlicesRows() {
        change(ALICE, "CREATE TABLE shop.snapshot AS SELECT * FROM shop.carts");
        assertThat(readUnscoped("SELECT * FROM shop.snapshot")).containsExactlyInAnyOrderElementsOf(ALICE_CARTS);
    }

    @Test
    void createMacroOverTheTableIsRefused() {
        assertRefused("CREATE MACRO everyone() AS TABLE SELECT * FROM shop.carts", ErrorCode.INVALID_STATEMENT);
    }

    @Test
    void copyAndExportOfTheTableAreRefused() {
        assertRefused("COPY shop.carts TO 'carts.csv'", ErrorCode.INVALID_STATEMENT);
        assertRefused("COPY (SELECT * FROM shop.carts) TO 'carts.csv'", ErrorCode.INVALID_STATEMENT);
        assertDenied("EXPORT DATABASE 'everything'");
    }

    @Test
    void copyingTheWholeDatabaseIsRefused() {
        assertDenied("PRAGMA copy_database('memory', 'temp')");
        assertDenied("COPY FROM DATABASE memory TO temp");
    }

    @Test
    void explainAnalyzeOfADeleteIsRefused() {
        assertRefused("EXPLAIN ANALYZE DELETE FROM shop.carts", ErrorCode.INVALID_STATEMENT);
        assertBobUntouched();
    }

    @Test
    void changingTheSearchPathIsRefused() {
        assertDenied("SET search_path = 'shop'");
    }

    @Test
    void bobStillSeesExactlyHisRowsAfterAliceTried() {
        change(ALICE, "DELETE FROM shop.carts");
        change(ALICE, "UPDATE shop.carts SET qty = 0");
        assertThat(rowsAs(BOB, "SELECT id, sku, qty FROM shop.carts"))
                .containsExactlyInAnyOrder(List.of(1001L, "BOB-SECRET-1", 50), List.of(1002L, "BOB-SECRET-2", 70));
    }

    // ---- helpers ---------------------------------------------------------------------------

    private sealed interface Outcome permits Refused, Failed, Rows {
    }

    /** The rewrite refused the statement. */
    private record Refused(TarnException error) implements Outcome {
    }

    /** DuckDB refused the rewritten statement. */
    private record Failed(TarnException error) implements Outcome {
    }

    private record Rows(List<String> columns, List<List<Object>> rows) implements Outcome {
    }

    private Outcome attempt(String user, String sql) {
        String rewritten;
        try {
            rewritten = rewriter.rewrite(sql, user, "shop", SCOPED);
        } catch (TarnException e) {
            return new Refused(e);
        }
        try (Session session = session()) {
            List<Map<String, Object>> maps = session.rows(rewritten);
            List<String> columns = maps.isEmpty() ? List.of() : List.copyOf(maps.get(0).keySet());
            List<List<Object>> rows = new ArrayList<>();
            for (Map<String, Object> map : maps) {
                rows.add(new ArrayList<>(map.values()));
            }
            return new Rows(columns, rows);
        } catch (TarnException e) {
            return new Failed(e);
        }
    }

    /** Alice's rows of a query; none may hold a value only Bob's rows have. */
    private List<List<Object>> read(String sql) {
        return rowsAs(ALICE, sql);
    }

    private List<List<Object>> rowsAs(String user, String sql) {
        Outcome outcome = attempt(user, sql);
        if (outcome instanceof Rows rows) {
            return rows.rows();
        }
        throw new AssertionError("expected rows from " + sql + " but got " + outcome);
    }

    private List<String> columns(String sql) {
        if (attempt(ALICE, sql) instanceof Rows rows) {
            return rows.columns();
        }
        throw new AssertionError("expected rows from " + sql);
    }

    private long change(String user, String sql) {
        String rewritten = rewriter.rewrite(sql, user, "shop", SCOPED);
        try (Session session = session()) {
            return session.update(rewritten);
        }
    }

    private List<List<Object>> physicalCarts() {
        return readUnscoped("SELECT _user_id, id, sku, qty FROM memory.shop.carts ORDER BY id");
    }

    private List<List<Object>> readUnscoped(String sql) {
        try (Session session = session()) {
            List<List<Object>> rows = new ArrayList<>();
            for (Map<String, Object> map : session.rows(sql)) {
                rows.add(new ArrayList<>(map.values()));
            }
            return rows;
        }
    }

    private Session session() {
        Session session = engine.openSession();
        session.use(Optional.of("memory"), Optional.of("shop"));
        return session;
    }

    private void assertBobUntouched() {
        assertThat(physicalCarts()).filteredOn(row -> row.get(0).equals(BOB)).containsExactlyElementsOf(BOB_PHYSICAL_ROWS);
        assertThat(physicalCarts()).extracting(row -> row.get(0)).allSatisfy(owner -> assertThat(owner).isIn(ALICE, BOB));
    }

    private void assertNoBobValue(List<Object> row) {
        assertThat(row).doesNotContainAnyElementsOf(BOB_VALUES);
    }

    private void assertDenied(String sql) {
        assertRefused(sql, ErrorCode.PERMISSION_DENIED);
    }

    private void assertRefused(String sql, ErrorCode code) {
        assertThatThrownBy(() -> rewriter.rewrite(sql, ALICE, "shop", SCOPED))
                .isInstanceOfSatisfying(TarnException.class, e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
    }

    /** Refused by the rewrite or by DuckDB: either way no row comes back. */
    private void assertFailsWithoutRows(String sql) {
        assertThat(attempt(ALICE, sql)).isNotInstanceOf(Rows.class);
    }
}
