package dev.tarn.ask.nl.understanding;

import dev.tarn.ask.nl.model.Meaning;

import java.math.BigDecimal;
import java.util.List;

/** A span of question words with what the tagger found it to be. */
public sealed interface Tag {
    /** The words of the span as they appear after normalisation. */
    String text();

    record KeywordTag(Keyword keyword, String text) implements Tag {
    }

    record NumberTag(BigDecimal value, String text) implements Tag {
    }

    /** A phrase naming model elements; several meanings when the phrase is ambiguous on its own. */
    record MentionTag(List<Meaning> meanings, String text) implements Tag {
        public MentionTag {
            meanings = List.copyOf(meanings);
        }
    }

    record StopTag(String text) implements Tag {
    }

    record UnknownTag(String text) implements Tag {
    }
}
