package dev.tarn.ingest;

import dev.tarn.auth.Principal;
import dev.tarn.auth.Role;
import dev.tarn.config.TarnConfig;
import dev.tarn.engine.Engine;
import dev.tarn.engine.Session;
import dev.tarn.engine.TableName;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import dev.tarn.writes.Change;
import dev.tarn.writes.ReadYourWrites;
import dev.tarn.writes.RowVersions;
import dev.tarn.writes.WritePath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every upload goes through the write path: one change per write, published only after commit, and no staged file left behind. */
class UploadServiceTest {
    private static final Principal ALICE = new Principal("alice", Role.SERVICE);

    @TempDir
    Path dataDirectory;

    private Engine engine;
    private UploadService uploads;
    private final List<Change> changes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        engine = Engine.open(dataDirectory, new TarnConfig.EngineSettings(4, 5000, 0, Optional.empty()));
        WritePath writes = new WritePath(engine);
        writes.subscribe(changes::add);
        uploads = new UploadService(engine, writes, new ReadYourWrites(), TaskIds.load(dataDirectory.resolve("appends")), table -> java.util.Optional.empty(),
                RowVersions.NONE);
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void eachModeRecordsOneChangeWithItsOperationAndRowCount() {
        uploads.upload(ALICE, request("t", UploadMode.CREATE, List.of()), csv("id,v\n1,a\n2,b\n"));
        uploads.upload(ALICE, request("t", UploadMode.APPEND, List.of()), csv("id,v\n3,c\n"));
        uploads.upload(ALICE, request("t", UploadMode.UPSERT, List.of("id")), csv("id,v\n3,C\n4,d\n"));
        uploads.upload(ALICE, request("t", UploadMode.OVERWRITE, List.of()), csv("id\n9\n"));
        uploads.upload(ALICE, request("u", UploadMode.UPSERT, List.of("id")), csv("id\n1\n1\n"));

        assertThat(changes).extracting(change -> change.table().toString() + " " + change.operation() + " " + change.rowCount())
                .containsExactly("memory.main.t CREATE 2", "memory.main.t INSERT 1", "memory.main.t UPDATE 2",
                        "memory.main.t REPLACE 1", "memory.main.u CREATE 2");
        assertThat(changes).allSatisfy(change -> {
            assertThat(change.userName()).isEqualTo("alice");
            assertThat(change.rows()).isEmpty();
        });
    }

    @Test
    void aWatchedTableGetsTheRowsAnUploadAppendsAndUpserts() {
        WritePath writes = new WritePath(engine);
        List<Change> watched = new CopyOnWriteArrayList<>();
        writes.subscribe(new dev.tarn.writes.ChangeListener() {
            @Override
            public void changed(Change change) {
                watched.add(change);
            }

            @Override
            public boolean wantsRows(TableName table) {
                return true;
            }
        });
        UploadService watchedUploads = new UploadService(engine, writes, new ReadYourWrites(), TaskIds.load(dataDirectory.resolve("appends")),
                table -> java.util.Optional.empty(), RowVersions.NONE);
        watchedUploads.upload(ALICE, request("t", UploadMode.CREATE, List.of()), csv("id,v\n1,a\n2,b\n"));
        watchedUploads.upload(ALICE, request("t", UploadMode.APPEND, List.of()), csv("id,v\n3,c\n"));
        watchedUploads.upload(ALICE, request("t", UploadMode.UPSERT, List.of("id")), csv("id,v\n3,C\n4,d\n"));

        assertThat(watched).extracting(Change::operation).containsExactly(Change.Operation.CREATE, Change.Operation.INSERT,
                Change.Operation.UPDATE, Change.Operation.INSERT);
        assertThat(watched.get(1).rows()).containsExactly(java.util.Map.of("id", 3L, "v", "c"));
        assertThat(watched.get(2).oldRows()).containsExactly(java.util.Map.of("id", 3L, "v", "c"));
        assertThat(watched.get(2).rows()).containsExactly(java.util.Map.of("id", 3L, "v", "C"));
        assertThat(watched.get(3).rows()).containsExactly(java.util.Map.of("id", 4L, "v", "d"));
    }

    @Test
    void aFailedUploadPublishesNothingAndLeavesNoStagedFile() throws IOException {
        uploads.upload(ALICE, request("t", UploadMode.CREATE, List.of()), csv("id\n1\n"));
        changes.clear();

        assertThatThrownBy(() -> uploads.upload(ALICE, request("t", UploadMode.APPEND, List.of()), csv("id\nnot a number\n")))
                .isInstanceOf(TarnException.class)
                .extracting(e -> ((TarnException) e).code()).isEqualTo(ErrorCode.INCOMPATIBLE_FILE);

        assertThat(changes).isEmpty();
        try (Session session = engine.openSession()) {
            assertThat(session.rows("SELECT count(*) AS n FROM t").get(0).get("n")).isEqualTo(1L);
        }
        try (Stream<Path> staged = Files.list(engine.stagingDirectory())) {
            assertThat(staged.toList()).isEmpty();
        }
    }

    @Test
    void aRefusedUploadDoesNotReadTheBody() {
        uploads.upload(ALICE, request("t", UploadMode.CREATE, List.of()), csv("id\n1\n"));
        InputStream untouchable = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the body was read");
            }
        };

        assertThatThrownBy(() -> uploads.upload(ALICE, request("t", UploadMode.CREATE, List.of()), untouchable))
                .hasMessageStartingWith("Table memory.main.t already exists");
        assertThatThrownBy(() -> uploads.upload(ALICE, request("missing", UploadMode.APPEND, List.of()), untouchable))
                .hasMessageStartingWith("Table memory.main.missing does not exist");
    }

    private static UploadRequest request(String table, UploadMode mode, List<String> primaryKey) {
        return new UploadRequest(TableName.of("", "", table), mode, Optional.of("text/csv"), Optional.empty(), primaryKey, List.of());
    }

    private static InputStream csv(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
