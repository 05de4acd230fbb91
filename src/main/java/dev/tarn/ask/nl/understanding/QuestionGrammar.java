package dev.tarn.ask.nl.understanding;

import dev.tarn.ask.nl.sql.AggregateFunction;
import dev.tarn.ask.nl.sql.ComparisonOperator;
import dev.tarn.ask.nl.sql.DateGrain;
import dev.tarn.ask.nl.understanding.QuestionStructure.AggregateRequest;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static dev.tarn.ask.nl.understanding.GrammarContext.onlyColumns;
import static dev.tarn.ask.nl.understanding.GrammarContext.onlyNames;
import static dev.tarn.ask.nl.understanding.GrammarContext.onlyTables;
import static dev.tarn.ask.nl.understanding.GrammarContext.refuse;

/**
 * A small grammar over tagged spans. Keywords open a construct and take the spans that follow
 * (an aggregate takes its target, "by" its grouping, "over" a number, "last" a number and a unit);
 * a mention no construct takes is free, and the interpreter decides whether it is asked for or
 * filters. A keyword left without what it needs, or a number no construct takes, is a refusal.
 * The tags, where reading stands and the parts read so far are one {@link GrammarContext} per question.
 */
public final class QuestionGrammar {
    private static final java.util.Set<String> NAMING_WORDS = java.util.Set.of("named", "called");
    private Optional<String> lastFreeColumn = Optional.empty();
    private boolean andSinceLastColumn;
    /** Whether the table that just qualified a column ("which state capital") was what a question word asked for. */
    private boolean qualifiedAsked;

    private final GrammarContext context;
    private final DatePhrases dates;
    private final FilterPhrases filters;
    private final RankingPhrases rankings;
    private final AggregatePhrases aggregates;

    private QuestionGrammar(GrammarContext context, Clock clock) {
        this.context = context;
        this.dates = new DatePhrases(context, clock);
        this.filters = new FilterPhrases(context);
        this.rankings = new RankingPhrases(context);
        this.aggregates = new AggregatePhrases(context, rankings);
    }

    /** Reads the structure of a tagged question, dates relative to the clock's today. */
    public static QuestionStructure read(List<Tag> tags, Clock clock) {
        List<String> unplaced = tags.stream().filter(tag -> tag instanceof Tag.UnknownTag).map(Tag::text).toList();
        if (!unplaced.isEmpty()) {
            throw new NotUnderstoodException(RefusalReason.UNPLACED_WORDS, unplaced,
                    "These words are not names, values or question words of this datasource: " + String.join(", ", unplaced));
        }
        List<Tag> content = tags.stream().filter(tag -> !(tag instanceof Tag.StopTag)).toList();
        if (content.isEmpty()) {
            throw new NotUnderstoodException(RefusalReason.EMPTY_QUESTION, List.of(), "The question names nothing to look up");
        }
        int[] originalPositions = new int[content.size()];
        for (int index = 0, contentIndex = 0; index < tags.size(); index++) {
            if (!(tags.get(index) instanceof Tag.StopTag)) originalPositions[contentIndex++] = index;
        }
        return new QuestionGrammar(new GrammarContext(content, tags, originalPositions), clock).readAll();
    }

    private QuestionStructure readAll() {
        while (context.position < context.tags.size()) {
            Tag tag = context.tags.get(context.position++);
            switch (tag) {
                case Tag.KeywordTag keyword -> keyword(keyword);
                case Tag.MentionTag named when anyOfTable(named) -> { }
                case Tag.MentionTag named when filters.participleBeforeMeans(named) -> { }
                case Tag.MentionTag named -> {
                    Tag.MentionTag mention = qualifiedByTableBefore(named);
                    if (mention == named) refuseCompoundOfColumns(mention);
                    refuseChainOfColumns(mention);
                    listedAfterPreviousValue(mention).ifPresent(connective -> context.listedValues.put(context.free.size(), connective));
                    context.free.add(new Mention(mention.text(), mention.meanings(), false, qualifiedAsked || context.followsQuestionWord(),
                            followsNamingWord(), followsPossessiveWord()));
                    qualifiedAsked = false;
                }
                case Tag.NumberTag number when dates.yearAfterFor(number) -> {
                    LocalDate start = LocalDate.of(number.value().intValueExact(), 1, 1);
                    dates.setDates(start, start.plusYears(1), "for " + number.text());
                }
                case Tag.NumberTag number when rankings.countBeforeRankedMention(number) ->
                        rankings.pendingCount = Optional.of(context.positiveInteger(number));
                case Tag.NumberTag number when number.text().equals("one") && rankings.afterSuperlative() -> { } // "the longest one": a pronoun
                case Tag.NumberTag number -> refuse(number.text(), "the number " + number.text() + " is not attached to anything");
                case Tag.StopTag stop -> { }
                case Tag.UnknownTag unknown -> refuse(unknown.text(), "unknown word");
            }
        }
        if (context.periodOverPeriod && context.aggregate.isEmpty()) {
            context.aggregate = Optional.of(new AggregateRequest(AggregateFunction.SUM, false, Optional.empty(), "growth",
                    QuestionStructure.Form.GROWTH));
        } else if (context.periodOverPeriod && context.aggregate.get().form() != QuestionStructure.Form.GROWTH) {
            refuse(context.aggregate.get().words(),
                    "a period over a period asks for growth, not for \"" + context.aggregate.get().words() + "\"");
        }
        return context.structure();
    }

    /**
     * "the highest monthly price of any plan", "the average amount of any order": "any" before a table
     * after a superlative or an aggregate means all its rows, which the measure already ranges over.
     */
    private boolean anyOfTable(Tag.MentionTag mention) {
        int original = context.originalPositions[context.position - 1];
        boolean afterAny = original > 0 && context.allTags.get(original - 1) instanceof Tag.StopTag stop && stop.text().equals("any");
        return afterAny && (context.ranking.isPresent() || context.aggregate.isPresent())
                && mention.meanings().stream().allMatch(meaning -> meaning instanceof dev.tarn.ask.nl.model.Meaning.TableMeaning);
    }

    private void keyword(Tag.KeywordTag tag) {
        context.keywordStart = context.position - 1;
        switch (tag.keyword()) {
            case COUNT -> aggregates.aggregate(AggregateFunction.COUNT, tag);
            case SHARE, GROWTH -> aggregates.aggregate(AggregateFunction.SUM, tag);
            case SUM -> aggregates.aggregate(AggregateFunction.SUM, tag);
            case AVERAGE -> aggregates.aggregate(AggregateFunction.AVG, tag);
            case MINIMUM -> aggregates.aggregate(AggregateFunction.MIN, tag);
            case MAXIMUM -> aggregates.aggregate(AggregateFunction.MAX, tag);
            case MEDIAN -> aggregates.aggregate(AggregateFunction.MEDIAN, tag);
            case DISTINCT -> context.distinctRows = true;
            case GROUP_BY, FOR_EACH -> aggregates.grouping(tag);
            case DAILY -> context.setGrain(DateGrain.DAY, tag);
            case WEEKLY -> context.setGrain(DateGrain.WEEK, tag);
            case MONTHLY -> context.setGrain(DateGrain.MONTH, tag);
            case QUARTERLY -> context.setGrain(DateGrain.QUARTER, tag);
            case YEARLY -> context.setGrain(DateGrain.YEAR, tag);
            case HIGHEST, LOWEST -> rankings.superlative(tag);
            case TOP, BOTTOM -> rankings.top(tag);
            case GREATER -> filters.comparison(ComparisonOperator.GREATER, tag);
            case GREATER_OR_EQUAL -> filters.comparison(ComparisonOperator.GREATER_OR_EQUAL, tag);
            case LESS -> filters.comparison(ComparisonOperator.LESS, tag);
            case LESS_OR_EQUAL -> filters.comparison(ComparisonOperator.LESS_OR_EQUAL, tag);
            case EQUAL -> filters.comparison(ComparisonOperator.EQUAL, tag);
            case BETWEEN -> {
                if (context.nextKeywordIs(Keyword.MONTH_NAME)) dates.between(tag); // "between june 1 and august 31": two days
                else filters.between(tag);
            }
            case NOT -> filters.negation(tag);
            case TODAY -> dates.setDates(dates.today(), dates.today().plusDays(1), tag.text());
            case YESTERDAY -> dates.setDates(dates.today().minusDays(1), dates.today(), tag.text());
            case LAST -> dates.lastPeriod(tag);
            case THIS -> dates.thisPeriod(tag);
            case IN -> dates.inYear();
            case SINCE -> dates.sinceYear(tag);
            case AND -> andSinceLastColumn = true;
            case OR -> filters.alternative(tag);
            case DAY, WEEK, MONTH, QUARTER, YEAR -> dates.periodOverPeriod(tag);
            case HOW_DIMENSION -> setProperty(Vocabulary.dimensionsOf(tag.text()), tag);
            case WHERE -> setProperty(List.of(), tag);
            case MONTH_NAME -> refuse(tag.text(), "a month needs \"in\" or \"since\" before it");
            case QUARTER_NAME -> dates.quarter(tag);
            case YEAR_TO_DATE -> dates.setDates(dates.today().withDayOfYear(1), dates.today().plusDays(1), "this year to date");
        }
    }


    private void setProperty(List<String> dimensions, Tag.KeywordTag tag) {
        if (context.property.isPresent()) refuse(tag.text(), "only one \"how\" or \"where\" per question is supported");
        context.property = Optional.of(new QuestionStructure.PropertyRequest(dimensions, tag.text()));
    }

    /**
     * "france or germany", "spain and the netherlands", "canada, mexico": a value right after another
     * value (directly, or across "or" / "and") is listed with it; the planner decides whether the list
     * means one of them (IN) or is a contradiction.
     */
    private Optional<Keyword> listedAfterPreviousValue(Tag.MentionTag mention) {
        if (onlyNames(mention) || context.free.isEmpty()) return Optional.empty();
        int current = context.position - 1;
        Keyword connective = Keyword.AND;
        int before = current - 1;
        if (before >= 0 && context.tags.get(before) instanceof Tag.KeywordTag keyword
                && (keyword.keyword() == Keyword.OR || keyword.keyword() == Keyword.AND)) {
            connective = keyword.keyword();
            before--;
        }
        if (before < 0 || !(context.tags.get(before) instanceof Tag.MentionTag previous) || onlyNames(previous)
                || !context.free.getLast().text().equals(previous.text())) return Optional.empty();
        return Optional.of(connective);
    }


    /**
     * "population density", "capital cities": a column name next to another column or table name is
     * one compound name the model does not know, not two things; guessing which one is meant (or
     * both) would answer a different question. A table and a column pass when a value follows
     * ("states border texas": the column locates the value); two table names pass too, and the
     * interpreter relates them or refuses.
     */
    /**
     * "customer names", "city population": a table name right before a name of one of its columns
     * qualifies the column; the two become one mention of that table's column.
     */
    private Tag.MentionTag qualifiedByTableBefore(Tag.MentionTag mention) {
        int previous = context.position - 2;
        if (previous < 0 || context.originalPositions[previous] + 1 != context.originalPositions[context.position - 1]) return mention;
        if (!(context.tags.get(previous) instanceof Tag.MentionTag before) || context.free.isEmpty() || !context.free.getLast().text().equals(before.text())) return mention;
        java.util.Set<String> tablesBefore = new java.util.HashSet<>();
        for (var meaning : before.meanings()) {
            if (!(meaning instanceof dev.tarn.ask.nl.model.Meaning.TableMeaning table)) return mention;
            tablesBefore.add(table.table());
        }
        List<dev.tarn.ask.nl.model.Meaning> columns = mention.meanings().stream()
                .filter(meaning -> meaning instanceof dev.tarn.ask.nl.model.Meaning.ColumnMeaning column && tablesBefore.contains(column.column().table()))
                .toList();
        if (columns.isEmpty()) return mention;
        Tag.MentionTag qualified = new Tag.MentionTag(columns, before.text() + " " + mention.text());
        // "clients named acme": the column locates the value after it, and the table stays what is asked for
        if (context.locatesNextValue(qualified)) return mention;
        qualifiedAsked = context.free.removeLast().asked();
        return qualified;
    }

    private void refuseCompoundOfColumns(Tag.MentionTag mention) {
        int previous = context.position - 2;
        if (previous < 0 || context.originalPositions[previous] + 1 != context.originalPositions[context.position - 1]) return;
        if (context.datedAfter(context.position)) return; // "accounts signed up in 2024": a time column's verb before its dates
        boolean valueFollows = context.position < context.tags.size() && context.tags.get(context.position) instanceof Tag.MentionTag next && !onlyNames(next);
        // "the state that borders the most states": a verb column of a table, ranked by how often it holds
        boolean rankingFollows = context.nextKeywordIs(Keyword.HIGHEST) || context.nextKeywordIs(Keyword.LOWEST);
        boolean verbOfTable = context.tags.get(previous) instanceof Tag.MentionTag table && onlyTables(table) && onlyColumns(mention);
        if (verbOfTable && rankingFollows) return;
        if (context.tags.get(previous) instanceof Tag.MentionTag before && onlyNames(before) && onlyNames(mention)
                && (onlyColumns(before) && onlyColumns(mention) || (onlyColumns(before) || onlyColumns(mention)) && !valueFollows)) {
            throw new NotUnderstoodException(RefusalReason.AMBIGUOUS, List.of(before.text() + " " + mention.text()),
                    "\"" + before.text() + " " + mention.text() + "\" names two things side by side; ask for one, or add the phrase as a synonym");
        }
    }

    /**
     * "the population of the capital of texas": a column of a column is a chain (the capital is a
     * city, whose population is asked), which the planner cannot follow yet; two columns are a list
     * only with "and" between them ("population and area of texas").
     */
    private void refuseChainOfColumns(Tag.MentionTag mention) {
        if (!onlyColumns(mention) || context.locatesNextValue(mention)) return;
        if (context.datedAfter(context.position)) return; // "revenue from users who signed up in 2024": the verb of a date, not an attribute
        if (lastFreeColumn.isPresent() && !andSinceLastColumn) {
            throw new NotUnderstoodException(RefusalReason.UNSUPPORTED_CONSTRUCT, List.of(lastFreeColumn.get(), mention.text()),
                    "\"" + lastFreeColumn.get() + "\" of \"" + mention.text() + "\" is a chain of attributes, not supported yet; "
                            + "join two columns with \"and\" to ask for both");
        }
        lastFreeColumn = Optional.of(mention.text());
        andSinceLastColumn = false;
    }

    /** "rivers named colorado", "a city called springfield": the mention just read is a name given after a naming word. */
    /** "states that have a river", "states with rivers": the mention just read follows "have" or "with" (and an article). */
    private boolean followsPossessiveWord() {
        for (int original = context.originalPositions[context.position - 1] - 1; original >= 0; original--) {
            if (!(context.allTags.get(original) instanceof Tag.StopTag stop)) return false;
            if (POSSESSIVE_WORDS.contains(stop.text())) return true;
            if (!ARTICLES.contains(stop.text())) return false;
        }
        return false;
    }

    private static final java.util.Set<String> POSSESSIVE_WORDS = java.util.Set.of("have", "has", "had", "with");
    private static final java.util.Set<String> ARTICLES = java.util.Set.of("a", "an", "any", "the");

    private boolean followsNamingWord() {
        int original = context.originalPositions[context.position - 1] - 1;
        return original >= 0 && context.allTags.get(original) instanceof Tag.StopTag stop && NAMING_WORDS.contains(stop.text());
    }
}
