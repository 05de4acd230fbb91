package dev.tarn.ask.nl.understanding;

import dev.tarn.ask.nl.model.Meaning;
import dev.tarn.ask.nl.model.SemanticModel;
import dev.tarn.ask.nl.model.ValueIndex;
import dev.tarn.ask.nl.model.Words;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits a question into tagged spans by longest match. At one length a keyword wins over a model
 * name, a model name over a stop word, and a stop word over a stored value, so that structure words
 * keep their meaning even when some column happens to hold them as values.
 */
public final class Tagger {
    private final SemanticModel model;

    public Tagger(SemanticModel model) {
        this.model = model;
    }

    public List<Tag> tag(String question) {
        // "yesterday's revenue", "each plan's share": a possessive names the same thing as the word
        List<String> words = Words.split(question).stream()
                .map(word -> word.length() > 2 && word.endsWith("'s") ? word.substring(0, word.length() - 2) : word).toList();
        List<Tag> tags = new ArrayList<>();
        int longest = Math.max(Vocabulary.longestKeyword(), Math.max(model.lexicon().longestPhrase(), model.values().longestPhrase()));
        int position = 0;
        while (position < words.size()) {
            Tag found = null;
            int used = 1;
            for (int length = Math.min(longest, words.size() - position); length >= 1; length--) {
                Optional<Tag> tag = tagSpan(words.subList(position, position + length));
                if (tag.isPresent()) {
                    found = tag.get();
                    used = length;
                    break;
                }
            }
            if (found == null) found = new Tag.UnknownTag(words.get(position));
            tags.add(found);
            position += used;
        }
        return tags;
    }

    /**
     * The span with its last word as a regular plural or verb form of another: "views" of "view",
     * "purchases" of "purchase", "searched" of "search", "purchased" of "purchase". Only tried when the
     * span itself is not stored.
     */
    private static final java.util.Set<String> PARTICLES = java.util.Set.of("in", "out", "up", "on", "off");

    private static List<List<String>> otherForms(List<String> span) {
        String last = span.getLast();
        java.util.Set<String> stems = new java.util.LinkedHashSet<>();
        stems.add(Words.singular(last));
        if (last.endsWith("s")) stems.add(last.substring(0, last.length() - 1));
        if (last.length() > 4 && last.endsWith("ed")) {
            stems.add(last.substring(0, last.length() - 2));
            stems.add(last.substring(0, last.length() - 1));
        }
        stems.remove(last);
        List<List<String>> forms = new ArrayList<>();
        // "logged in", "signed up": a phrasal verb whose noun is written as one word ("login", "signup")
        if (span.size() == 2 && PARTICLES.contains(last) && span.getFirst().length() > 4 && span.getFirst().endsWith("ed")) {
            String verb = span.getFirst().substring(0, span.getFirst().length() - 2);
            forms.add(List.of(verb + last));
            if (verb.length() > 2 && verb.charAt(verb.length() - 1) == verb.charAt(verb.length() - 2)) {
                forms.add(List.of(verb.substring(0, verb.length() - 1) + last));
            }
        }
        for (String stem : stems) {
            List<String> form = new ArrayList<>(span);
            form.set(form.size() - 1, stem);
            forms.add(form);
        }
        return forms;
    }

    private Optional<Tag> tagSpan(List<String> span) {
        String text = Words.join(span);
        Optional<Keyword> keyword = Vocabulary.keyword(span);
        if (keyword.isPresent()) return Optional.of(new Tag.KeywordTag(keyword.get(), text));
        List<Meaning> names = model.lexicon().lookup(span);
        if (!names.isEmpty()) return Optional.of(new Tag.MentionTag(names, text));
        if (span.size() == 1) {
            String word = span.getFirst();
            if (Vocabulary.isStopWord(word)) return Optional.of(new Tag.StopTag(text));
            Optional<java.math.BigDecimal> number = Vocabulary.number(word);
            if (number.isPresent()) return Optional.of(new Tag.NumberTag(number.get(), text));
        }
        List<ValueIndex.ColumnValue> values = model.values().lookup(span);
        // "page views", "purchases", "searched": a stored value in plural or verb form ("page_view", "purchase", "search")
        for (List<String> form : otherForms(span)) {
            if (!values.isEmpty()) break;
            values = model.values().lookup(form);
        }
        if (!values.isEmpty()) {
            List<Meaning> appositive = appositiveNames(span);
            if (!appositive.isEmpty()) return Optional.of(new Tag.MentionTag(appositive.stream().distinct().toList(), text));
            List<Meaning> meanings = new ArrayList<>(values.stream()
                    .map(value -> (Meaning) new Meaning.ValueMeaning(value.column(), value.storedValue())).toList());
            meanings.addAll(referringColumns(values));
            return Optional.of(new Tag.MentionTag(meanings.stream().distinct().toList(), text));
        }
        return Optional.empty();
    }

    /**
     * "what states border alaska": alaska borders nothing, so border_info.border never holds it, yet the
     * column refers to state names and may be asked about any of them. A value of a table's key is also
     * a value of every column that refers to that key.
     */
    private List<Meaning> referringColumns(List<ValueIndex.ColumnValue> values) {
        List<Meaning> meanings = new ArrayList<>();
        for (ValueIndex.ColumnValue value : values) {
            if (!model.table(value.column().table()).isKeyColumn(value.column().column())) continue;
            for (dev.tarn.ask.nl.model.Relationship relationship : model.relationships()) {
                if (relationship.to().equals(value.column())) meanings.add(new Meaning.ValueMeaning(relationship.from(), value.storedValue()));
            }
        }
        return meanings;
    }

    /**
     * "the colorado river": a stored value ("colorado river", a lowest point) may also be a name followed
     * by the noun of the table it names ("colorado", a key value of river, + "river"). The noun says which
     * table is meant, so that reading replaces the stored phrase's.
     */
    private List<Meaning> appositiveNames(List<String> span) {
        List<Meaning> names = new ArrayList<>();
        for (int split = 1; split < span.size(); split++) {
            List<String> head = span.subList(0, split);
            for (Meaning noun : model.lexicon().lookup(span.subList(split, span.size()))) {
                if (!(noun instanceof Meaning.TableMeaning table)) continue;
                for (ValueIndex.ColumnValue value : model.values().lookup(head)) {
                    if (value.column().table().equals(table.table()) && model.table(table.table()).isKeyColumn(value.column().column())) {
                        names.add(new Meaning.ValueMeaning(value.column(), value.storedValue()));
                    }
                }
            }
        }
        return names;
    }
}
