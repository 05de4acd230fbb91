package dev.tarn.ask.nl.understanding;

import java.util.List;

/** The question has several equally simple readings; they are offered to the asker to choose from. */
public final class AmbiguousQuestionException extends RuntimeException {
    private final List<String> readings;

    public AmbiguousQuestionException(List<String> readings) {
        super("The question can be read in " + readings.size() + " ways: " + String.join("; ", readings), null, false, false);
        this.readings = List.copyOf(readings);
    }

    public List<String> readings() {
        return readings;
    }
}
