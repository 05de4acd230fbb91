package dev.tarn.ask.nl.understanding;

import dev.tarn.ask.nl.understanding.QuestionStructure.RankingRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.tarn.ask.nl.understanding.GrammarContext.onlyColumns;
import static dev.tarn.ask.nl.understanding.GrammarContext.onlyNames;
import static dev.tarn.ask.nl.understanding.GrammarContext.refusal;
import static dev.tarn.ask.nl.understanding.GrammarContext.refuse;

/**
 * Rankings: superlatives ("the largest state", "the most populous state", "the state with the most
 * cities"), top and bottom N ("top 5 customers by revenue"), and a count read before the name a later
 * superlative ranks ("3 countries with the lowest ...").
 */
final class RankingPhrases {
    private static final int DEFAULT_TOP_COUNT = 10;
    private static final int NOUN_AFTER_SUPERLATIVE = -2;

    private final GrammarContext context;
    /** A count read before the name a later superlative ranks ("3 countries with the lowest ..."), and where that name is. */
    Optional<Integer> pendingCount = Optional.empty();
    private int pendingEntityIndex = -1;

    RankingPhrases(GrammarContext context) {
        this.context = context;
    }

    /**
     * "3 countries with the lowest average order value", "the 3 payment methods with the least revenue":
     * a count before a name that a superlative later ranks is a top (or bottom) N of that name.
     */
    boolean countBeforeRankedMention(Tag.NumberTag number) {
        if (context.ranking.isPresent() || context.position >= context.tags.size()) return false;
        // "the 2 least used devices": the count, the superlative, then what is ranked
        if (context.position + 1 < context.tags.size() && context.tags.get(context.position) instanceof Tag.KeywordTag keyword
                && (keyword.keyword() == Keyword.HIGHEST || keyword.keyword() == Keyword.LOWEST) && context.tags.get(context.position + 1) instanceof Tag.MentionTag) {
            pendingEntityIndex = NOUN_AFTER_SUPERLATIVE;
            return true;
        }
        if (!(context.tags.get(context.position) instanceof Tag.MentionTag)) return false;
        for (int later = context.position + 1; later < context.tags.size(); later++) {
            if (context.tags.get(later) instanceof Tag.KeywordTag keyword
                    && (keyword.keyword() == Keyword.HIGHEST || keyword.keyword() == Keyword.LOWEST)) {
                pendingEntityIndex = context.free.size();
                return true;
            }
        }
        return false;
    }

    boolean afterSuperlative() {
        return context.position >= 2 && context.tags.get(context.position - 2) instanceof Tag.KeywordTag keyword
                && (keyword.keyword() == Keyword.HIGHEST || keyword.keyword() == Keyword.LOWEST);
    }

    void superlative(Tag.KeywordTag tag) {
        if (context.ranking.isPresent()) refuse(tag.text(), "only one superlative per question is supported");
        boolean highest = tag.keyword() == Keyword.HIGHEST;
        if (pendingCount.isPresent() && pendingEntityIndex == NOUN_AFTER_SUPERLATIVE) {
            context.ranking = Optional.of(new RankingRequest(highest, pendingCount, context.nextMention(), Optional.empty(), tag.text()));
            pendingCount = Optional.empty();
            return;
        }
        if (pendingCount.isPresent() && pendingEntityIndex >= 0 && pendingEntityIndex < context.free.size()) {
            Mention entity = context.free.remove(pendingEntityIndex);
            context.ranking = Optional.of(new RankingRequest(highest, pendingCount, Optional.of(new Mention(entity.text(), entity.meanings())),
                    nextMentionAfterAdjectives(), (highest ? "top " : "bottom ") + pendingCount.get()));
            pendingCount = Optional.empty();
            return;
        }
        Optional<Mention> measure = nextMentionAfterAdjectives();
        Optional<Mention> entity = Optional.empty();
        if (measure.isPresent() && context.position < context.tags.size() && context.tags.get(context.position) instanceof Tag.MentionTag noun
                && context.originalPositions[context.position - 1] + 1 == context.originalPositions[context.position]) {
            // "the most populous state": a measure used as an adjective of the table right after it ranks that table by it
            java.util.Set<String> nounTables = new java.util.HashSet<>();
            for (var meaning : noun.meanings()) {
                if (meaning instanceof dev.tarn.ask.nl.model.Meaning.TableMeaning table) nounTables.add(table.table());
            }
            List<dev.tarn.ask.nl.model.Meaning> ownColumns = measure.get().meanings().stream()
                    .filter(meaning -> meaning instanceof dev.tarn.ask.nl.model.Meaning.ColumnMeaning column
                            && nounTables.contains(column.column().table())).toList();
            if (nounTables.size() == noun.meanings().size() && !ownColumns.isEmpty()) {
                context.position++;
                java.util.Set<String> ranked = new java.util.HashSet<>();
                ownColumns.forEach(meaning -> ranked.add(((dev.tarn.ask.nl.model.Meaning.ColumnMeaning) meaning).column().table()));
                measure = Optional.of(new Mention(measure.get().text(), ownColumns));
                entity = Optional.of(new Mention(noun.text(), noun.meanings().stream()
                        .filter(meaning -> ranked.contains(((dev.tarn.ask.nl.model.Meaning.TableMeaning) meaning).table())).toList()));
            }
        }
        context.ranking = Optional.of(new RankingRequest(highest, Optional.empty(), entity, measure, tag.text()));
    }

    /**
     * "the most active users", "by number of paid orders": values before a table name are adjectives
     * of it (filters, read as free values); the table is what the keyword takes.
     */
    private Optional<Mention> nextMentionAfterAdjectives() {
        int start = context.position;
        List<Tag.MentionTag> adjectives = new ArrayList<>();
        while (context.position + 1 < context.tags.size() && context.tags.get(context.position) instanceof Tag.MentionTag value && !onlyNames(value)
                && context.tags.get(context.position + 1) instanceof Tag.MentionTag) {
            adjectives.add(value);
            context.position++;
        }
        boolean tableFollows = context.position < context.tags.size() && context.tags.get(context.position) instanceof Tag.MentionTag named
                && onlyNames(named)
                && named.meanings().stream().allMatch(meaning -> meaning instanceof dev.tarn.ask.nl.model.Meaning.TableMeaning);
        if (adjectives.isEmpty() || !tableFollows) {
            context.position = start;
            return context.nextMention();
        }
        for (Tag.MentionTag adjective : adjectives) context.free.add(new Mention(adjective.text(), adjective.meanings(), false, false));
        return context.nextMention();
    }

    void top(Tag.KeywordTag tag) {
        if (context.ranking.isPresent()) refuse(tag.text(), "only one ranking per question is supported");
        int count = DEFAULT_TOP_COUNT;
        if (context.position < context.tags.size() && context.tags.get(context.position) instanceof Tag.NumberTag number) {
            context.position++;
            count = context.positiveInteger(number);
        }
        Optional<Mention> entity = context.nextMention();
        context.ranking = Optional.of(new RankingRequest(tag.keyword() == Keyword.TOP, Optional.of(count), entity, Optional.empty(),
                tag.text() + " " + count));
    }

    /** Whether "by" after a superlative or a top N names what ranks rather than a grouping: "the smallest state by area". */
    boolean rankedBy(Tag.KeywordTag tag) {
        if (context.ranking.isPresent() && context.ranking.get().count().isEmpty() && context.ranking.get().entity().isEmpty()
                && tag.keyword() == Keyword.GROUP_BY
                && context.ranking.get().measure().filter(GrammarContext::onlyTableMeanings).isPresent()
                && context.position < context.tags.size() && context.tags.get(context.position) instanceof Tag.MentionTag by && onlyColumns(by)) {
            // "the smallest state by area": the superlative's noun is the entity, "by" names the measure
            RankingRequest open = context.ranking.get();
            context.position++;
            context.ranking = Optional.of(new RankingRequest(open.highest(), open.count(), open.measure(),
                    Optional.of(new Mention(by.text(), by.meanings())), open.words()));
            return true;
        }
        if (context.ranking.isPresent() && context.ranking.get().count().isPresent() && context.ranking.get().measure().isEmpty()
                && tag.keyword() == Keyword.GROUP_BY) {
            // "top 5 customers by revenue": "by" names what ranks them, not a grouping
            RankingRequest open = context.ranking.get();
            // "top 5 countries by number of orders": ranked by how many orders each has
            if (context.nextKeywordIs(Keyword.COUNT) && context.position + 1 < context.tags.size()
                    && context.tags.get(context.position + 1) instanceof Tag.MentionTag) {
                context.position++;
            } else if (context.nextKeywordIs(Keyword.COUNT) && open.entity().isPresent()) {
                // "top 3 events by count": by how many of its own rows each has
                context.position++;
                context.ranking = Optional.of(new RankingRequest(open.highest(), open.count(), open.entity(), open.entity(), open.words()));
                return true;
            }
            Mention measure = nextMentionAfterAdjectives().orElseThrow(() -> refusal(tag.text(), "\"" + tag.text() + "\" needs a measure after it"));
            context.ranking = Optional.of(new RankingRequest(open.highest(), open.count(), open.entity(), Optional.of(measure), open.words()));
            return true;
        }
        return false;
    }
}
