package dev.tarn.engine;

import dev.tarn.config.TarnConfig;
import dev.tarn.error.TarnException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A data change tells its caller how many rows it changed, whether it answers with DuckDB's count
 * or returns its rows, and however much of the returned rows the page shows.
 */
class DataChangeCursorTest {
    @TempDir
    Path data;
    private Engine engine;
    private Session session;
    private final List<Long> changed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        engine = Engine.open(data, new TarnConfig.EngineSettings(2, 5000, 0, Optional.empty()));
        session = engine.openSession();
        session.update("CREATE TABLE items(id INT)");
    }

    @AfterEach
    void close() {
        session.close();
        engine.close();
    }

    private String read(RowCursor cursor) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (cursor) {
            cursor.writeRows(out::write);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aChangeWithoutReturningReportsItsCountAtOnceAndAnswersIt() throws IOException {
        RowCursor cursor = session.openDataChange("INSERT INTO items SELECT range FROM range(7)", RowEncoding.JSON_ARRAY, 0, -1, changed::add);
        assertThat(changed).containsExactly(7L);
        assertThat(read(cursor)).isEqualTo("[7]\n");
        read(session.openDataChange("UPDATE items SET id = id + 1 WHERE id < 3", RowEncoding.JSON_ARRAY, 0, -1, changed::add));
        read(session.openDataChange("DELETE FROM items WHERE id >= 5", RowEncoding.JSON_ARRAY, 0, -1, changed::add));
        assertThat(changed).containsExactly(7L, 3L, 2L);
    }

    @Test
    void aChangeWithReturningReportsEveryChangedRowEvenWhenThePageShowsTwo() throws IOException {
        String page = read(session.openDataChange("INSERT INTO items SELECT range FROM range(3000) RETURNING id",
                RowEncoding.JSON_ARRAY, 5, 2, changed::add));
        assertThat(page.lines()).hasSize(2).allMatch(line -> line.matches("\\[\\d+\\]"));
        assertThat(changed).containsExactly(3000L);
        assertThat(session.rows("SELECT count(*) AS n FROM items").get(0).get("n")).isEqualTo(3000L);
    }

    @Test
    void aFailedChangeReportsNothing() {
        session.update("CREATE TABLE unique_items(id INT PRIMARY KEY)");
        session.update("INSERT INTO unique_items VALUES (1)");
        assertThatThrownBy(() -> read(session.openDataChange("INSERT INTO unique_items VALUES (2), (1) RETURNING id",
                RowEncoding.JSON_ARRAY, 0, -1, changed::add))).isInstanceOf(TarnException.class).hasMessageContaining("uplicate");
        assertThat(changed).isEmpty();
        assertThat(session.rows("SELECT count(*) AS n FROM unique_items").get(0).get("n")).isEqualTo(1L);
    }
}
