package dev.tarn.ask.nl.understanding;

import dev.tarn.ask.nl.sql.AggregateFunction;
import dev.tarn.ask.nl.sql.ComparisonOperator;
import dev.tarn.ask.nl.sql.DateGrain;
import dev.tarn.ask.nl.understanding.QuestionStructure.AggregateRequest;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static dev.tarn.ask.nl.understanding.GrammarContext.refuse;

/**
 * A small grammar over tagged spans. Keywords open a construct and take the spans that follow
 * (an aggregate takes its target, "by" its grouping, "over" a number, "last" a number and a unit);
 * a mention no construct takes is free, and the interpreter decides whether it is asked for or
 * filters. A keyword left without what it needs, or a number no construct takes, is a refusal.
 * Each kind of phrase has its reader (dates, filters, rankings, aggregates, free mentions), all
 * sharing one {@link GrammarContext} per question.
 */
public final class QuestionGrammar {
    private final GrammarContext context;
    private final DatePhrases dates;
    private final FilterPhrases filters;
    private final RankingPhrases rankings;
    private final AggregatePhrases aggregates;
    private final FreeMentions mentions;

    private QuestionGrammar(GrammarContext context, Clock clock) {
        this.context = context;
        this.dates = new DatePhrases(context, clock);
        this.filters = new FilterPhrases(context);
        this.rankings = new RankingPhrases(context);
        this.aggregates = new AggregatePhrases(context, rankings);
        this.mentions = new FreeMentions(context);
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
                case Tag.MentionTag named when mentions.anyOfTable(named) -> { }
                case Tag.MentionTag named when filters.participleBeforeMeans(named) -> { }
                case Tag.MentionTag named -> mentions.read(named);
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
            case AND -> mentions.andSinceLastColumn = true;
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
}
