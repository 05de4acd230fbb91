package dev.tarn.ask.nl.understanding;

import dev.tarn.ask.nl.sql.ComparisonOperator;
import dev.tarn.ask.nl.understanding.QuestionStructure.ComparisonRequest;

import java.util.List;
import java.util.Optional;

import static dev.tarn.ask.nl.understanding.GrammarContext.onlyColumns;
import static dev.tarn.ask.nl.understanding.GrammarContext.onlyNames;
import static dev.tarn.ask.nl.understanding.GrammarContext.refusal;
import static dev.tarn.ask.nl.understanding.GrammarContext.refuse;

/**
 * Phrases that filter rather than ask: comparisons with a number or another row ("over 1000",
 * "bigger than texas", "between 10 and 20"), negations ("not texas", "not paid by card"), lists of
 * values joined by "or", and a past participle that is only the verb of its means ("paid with paypal").
 */
final class FilterPhrases {
    /** Irregular past participles; regular ones end in "ed". */
    private static final java.util.Set<String> IRREGULAR_PARTICIPLES = java.util.Set.of("paid", "sent", "sold", "bought", "spent", "made",
            "done", "won", "lost", "held", "given", "taken");

    private final GrammarContext context;

    FilterPhrases(GrammarContext context) {
        this.context = context;
    }

    void comparison(ComparisonOperator operator, Tag.KeywordTag tag) {
        if (tag.text().equals("over") && (context.nextKeywordIs(Keyword.LAST) || context.nextKeywordIs(Keyword.THIS))) return; // "over the last 90 days": a span of time
        Optional<Mention> before = previousFreeMentionIfAdjacent();
        if (context.position < context.tags.size() && context.tags.get(context.position) instanceof Tag.MentionTag other && !onlyNames(other)) {
            // "states bigger than texas", "rivers longer than the red": compared with that row's own value
            context.position++;
            context.comparisons.add(new ComparisonRequest(before, Optional.of(operator), List.of(), tag.text() + " " + other.text(),
                    Optional.of(new Mention(other.text(), other.meanings()))));
            return;
        }
        Tag.NumberTag number = context.nextNumber().orElseThrow(() -> refusal(tag.text(), "\"" + tag.text() + "\" needs a number after it"));
        Optional<Mention> column = before.isPresent() ? before : context.nextMention();
        context.comparisons.add(new ComparisonRequest(column, Optional.of(operator), List.of(number.value()), tag.text() + " " + number.text()));
    }

    /** "population between 1000 and 5000"; two days after "between" are a date range, read by {@link DatePhrases#between}. */
    void between(Tag.KeywordTag tag) {
        Optional<Mention> before = previousFreeMentionIfAdjacent();
        Tag.NumberTag low = context.nextNumber().orElseThrow(() -> refusal(tag.text(), "\"between\" needs two numbers"));
        if (!context.nextKeywordIs(Keyword.AND)) refuse(tag.text(), "\"between\" needs \"and\" between its numbers");
        context.position++;
        Tag.NumberTag high = context.nextNumber().orElseThrow(() -> refusal(tag.text(), "\"between\" needs two numbers"));
        Optional<Mention> column = before.isPresent() ? before : context.nextMention();
        context.comparisons.add(new ComparisonRequest(column, Optional.empty(), List.of(low.value(), high.value()),
                "between " + low.text() + " and " + high.text()));
    }

    void negation(Tag.KeywordTag tag) {
        boolean contained = context.nextKeywordIs(Keyword.IN);
        if (contained) context.position++; // "not in france"
        // "states that do not border texas": a verb column before its own value only says where the value is
        java.util.Set<dev.tarn.ask.nl.model.ColumnReference> located = new java.util.HashSet<>();
        if (context.position + 1 < context.tags.size() && context.tags.get(context.position) instanceof Tag.MentionTag verb && onlyColumns(verb)) {
            context.position++;
            if (context.locatesNextValue(verb)) {
                verb.meanings().forEach(meaning -> located.add(((dev.tarn.ask.nl.model.Meaning.ColumnMeaning) meaning).column()));
            } else {
                context.position--;
            }
        }
        if (context.position < context.tags.size() && context.tags.get(context.position) instanceof Tag.MentionTag participle) {
            context.position++;
            boolean verb = participleBeforeMeans(participle);
            if (verb) {
                // "orders not paid by card": what is negated is the means, the participle is only the verb
                if (context.nextKeywordIs(Keyword.GROUP_BY)) context.position++;
            } else {
                context.position--;
            }
        }
        Mention first = context.nextMention().orElseThrow(() -> refusal(tag.text(), "\"" + tag.text() + "\" needs a value after it"));
        List<dev.tarn.ask.nl.model.Meaning> meanings = located.isEmpty() ? first.meanings() : first.meanings().stream()
                .filter(meaning -> meaning instanceof dev.tarn.ask.nl.model.Meaning.ValueMeaning value && located.contains(value.column())).toList();
        context.negated.add(new Mention(first.text(), meanings, contained, false));
        // "not organic or paid search", "neither paid nor refunded": the negation covers the whole list
        while (context.nextKeywordIs(Keyword.OR) && context.position + 1 < context.tags.size()
                && context.tags.get(context.position + 1) instanceof Tag.MentionTag) {
            context.position++;
            Mention next = context.nextMention().orElseThrow();
            context.negated.add(new Mention(next.text(), next.meanings(), contained, false));
        }
    }

    /** "or" only joins values into a list: what follows it is read as the next free value, see {@link FreeMentions#listedAfterPreviousValue}. */
    void alternative(Tag.KeywordTag tag) {
        boolean afterValue = context.position >= 2 && context.tags.get(context.position - 2) instanceof Tag.MentionTag before && !onlyNames(before);
        boolean beforeValue = context.position < context.tags.size() && context.tags.get(context.position) instanceof Tag.MentionTag after
                && !onlyNames(after);
        if (!afterValue || !beforeValue) refuse(tag.text(), "\"" + tag.text() + "\" is only understood between values, as in \"france or germany\"");
    }

    /** "population over 1000": the mention just before the comparison word, if nothing else took it. */
    private Optional<Mention> previousFreeMentionIfAdjacent() {
        int previous = context.position - 2;
        if (previous >= 0 && context.tags.get(previous) instanceof Tag.MentionTag tag && !context.free.isEmpty()
                && context.free.getLast().text().equals(tag.text())
                && tag.meanings().stream().anyMatch(meaning -> meaning instanceof dev.tarn.ask.nl.model.Meaning.ColumnMeaning)) {
            return Optional.of(context.free.removeLast());
        }
        return Optional.empty();
    }

    /**
     * "orders paid with paypal", "orders paid by card": a stored value that is a past participle ("paid"),
     * followed by "with"/"by" and a value of another column of the same table, is the verb of that means,
     * not a filter of its own (the set's gold, and English: paid with paypal says how, not which status).
     * The tag just read is the participle; position stands after it.
     */
    boolean participleBeforeMeans(Tag.MentionTag mention) {
        if (onlyNames(mention) || mention.text().contains(" ")) return false;
        String word = mention.text();
        if (!word.endsWith("ed") && !IRREGULAR_PARTICIPLES.contains(word)) return false;
        int original = context.originalPositions[context.position - 1];
        if (original + 2 >= context.allTags.size()) return false;
        Tag connective = context.allTags.get(original + 1);
        boolean means = connective instanceof Tag.StopTag stop && stop.text().equals("with")
                || connective instanceof Tag.KeywordTag keyword && keyword.keyword() == Keyword.GROUP_BY;
        if (!means || !(context.allTags.get(original + 2) instanceof Tag.MentionTag next) || onlyNames(next)) return false;
        java.util.Set<dev.tarn.ask.nl.model.ColumnReference> participleColumns = new java.util.HashSet<>();
        java.util.Set<String> participleTables = new java.util.HashSet<>();
        for (var meaning : mention.meanings()) {
            if (meaning instanceof dev.tarn.ask.nl.model.Meaning.ValueMeaning value) {
                participleColumns.add(value.column());
                participleTables.add(value.column().table());
            }
        }
        return next.meanings().stream().anyMatch(meaning -> meaning instanceof dev.tarn.ask.nl.model.Meaning.ValueMeaning value
                && participleTables.contains(value.column().table()) && !participleColumns.contains(value.column()));
    }
}
