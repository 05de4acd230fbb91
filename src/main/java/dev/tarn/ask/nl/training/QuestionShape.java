package dev.tarn.ask.nl.training;

import dev.tarn.ask.nl.model.ColumnReference;
import dev.tarn.ask.nl.model.Meaning;
import dev.tarn.ask.nl.understanding.Tag;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A question with its values taken out: "what is the capital of {value}" and the values in order.
 * Two questions of one shape differ only in their values, so one's SQL answers the other with the
 * other's values. Stop words are left out of the shape, so "what's the capital of X" and "capital
 * of X" share it.
 */
record QuestionShape(String key, List<Slot> slots) {
    static final String VALUE = "{value}";
    static final String NUMBER = "{number}";

    /** One value of the question: the stored text or the number, and the columns a stored text may be in. */
    record Slot(Object value, Set<ColumnReference> columns) {
    }

    static QuestionShape of(List<Tag> tags) {
        List<String> words = new ArrayList<>();
        List<Slot> slots = new ArrayList<>();
        for (Tag tag : tags) {
            switch (tag) {
                case Tag.StopTag stop -> { }
                case Tag.NumberTag number -> {
                    words.add(NUMBER);
                    slots.add(new Slot(number.value(), Set.of()));
                }
                case Tag.MentionTag mention when isValue(mention) -> {
                    words.add(VALUE);
                    slots.add(new Slot(storedValue(mention), mention.meanings().stream()
                            .map(meaning -> ((Meaning.ValueMeaning) meaning).column()).collect(Collectors.toUnmodifiableSet())));
                }
                default -> words.add(tag.text());
            }
        }
        return new QuestionShape(String.join(" ", words), List.copyOf(slots));
    }

    private static boolean isValue(Tag.MentionTag mention) {
        return mention.meanings().stream().allMatch(meaning -> meaning instanceof Meaning.ValueMeaning);
    }

    /** The value as stored when every column spells it the same way, else the words of the question. */
    private static String storedValue(Tag.MentionTag mention) {
        List<String> spellings = mention.meanings().stream().map(meaning -> ((Meaning.ValueMeaning) meaning).storedValue()).distinct().toList();
        return spellings.size() == 1 ? spellings.getFirst() : mention.text();
    }

    static boolean sameValue(Object questionValue, Object sqlLiteral) {
        if (questionValue instanceof BigDecimal number && sqlLiteral instanceof BigDecimal literal) return number.compareTo(literal) == 0;
        return questionValue instanceof String text && sqlLiteral instanceof String literal && text.equalsIgnoreCase(literal);
    }
}
