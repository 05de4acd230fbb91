package dev.tarn.ask.nl.understanding;

import dev.tarn.ask.nl.sql.AggregateFunction;
import dev.tarn.ask.nl.sql.DateGrain;
import dev.tarn.ask.nl.understanding.QuestionStructure.AggregateRequest;

import java.util.Optional;

import static dev.tarn.ask.nl.understanding.GrammarContext.onlyNames;
import static dev.tarn.ask.nl.understanding.GrammarContext.refusal;
import static dev.tarn.ask.nl.understanding.GrammarContext.refuse;

/**
 * An aggregate and its target ("average amount", "number of distinct users"), and what it is grouped
 * by ("by country and plan", "per month", "for each state"), unless "by" names who did it, what
 * ranks, or how ("paid by card").
 */
final class AggregatePhrases {
    /** Words after a plural table that say which of its rows are meant: "users on the pro plan", "customers in france". */
    private static final java.util.Set<String> QUALIFYING_WORDS = java.util.Set.of("on", "in", "with", "who", "that", "from", "whose");

    private final GrammarContext context;
    private final RankingPhrases rankings;

    AggregatePhrases(GrammarContext context, RankingPhrases rankings) {
        this.context = context;
        this.rankings = rankings;
    }

    void aggregate(AggregateFunction function, Tag.KeywordTag tag) {
        if (context.aggregate.isPresent()) refuse(tag.text(), "only one aggregate per question is supported");
        boolean distinct = context.nextKeywordIs(Keyword.DISTINCT);
        if (distinct) context.position++;
        QuestionStructure.Form form = switch (tag.keyword()) {
            case SHARE -> QuestionStructure.Form.SHARE;
            case GROWTH -> QuestionStructure.Form.GROWTH;
            default -> QuestionStructure.Form.VALUE;
        };
        context.aggregate = Optional.of(new AggregateRequest(function, distinct, context.nextMention(), tag.text(), form));
    }

    void grouping(Tag.KeywordTag tag) {
        Optional<DateGrain> unit = context.nextUnit();
        if (unit.isPresent()) {
            context.position++;
            context.setGrain(unit.get(), tag);
            return;
        }
        if (tag.keyword() == Keyword.GROUP_BY && byAgent()) {
            // "logins by users on the pro plan": "by" names who did it, and what follows says which of them
            context.position++;
            return;
        }
        if (rankings.rankedBy(tag)) return; // "top 5 customers by revenue": "by" names what ranks them, not a grouping
        if (tag.keyword() == Keyword.GROUP_BY && context.position < context.tags.size()
                && context.tags.get(context.position) instanceof Tag.MentionTag means && !onlyNames(means)
                && means.meanings().stream().allMatch(meaning -> meaning instanceof dev.tarn.ask.nl.model.Meaning.ValueMeaning)) {
            // "paid by card": "by" before a value says how, a filter, not a grouping
            return;
        }
        context.groupings.add(context.nextMention()
                .orElseThrow(() -> refusal(tag.text(), "\"" + tag.text() + "\" needs a column or table after it")));
        // "users by country and plan": a grouping lists on with "and"
        while (context.nextKeywordIs(Keyword.AND) && context.position + 1 < context.tags.size()
                && context.tags.get(context.position + 1) instanceof Tag.MentionTag next && onlyNames(next)) {
            context.position++;
            context.groupings.add(context.nextMention().orElseThrow());
        }
    }

    /**
     * "by users on the pro plan": "by" before a plural table name that a qualifying phrase follows names
     * the agent of the counted rows, not a grouping (which would be "by user").
     */
    private boolean byAgent() {
        if (context.position >= context.tags.size() || !(context.tags.get(context.position) instanceof Tag.MentionTag next)
                || !onlyNames(next)) return false;
        if (!next.meanings().stream().allMatch(meaning -> meaning instanceof dev.tarn.ask.nl.model.Meaning.TableMeaning)) return false;
        String last = next.text().substring(next.text().lastIndexOf(' ') + 1);
        if (dev.tarn.ask.nl.model.Words.singular(last).equals(last)) return false;
        int after = context.originalPositions[context.position] + 1;
        return after < context.allTags.size() && (context.allTags.get(after) instanceof Tag.StopTag stop && QUALIFYING_WORDS.contains(stop.text())
                || context.allTags.get(after) instanceof Tag.KeywordTag keyword && keyword.keyword() == Keyword.IN);
    }
}
