package dev.tarn.realtime;

import dev.tarn.access.StatementGuard;
import dev.tarn.auth.PasswordHasher;
import dev.tarn.auth.Principal;
import dev.tarn.auth.Role;
import dev.tarn.auth.UserAdministration;
import dev.tarn.auth.UserStore;
import dev.tarn.config.TarnConfig;
import dev.tarn.engine.Engine;
import dev.tarn.engine.SystemDatabase;
import dev.tarn.topics.TopicService;
import dev.tarn.writes.Change;
import dev.tarn.writes.ReadYourWrites;
import dev.tarn.writes.WritePath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Data changes made through /v1/api/sql reach the write path's subscribers once, and only once committed. */
class RealtimeWritesTest {
    private static final Principal ROOT = new Principal("root", Role.SYSTEM);

    @TempDir
    Path data;
    private Engine engine;
    private SystemDatabase system;
    private RealtimeSqlService sql;
    private final List<Change> published = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        engine = Engine.open(data, new TarnConfig.EngineSettings(4, 5000, 0, Optional.empty()));
        system = SystemDatabase.open(data);
        UserStore users = new UserStore(system, new PasswordHasher(4, false));
        WritePath writes = new WritePath(engine);
        writes.subscribe(published::add);
        sql = new RealtimeSqlService(engine, new TableRegistry(system), new UserAdministration(users), users, new StatementGuard(),
                (statement, user, schema) -> statement, new ReadYourWrites(), writes,
                new TopicService(engine, system, writes, table -> Optional.empty(), new TarnConfig.TopicSettings(60, 25), Clock.systemUTC()));
        sql.execute(ROOT, "CREATE NAMESPACE shop; CREATE SHARED TABLE shop.items (id BIGINT PRIMARY KEY, n INT)", List.of(), Optional.empty());
    }

    @AfterEach
    void close() {
        engine.close();
        system.close();
    }

    @Test
    void autocommittedChangesArePublishedWithTheirTableOperationAndCount() {
        sql.execute(ROOT, "INSERT INTO shop.items (id, n) VALUES (1, 1), (2, 2); UPDATE shop.items SET n = 3 WHERE id = 1; DELETE FROM items",
                List.of(), Optional.of("shop"));
        assertThat(published).extracting(change -> change.table().toString() + " " + change.operation() + " " + change.rowCount())
                .containsExactly("memory.shop.items INSERT 2", "memory.shop.items UPDATE 1", "memory.shop.items DELETE 2");
    }

    @Test
    void changesThatReturnTheirRowsArePublishedToo() {
        sql.execute(ROOT, "INSERT INTO shop.items (id, n) VALUES (8, 8), (9, 9) RETURNING id; DELETE FROM shop.items WHERE id = 8 RETURNING *",
                List.of(), Optional.empty());
        assertThat(published).extracting(change -> change.table().toString() + " " + change.operation() + " " + change.rowCount())
                .containsExactly("memory.shop.items INSERT 2", "memory.shop.items DELETE 1");
    }

    @Test
    void changesInsideATransactionArePublishedAtCommitAndDroppedAtRollback() {
        sql.execute(ROOT, "BEGIN; INSERT INTO shop.items (id, n) VALUES (5, 5); ROLLBACK", List.of(), Optional.empty());
        assertThat(published).isEmpty();
        sql.execute(ROOT, "BEGIN; INSERT INTO shop.items (id, n) VALUES (6, 6); INSERT INTO shop.items (id, n) VALUES (7, 7); COMMIT",
                List.of(), Optional.empty());
        assertThat(published).hasSize(2).allMatch(change -> change.operation() == Change.Operation.INSERT);
    }
}
