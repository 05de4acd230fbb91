package dev.tarn.ask.nl;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on translations that show the whole answer when one fails. */
final class Answers {
    private Answers() {
    }

    static Translation.Answer answer(Translation translation) {
        assertThat(translation).as("translation").isInstanceOf(Translation.Answer.class);
        return (Translation.Answer) translation;
    }

    static Translation.Refusal refusal(Translation translation) {
        assertThat(translation).as("translation").isInstanceOf(Translation.Refusal.class);
        return (Translation.Refusal) translation;
    }
}
