package dev.tarn.ask.session;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An ask session's replay buffer and who may find it. */
class AskSessionTest {
    private final AskSessions sessions = new AskSessions();

    @Test
    void eventsAfterTheLastSeenAreReplayedAndARunningAnswerIsFollowed() {
        AskSession session = sessions.open(Optional.empty(), "acme", "u1", "key_1", "ds_1");
        assertThat(session.start("how many orders")).isTrue();
        session.emit("session", "{}");
        session.emit("status", "{\"stage\":\"parse\"}");

        List<AskEvent> followed = new ArrayList<>();
        AskSession.Replay replay = session.replayAfter(1, followed::add);
        session.emit("done", "{}");
        session.finish("how many orders", true);

        assertThat(replay.events()).extracting(AskEvent::id).containsExactly(2L);
        assertThat(replay.live()).isTrue();
        assertThat(followed).extracting(AskEvent::name).containsExactly("done");
        assertThat(session.earlierQuestions()).containsExactly("how many orders");
        assertThat(session.start("and by country?")).isTrue();
        assertThat(session.start("a second at once")).isFalse();
    }

    @Test
    void theBufferKeepsTheNewestEventsWithinItsSize() {
        AskSession session = sessions.open(Optional.empty(), "acme", "u1", "key_1", "ds_1");
        String large = "\"" + "x".repeat(300_000) + "\"";
        for (int index = 0; index < 10; index++) {
            session.emit("table", large);
        }
        List<AskEvent> kept = session.replayAfter(0, event -> { }).events();

        assertThat(kept).isNotEmpty().hasSizeLessThan(10);
        assertThat(kept.stream().mapToLong(event -> event.json().length()).sum()).isLessThanOrEqualTo(AskSession.MOST_EVENT_CHARACTERS_KEPT);
        assertThat(kept.getLast().id()).isEqualTo(10);
    }

    @Test
    void aSessionIsFoundOnlyByItsCustomerUserAndKey() {
        AskSession session = sessions.open(Optional.empty(), "acme", "u1", "key_1", "ds_1");

        assertThat(sessions.find(session.id(), "acme", "u1", "key_1")).isSameAs(session);
        for (String[] other : new String[][]{{"globex", "u1", "key_1"}, {"acme", "u2", "key_1"}, {"acme", "u1", "key_2"}}) {
            assertThatThrownBy(() -> sessions.find(session.id(), other[0], other[1], other[2])).hasMessageContaining("No session");
        }
        assertThatThrownBy(() -> sessions.open(Optional.of(session.id()), "acme", "u1", "key_1", "ds_2")).hasMessageContaining("ds_1");
    }
}
