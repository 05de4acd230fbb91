package dev.tarn.query;

import java.util.Objects;
import java.util.Optional;

/** One way to finish the word at the cursor: {@code text} replaces the statement from {@code start} on, and a lower {@code score} ranks better. */
public record Suggestion(String text, int start, String type, int score, Optional<String> extraCharacter) {

    public Suggestion {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(extraCharacter, "extraCharacter");
        if (start < 0) {
            throw new IllegalArgumentException("start must not be negative, not " + start);
        }
        if (score < 0) {
            throw new IllegalArgumentException("score must not be negative, not " + score);
        }
    }
}
