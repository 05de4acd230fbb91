package dev.tarn.writes;

import dev.tarn.config.TarnConfig;
import dev.tarn.engine.Engine;
import dev.tarn.engine.SqlScript;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Changes of SQL statements reach subscribers once committed, named by the table they write. */
class StatementChangesTest {
    @TempDir
    Path data;
    private Engine engine;
    private final List<Change> published = new CopyOnWriteArrayList<>();
    private StatementChanges changes;

    @BeforeEach
    void open() {
        engine = Engine.open(data, new TarnConfig.EngineSettings(2, 5000, 0, Optional.empty()));
        WritePath writes = new WritePath(engine);
        writes.subscribe(published::add);
        changes = new StatementChanges(writes, "alice");
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private static SqlScript.Statement statement(String sql) {
        return SqlScript.split(sql).get(0);
    }

    @Test
    void anAutocommittedChangeIsPublishedAtOnceWithItsQualifiedTable() {
        changes.dataChanged(statement("INSERT INTO events VALUES (1)").tokens(), 1, "memory", "main");
        changes.dataChanged(statement("UPDATE shop.orders SET x = 1").tokens(), 3, "memory", "main");
        changes.dataChanged(statement("DELETE FROM other.s.t WHERE true").tokens(), 2, "memory", "main");
        assertThat(published).extracting(c -> c.table() + " " + c.operation() + " " + c.rowCount() + " " + c.userName())
                .containsExactly("memory.main.events INSERT 1 alice", "memory.shop.orders UPDATE 3 alice", "other.s.t DELETE 2 alice");
    }

    @Test
    void aTransactionsChangesWaitForCommitAndVanishOnRollback() {
        changes.transaction(statement("BEGIN").tokens());
        changes.dataChanged(statement("INSERT INTO events VALUES (1)").tokens(), 1, "memory", "main");
        assertThat(published).isEmpty();
        changes.transaction(statement("ROLLBACK").tokens());
        changes.transaction(statement("BEGIN TRANSACTION").tokens());
        changes.dataChanged(statement("INSERT INTO events VALUES (2)").tokens(), 1, "memory", "main");
        changes.transaction(statement("COMMIT").tokens());
        assertThat(published).hasSize(1);
        assertThat(changes.inTransaction()).isFalse();
    }

    @Test
    void nothingIsPublishedWhenNoRowChanged() {
        changes.dataChanged(statement("DELETE FROM events WHERE false").tokens(), 0, "memory", "main");
        assertThat(published).isEmpty();
    }
}
