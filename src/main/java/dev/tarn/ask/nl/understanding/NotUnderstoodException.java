package dev.tarn.ask.nl.understanding;

import java.util.List;

/** Ends the reading of a question that cannot be answered without guessing, with the words at fault. */
public final class NotUnderstoodException extends RuntimeException {
    private final RefusalReason reason;
    private final List<String> words;

    public NotUnderstoodException(RefusalReason reason, List<String> words, String message) {
        super(message, null, false, false);
        this.reason = reason;
        this.words = List.copyOf(words);
    }

    public RefusalReason reason() {
        return reason;
    }

    public List<String> words() {
        return words;
    }
}
