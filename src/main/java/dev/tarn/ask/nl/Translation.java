package dev.tarn.ask.nl;

import dev.tarn.ask.nl.understanding.RefusalReason;

import java.util.List;

/** The engine's reply to a question: SQL it is sure of, or a refusal that says why and what it can answer. */
public sealed interface Translation {
    /**
     * SQL with {@code ?} markers and the values to bind, the reading the engine chose in plain
     * English, and a confidence between 0 and 1 that falls with every default it had to assume.
     */
    record Answer(String sql, List<Object> parameters, String interpretation, double confidence) implements Translation {
        public Answer {
            parameters = List.copyOf(parameters);
        }
    }

    /** No answer: the reason, the words at fault (if any), a message for the asker and questions it can answer instead. */
    record Refusal(RefusalReason reason, List<String> unplacedWords, String message, List<String> suggestions) implements Translation {
        public Refusal {
            unplacedWords = List.copyOf(unplacedWords);
            suggestions = List.copyOf(suggestions);
        }
    }
}
