package dev.tarn.ask.nl.understanding;

/** Why the engine declined to answer: it prefers saying so to guessing. */
public enum RefusalReason {
    /** The question is empty or has no content word. */
    EMPTY_QUESTION,
    /** Some words are neither structure words, stop words, nor names or values of the datasource. */
    UNPLACED_WORDS,
    /** Every word is known but they do not form a question the grammar can read. */
    UNSUPPORTED_CONSTRUCT,
    /** The words fit the model in more than one way and nothing says which one was meant. */
    AMBIGUOUS,
    /** The words fit no combination of tables that the datasource's keys can join. */
    NO_INTERPRETATION
}
