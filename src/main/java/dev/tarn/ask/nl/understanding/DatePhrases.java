package dev.tarn.ask.nl.understanding;

import dev.tarn.ask.nl.sql.DateGrain;
import dev.tarn.ask.nl.understanding.QuestionStructure.DateRange;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;

import static dev.tarn.ask.nl.understanding.GrammarContext.QUESTION_WORDS;
import static dev.tarn.ask.nl.understanding.GrammarContext.onlyColumns;
import static dev.tarn.ask.nl.understanding.GrammarContext.refusal;
import static dev.tarn.ask.nl.understanding.GrammarContext.refuse;

/**
 * Date phrases, read against the injected clock's today: "last 30 days", "this month", "in 2024",
 * "since march", "q1 2025", "between june 1 and august 31", and a period over a period ("month over
 * month"). Every range is half-open, so the planner needs no date arithmetic of its dialect.
 */
final class DatePhrases {
    private final GrammarContext context;
    private final Clock clock;

    DatePhrases(GrammarContext context, Clock clock) {
        this.context = context;
        this.clock = clock;
    }

    /** "order count for 2024": a year after "for" is that year, as after "in". */
    boolean yearAfterFor(Tag.NumberTag number) {
        int original = context.originalPositions[context.position - 1];
        return isYear(number.value()) && original > 0 && context.allTags.get(original - 1) instanceof Tag.StopTag stop && stop.text().equals("for");
    }

    /**
     * "month over month growth of signups", "year over year revenue growth": the period is the grain
     * and the question asks for growth, said or not ("month over month revenue").
     */
    void periodOverPeriod(Tag.KeywordTag tag) {
        Optional<DateGrain> unit = Optional.empty();
        if (context.position + 1 < context.tags.size() && context.tags.get(context.position) instanceof Tag.KeywordTag over
                && over.text().equals("over")) {
            context.position++;
            unit = context.nextUnit();
            context.position--;
        }
        Optional<DateGrain> own = unitOf(tag.keyword());
        int original = context.originalPositions[context.position - 1];
        if (unit.isEmpty() && original > 0 && context.allTags.get(original - 1) instanceof Tag.StopTag stop && QUESTION_WORDS.contains(stop.text())) {
            context.setGrain(own.orElseThrow(), tag); // "which month had the most signups": the periods are what is ranked
            return;
        }
        if (unit.isEmpty() || !unit.equals(own)) refuse(tag.text(), "a period needs \"last\", \"this\" or \"by\" before it");
        context.position += 2;
        context.setGrain(own.orElseThrow(), tag);
        context.periodOverPeriod = true;
    }

    private static Optional<DateGrain> unitOf(Keyword keyword) {
        return switch (keyword) {
            case DAY -> Optional.of(DateGrain.DAY);
            case WEEK -> Optional.of(DateGrain.WEEK);
            case MONTH -> Optional.of(DateGrain.MONTH);
            case QUARTER -> Optional.of(DateGrain.QUARTER);
            case YEAR -> Optional.of(DateGrain.YEAR);
            default -> Optional.empty();
        };
    }

    /** "q1 2025", "in q3": a quarter of the year that follows, else the latest such quarter begun by today. */
    void quarter(Tag.KeywordTag tag) {
        int first = 3 * (tag.text().charAt(1) - '1') + 1;
        LocalDate start;
        if (context.position < context.tags.size() && context.tags.get(context.position) instanceof Tag.NumberTag number && isYear(number.value())) {
            context.position++;
            start = LocalDate.of(number.value().intValueExact(), first, 1);
        } else {
            start = LocalDate.of(today().getYear(), first, 1);
            if (start.isAfter(today())) start = start.minusYears(1);
        }
        setDates(start, start.plusMonths(3), tag.text() + " " + start.getYear());
    }

    /** "march 1", "march 31 2025": a day of a month, with the year if one follows. */
    private Optional<LocalDate> dayOfMonth(Optional<Integer> year) {
        if (!context.nextKeywordIs(Keyword.MONTH_NAME) || context.position + 1 >= context.tags.size()
                || !(context.tags.get(context.position + 1) instanceof Tag.NumberTag day)) {
            return Optional.empty();
        }
        java.time.Month month = java.time.Month.valueOf(context.tags.get(context.position).text().toUpperCase(java.util.Locale.ROOT));
        if (day.value().scale() > 0 || day.value().intValue() < 1 || day.value().intValue() > month.maxLength()) return Optional.empty();
        context.position += 2;
        int resolvedYear = year.orElse(today().getYear());
        if (context.position < context.tags.size() && context.tags.get(context.position) instanceof Tag.NumberTag number && isYear(number.value())) {
            context.position++;
            resolvedYear = number.value().intValueExact();
        }
        try {
            return Optional.of(LocalDate.of(resolvedYear, month, day.value().intValue()));
        } catch (java.time.DateTimeException impossible) {
            throw refusal(context.tags.get(context.position - 1).text(), "no such day");
        }
    }

    /** "between june 1 and august 31, 2025": both days, the year written once at the end, the last day included. */
    void between(Tag.KeywordTag tag) {
        int start = context.position;
        Optional<LocalDate> firstGuess = dayOfMonth(Optional.empty());
        if (firstGuess.isPresent() && context.nextKeywordIs(Keyword.AND)) {
            context.position++;
            Optional<LocalDate> last = dayOfMonth(Optional.empty());
            if (last.isPresent()) {
                boolean firstHadYear = context.tags.get(start + 2) instanceof Tag.NumberTag number && isYear(number.value());
                LocalDate first = firstHadYear ? firstGuess.get() : firstGuess.get().withYear(last.get().getYear());
                if (last.get().isBefore(first)) refuse(tag.text(), "the first day comes after the last");
                setDates(first, last.get().plusDays(1), "between " + first + " and " + last.get());
                return;
            }
        }
        refuse(tag.text(), "\"between\" needs two days, as in \"between march 1 and march 31, 2025\"");
    }

    void lastPeriod(Tag.KeywordTag tag) {
        int count = 1;
        boolean counted = false;
        if (context.position < context.tags.size() && context.tags.get(context.position) instanceof Tag.NumberTag number) {
            context.position++;
            count = context.positiveInteger(number);
            counted = true;
        }
        DateGrain unit = context.nextUnit().orElseThrow(() -> refusal(tag.text(), "\"" + tag.text() + "\" needs a period after it"));
        context.position++;
        LocalDate today = today();
        LocalDate currentStart = periodStart(unit, today);
        if (counted) {
            // "last 30 days", "last 6 months": that many calendar units ending with the current one, so
            // that today's rows count (the rule of the product-analytics set, and of ThoughtSpot's "last n")
            LocalDate start = currentStart;
            for (int earlier = 1; earlier < count; earlier++) start = periodStart(unit, start.minusDays(1));
            setDates(start, periodEnd(unit, currentStart), "last " + count + " " + unit.name().toLowerCase(java.util.Locale.ROOT) + (count == 1 ? "" : "s"));
            return;
        }
        setDates(periodStart(unit, currentStart.minusDays(1)), currentStart, "last " + unit.name().toLowerCase(java.util.Locale.ROOT));
    }

    void thisPeriod(Tag.KeywordTag tag) {
        DateGrain unit = context.nextUnit().orElseThrow(() -> refusal(tag.text(), "\"" + tag.text() + "\" needs a period after it"));
        context.position++;
        LocalDate start = periodStart(unit, today());
        setDates(start, periodEnd(unit, start), "this " + unit.name().toLowerCase(java.util.Locale.ROOT));
    }

    void inYear() {
        // "in" is only a preposition unless a year or a month follows it: "in 2024", "in march"
        if (context.nextKeywordIs(Keyword.MONTH_NAME)) {
            LocalDate start = monthStart((Tag.KeywordTag) context.tags.get(context.position++));
            setDates(start, start.plusMonths(1), "in " + start.getMonth().name().toLowerCase(java.util.Locale.ROOT) + " " + start.getYear());
            return;
        }
        if (context.position < context.tags.size() && context.tags.get(context.position) instanceof Tag.NumberTag number && isYear(number.value())) {
            context.position++;
            LocalDate start = LocalDate.of(number.value().intValueExact(), 1, 1);
            setDates(start, start.plusYears(1), "in " + number.text());
        } else if (context.position < context.tags.size() && context.tags.get(context.position) instanceof Tag.MentionTag mention) {
            if (onlyColumns(mention) && !context.datedAfter(context.position + 1)) {
                // "the largest capital in population": a measure after "in" says what ranks, a reading not supported yet
                refuse("in " + mention.text(), "\"in " + mention.text() + "\" names a measure, not a place; say \"by " + mention.text() + "\"");
            }
            context.position++;
            // "through which states does ...": a question word between the preposition and the noun makes it what is asked
            boolean asked = context.followsQuestionWord();
            context.free.add(new Mention(mention.text(), mention.meanings(), !asked, asked));
        }
    }

    void sinceYear(Tag.KeywordTag tag) {
        if (context.nextKeywordIs(Keyword.MONTH_NAME)) {
            LocalDate start = monthStart((Tag.KeywordTag) context.tags.get(context.position++));
            setDates(start, today().plusDays(1), "since " + start);
            return;
        }
        Tag.NumberTag number = context.nextNumber().filter(found -> isYear(found.value()))
                .orElseThrow(() -> refusal(tag.text(), "\"" + tag.text() + "\" needs a year after it"));
        setDates(LocalDate.of(number.value().intValueExact(), 1, 1), today().plusDays(1), "since " + number.text());
    }

    /**
     * The first day of a named month: of the year that follows it ("march 2024"), else of the latest
     * such month that has begun by today ("since march" in February means last March).
     */
    private LocalDate monthStart(Tag.KeywordTag monthTag) {
        java.time.Month month = java.time.Month.valueOf(monthTag.text().toUpperCase(java.util.Locale.ROOT));
        if (context.position < context.tags.size() && context.tags.get(context.position) instanceof Tag.NumberTag number && isYear(number.value())) {
            context.position++;
            return LocalDate.of(number.value().intValueExact(), month, 1);
        }
        LocalDate thisYears = LocalDate.of(today().getYear(), month, 1);
        return thisYears.isAfter(today()) ? thisYears.minusYears(1) : thisYears;
    }

    void setDates(LocalDate start, LocalDate end, String words) {
        if (context.dateRange.isPresent() && context.keywordStart > 0 && context.tags.get(context.keywordStart - 1) instanceof Tag.KeywordTag and
                && and.keyword() == Keyword.AND) {
            // "yesterday and today", "in 2024 and 2025"... two ranges that meet are one
            DateRange earlier = context.dateRange.get();
            if (earlier.end().equals(start) || end.equals(earlier.start())) {
                LocalDate first = earlier.start().isBefore(start) ? earlier.start() : start;
                LocalDate last = earlier.end().isAfter(end) ? earlier.end() : end;
                context.dateRange = Optional.of(new DateRange(first, last, earlier.words() + " and " + words));
                return;
            }
        }
        if (context.dateRange.isPresent()) refuse(words, "only one date range per question is supported");
        context.dateRange = Optional.of(new DateRange(start, end, words));
    }

    private static LocalDate periodStart(DateGrain unit, LocalDate day) {
        return switch (unit) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
            case QUARTER -> LocalDate.of(day.getYear(), (day.getMonthValue() - 1) / 3 * 3 + 1, 1);
            case YEAR -> day.withDayOfYear(1);
        };
    }

    private static LocalDate periodEnd(DateGrain unit, LocalDate start) {
        return switch (unit) {
            case DAY -> start.plusDays(1);
            case WEEK -> start.plusWeeks(1);
            case MONTH -> start.plusMonths(1);
            case QUARTER -> start.plusMonths(3);
            case YEAR -> start.plusYears(1);
        };
    }

    LocalDate today() {
        return LocalDate.now(clock);
    }

    private static boolean isYear(BigDecimal value) {
        return value.scale() <= 0 && value.compareTo(BigDecimal.valueOf(1000)) >= 0 && value.compareTo(BigDecimal.valueOf(2999)) <= 0;
    }
}
