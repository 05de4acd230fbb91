package dev.tarn.ask.question;

import dev.tarn.ask.keys.AskCaller;
import dev.tarn.ask.keys.AskRole;
import dev.tarn.engine.SystemDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The single-turn history: newest first, a page at a time, each asker its own answers, bounded. */
class AskHistoryTest {
    @TempDir
    Path data;
    private SystemDatabase database;

    private AskHistory history(int kept) {
        database = SystemDatabase.open(data);
        return new AskHistory(database, kept);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void anAskerSeesItsOwnAnswersNewestFirstAndAnAdministratorSeesAll() {
        AskHistory history = history(100);
        AskCaller alice = AskCaller.of(AskRole.ASKER, Optional.of("ak_alice"));
        AskCaller bob = AskCaller.of(AskRole.ASKER, Optional.of("ak_bob"));
        AskCaller admin = AskCaller.of(AskRole.ADMIN, Optional.of("ak_admin"));
        for (int index = 1; index <= 3; index++) {
            history.record("q_a" + index, AskHistory.Kind.Q2A, alice, "ds_1", "{\"n\":" + index + "}");
        }
        history.record("q_b", AskHistory.Kind.Q2A, bob, "ds_2", "{\"bob\":true}");
        history.record("q_s", AskHistory.Kind.Q2S, alice, "ds_1", "{\"sql\":true}");

        assertThat(history.count(AskHistory.Kind.Q2A, alice, Optional.empty())).isEqualTo(3);
        assertThat(history.list(AskHistory.Kind.Q2A, alice, Optional.empty(), 0, 2)).containsExactly("{\"n\":3}", "{\"n\":2}");
        assertThat(history.list(AskHistory.Kind.Q2A, alice, Optional.empty(), 2, 2)).containsExactly("{\"n\":1}");
        assertThat(history.list(AskHistory.Kind.Q2A, bob, Optional.empty(), 0, 10)).containsExactly("{\"bob\":true}");
        assertThat(history.count(AskHistory.Kind.Q2A, admin, Optional.empty())).isEqualTo(4);
        assertThat(history.count(AskHistory.Kind.Q2A, admin, Optional.of("ds_2"))).isEqualTo(1);
    }

    @Test
    void onlyTheNewestAnswersAreKept() {
        AskHistory history = history(5);
        AskCaller alice = AskCaller.of(AskRole.ASKER, Optional.of("ak_alice"));
        for (int index = 1; index <= 8; index++) {
            history.record("q_" + index, AskHistory.Kind.Q2S, alice, "ds_1", "{\"n\":" + index + "}");
        }

        assertThat(history.count(AskHistory.Kind.Q2S, alice, Optional.empty())).isEqualTo(5);
        assertThat(history.list(AskHistory.Kind.Q2S, alice, Optional.empty(), 0, 10).getLast()).isEqualTo("{\"n\":4}");
    }
}
