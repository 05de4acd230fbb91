package dev.tarn.ask.nl.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Phrases (normalised words) mapped to the model elements they can name; one phrase may name several. */
public final class Lexicon {
    private final Map<String, List<Meaning>> meaningsByPhrase;
    private final int longestPhrase;

    private Lexicon(Map<String, List<Meaning>> meaningsByPhrase, int longestPhrase) {
        this.meaningsByPhrase = meaningsByPhrase;
        this.longestPhrase = longestPhrase;
    }

    public List<Meaning> lookup(List<String> words) {
        return meaningsByPhrase.getOrDefault(Words.join(words), List.of());
    }

    public int longestPhrase() {
        return longestPhrase;
    }

    /** Collects phrases; the same meaning added twice under one phrase is kept once. */
    public static final class Builder {
        private final Map<String, Set<Meaning>> meanings = new HashMap<>();
        private int longest;

        public Builder add(List<String> words, Meaning meaning) {
            if (words.isEmpty()) return this;
            meanings.computeIfAbsent(Words.join(words), key -> new LinkedHashSet<>()).add(meaning);
            longest = Math.max(longest, words.size());
            return this;
        }

        /** Adds the phrase as given and with its last word in singular and plural form. */
        public Builder addNoun(List<String> words, Meaning meaning) {
            add(words, meaning);
            if (words.isEmpty()) return this;
            String last = words.getLast();
            add(withLast(words, Words.plural(last)), meaning);
            add(withLast(words, Words.singular(last)), meaning);
            return this;
        }

        /** Adds the phrase as a noun, and when it is one word also its regular verb forms. */
        public Builder addNounOrVerb(List<String> words, Meaning meaning) {
            addNoun(words, meaning);
            if (words.size() == 1) {
                for (String form : Words.verbForms(words.getFirst())) add(List.of(form), meaning);
            }
            return this;
        }

        private static List<String> withLast(List<String> words, String last) {
            List<String> changed = new ArrayList<>(words);
            changed.set(changed.size() - 1, last);
            return changed;
        }

        public Lexicon build() {
            Map<String, List<Meaning>> frozen = new HashMap<>();
            meanings.forEach((phrase, set) -> frozen.put(phrase, List.copyOf(set)));
            return new Lexicon(Map.copyOf(frozen), longest);
        }
    }
}
