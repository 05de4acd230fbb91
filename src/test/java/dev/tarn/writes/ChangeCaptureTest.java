package dev.tarn.writes;

import dev.tarn.config.TarnConfig;
import dev.tarn.engine.Engine;
import dev.tarn.engine.Session;
import dev.tarn.engine.SqlScript;
import dev.tarn.engine.StatementResult;
import dev.tarn.engine.TableName;
import dev.tarn.error.TarnException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A data change of a watched table carries its rows before and after; other tables' changes carry counts only. */
class ChangeCaptureTest {
    @TempDir
    Path data;
    private Engine engine;
    private Session session;
    private final List<Change> published = new CopyOnWriteArrayList<>();
    private StatementChanges changes;

    @BeforeEach
    void open() {
        engine = Engine.open(data, new TarnConfig.EngineSettings(2, 5000, 0, Optional.empty()));
        WritePath writes = new WritePath(engine);
        writes.subscribe(new ChangeListener() {
            @Override
            public void changed(Change change) {
                published.add(change);
            }

            @Override
            public boolean wantsRows(TableName table) {
                return table.table().equals("carts");
            }
        });
        changes = new StatementChanges(writes, "alice");
        session = engine.openSession();
        session.execute("CREATE TABLE carts (id INTEGER PRIMARY KEY, sku VARCHAR, qty INTEGER)");
        session.execute("CREATE TABLE plain (id INTEGER)");
        session.execute("INSERT INTO carts VALUES (1, 'A', 1), (2, 'B', 2)");
    }

    @AfterEach
    void close() {
        session.close();
        engine.close();
    }

    private StatementResult run(String sql, Object... parameters) {
        SqlScript.Statement statement = SqlScript.split(sql).get(0);
        if (changes.watched(statement.tokens(), "memory", "main")) {
            return changes.runWatched(session, statement.tokens(), statement.text(), List.of(parameters), "memory", "main");
        }
        StatementResult result = session.run(statement.text(), List.of(parameters), 100);
        changes.dataChanged(statement.tokens(), result.changedRows(), "memory", "main");
        return result;
    }

    @Test
    void anInsertCarriesEveryColumnOfTheNewRows() {
        StatementResult result = run("INSERT INTO carts VALUES (3, 'C', 5), (4, 'D', 6)");
        assertThat(result.returnsRows()).isFalse();
        assertThat(result.changedRows()).isEqualTo(2);
        assertThat(published).singleElement().satisfies(change -> {
            assertThat(change.operation()).isEqualTo(Change.Operation.INSERT);
            assertThat(change.imagesComplete()).isTrue();
            assertThat(change.rows()).containsExactly(Map.of("id", 3, "sku", "C", "qty", 5), Map.of("id", 4, "sku", "D", "qty", 6));
            assertThat(change.oldRows()).isEmpty();
        });
    }

    @Test
    void anUpdateCarriesEachRowBeforeAndAfterPairedByKey() {
        run("UPDATE carts SET qty = qty + $1 WHERE sku = $2", 10, "B");
        assertThat(published).singleElement().satisfies(change -> {
            assertThat(change.operation()).isEqualTo(Change.Operation.UPDATE);
            assertThat(change.rows()).containsExactly(Map.of("id", 2, "sku", "B", "qty", 12));
            assertThat(change.oldRows()).containsExactly(Map.of("id", 2, "sku", "B", "qty", 2));
        });
    }

    @Test
    void anUpdateWithAParameterOnlyInItsSetListStillCapturesTheRowsBefore() {
        run("UPDATE carts SET sku = $1 WHERE id = 1", "Z");
        assertThat(published).singleElement().satisfies(change ->
                assertThat(change.oldRows()).containsExactly(Map.of("id", 1, "sku", "A", "qty", 1)));
    }

    @Test
    void anUpdateFromAnotherTableReadsTheRowsItsJoinSelects() {
        run("UPDATE carts AS c SET qty = 0 FROM (VALUES (2)) AS chosen(k) WHERE c.id = chosen.k");
        assertThat(published).singleElement().satisfies(change -> {
            assertThat(change.oldRows()).containsExactly(Map.of("id", 2, "sku", "B", "qty", 2));
            assertThat(change.rows()).containsExactly(Map.of("id", 2, "sku", "B", "qty", 0));
        });
    }

    @Test
    void anUpdateOfTheKeyIsADeleteAndAnInsertToASubscriber() {
        run("UPDATE carts SET id = 20 WHERE id = 2");
        assertThat(published).extracting(Change::operation).containsExactly(Change.Operation.DELETE, Change.Operation.INSERT);
        assertThat(published.get(0).oldRows()).containsExactly(Map.of("id", 2, "sku", "B", "qty", 2));
        assertThat(published.get(1).rows()).containsExactly(Map.of("id", 20, "sku", "B", "qty", 2));
    }

    @Test
    void aDeleteCarriesTheRowsItRemoved() {
        run("DELETE FROM carts WHERE id = 1");
        assertThat(published).singleElement().satisfies(change -> {
            assertThat(change.operation()).isEqualTo(Change.Operation.DELETE);
            assertThat(change.oldRows()).containsExactly(Map.of("id", 1, "sku", "A", "qty", 1));
        });
    }

    @Test
    void theCallersOwnReturningIsAnsweredUnchanged() {
        StatementResult result = run("INSERT INTO carts VALUES (7, 'G', 3) RETURNING qty * 2 AS doubled");
        assertThat(result.columns()).extracting(c -> c.name()).containsExactly("doubled");
        assertThat(result.rows()).singleElement().satisfies(row -> assertThat(row).containsExactly(6));
        assertThat(published.get(0).rows()).containsExactly(Map.of("id", 7, "sku", "G", "qty", 3));
    }

    @Test
    void aTrailingCommentDoesNotSwallowTheCapture() {
        run("DELETE FROM carts WHERE id = 2 -- the B cart");
        assertThat(published.get(0).oldRows()).hasSize(1);
    }

    @Test
    void anUnwatchedTablesChangeCarriesOnlyItsCount() {
        run("INSERT INTO plain VALUES (1), (2)");
        assertThat(published).singleElement().satisfies(change -> {
            assertThat(change.rowCount()).isEqualTo(2);
            assertThat(change.imagesComplete()).isFalse();
            assertThat(change.rows()).isEmpty();
        });
    }

    @Test
    void aFailedChangePublishesNothingAndLeavesNoTransactionOpen() {
        assertThatThrownBy(() -> run("INSERT INTO carts VALUES (1, 'dup', 1)")).isInstanceOf(TarnException.class);
        assertThat(published).isEmpty();
        run("INSERT INTO carts VALUES (9, 'I', 1)");
        assertThat(published).hasSize(1);
    }

    @Test
    void insideATransactionTheCapturedChangesWaitForCommit() {
        changes.transaction(SqlScript.split("BEGIN").get(0).tokens());
        session.execute("BEGIN");
        run("UPDATE carts SET qty = 100 WHERE id = 1");
        assertThat(published).isEmpty();
        session.execute("COMMIT");
        changes.transaction(SqlScript.split("COMMIT").get(0).tokens());
        assertThat(published).singleElement().satisfies(change -> assertThat(change.oldRows()).containsExactly(Map.of("id", 1, "sku", "A", "qty", 1)));
    }
}
