package dev.tarn.ask.nl.understanding;

import dev.tarn.ask.nl.sql.AggregateFunction;
import dev.tarn.ask.nl.sql.ComparisonOperator;
import dev.tarn.ask.nl.sql.DateGrain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What the grammar read from a question before any phrase is tied to one model element: which
 * mentions are asked for, counted, grouped by, compared or ranked. Mentions keep all their meanings;
 * {@link Interpreter} chooses among them.
 */
public record QuestionStructure(List<Mention> freeMentions, Optional<AggregateRequest> aggregate, List<Mention> groupings,
                                Optional<DateGrain> grain, List<Mention> negatedValues, List<ComparisonRequest> comparisons,
                                Optional<RankingRequest> ranking, Optional<DateRange> dateRange, boolean distinctRows,
                                Optional<PropertyRequest> property, java.util.Map<Integer, Keyword> listedValues) {
    public QuestionStructure {
        freeMentions = List.copyOf(freeMentions);
        groupings = List.copyOf(groupings);
        negatedValues = List.copyOf(negatedValues);
        comparisons = List.copyOf(comparisons);
        listedValues = java.util.Map.copyOf(listedValues);
    }

    public QuestionStructure(List<Mention> freeMentions, Optional<AggregateRequest> aggregate, List<Mention> groupings,
                             Optional<DateGrain> grain, List<Mention> negatedValues, List<ComparisonRequest> comparisons,
                             Optional<RankingRequest> ranking, Optional<DateRange> dateRange, boolean distinctRows,
                             Optional<PropertyRequest> property) {
        this(freeMentions, aggregate, groupings, grain, negatedValues, comparisons, ranking, dateRange, distinctRows, property, java.util.Map.of());
    }

    /**
     * Whether the free mention at this index is a value listed after the one before it ("france or
     * germany": OR; "spain and the netherlands": AND; "canada, mexico": adjacent, AND), and how.
     */
    public Optional<Keyword> listedWithPrevious(int freeMentionIndex) {
        return Optional.ofNullable(listedValues.get(freeMentionIndex));
    }

    /** "total revenue", "how many cities", "number of distinct customers". */
    public record AggregateRequest(AggregateFunction function, boolean distinct, Optional<Mention> target, String words, Form form) {
    }

    /** Whether an aggregate is asked as is, as a share of the total over all groups, or as growth over the previous period. */
    public enum Form {
        VALUE, SHARE, GROWTH
    }

    /**
     * "population over 1000000", "length between 500 and 1000"; the column may be left for the interpreter
     * to find. With {@code than}, the comparison is with another row's value: "rivers longer than the red".
     */
    public record ComparisonRequest(Optional<Mention> column, Optional<ComparisonOperator> operator, List<BigDecimal> numbers,
                                    String words, Optional<Mention> than) {
        public ComparisonRequest {
            numbers = List.copyOf(numbers);
        }

        public ComparisonRequest(Optional<Mention> column, Optional<ComparisonOperator> operator, List<BigDecimal> numbers, String words) {
            this(column, operator, numbers, words, Optional.empty());
        }

        public boolean between() {
            return operator.isEmpty();
        }
    }

    /**
     * A superlative ("the largest city", "the state with the highest population") when {@code count} is
     * empty, or a top/bottom N ("top 5 customers by revenue") when it is present.
     */
    public record RankingRequest(boolean highest, Optional<Integer> count, Optional<Mention> entity, Optional<Mention> measure,
                                 String words) {
    }

    /**
     * A question that asks for a property of the rows it names rather than naming a column: "how long
     * is the rio grande" (the measure of a dimension, {@code dimensions} its possible names) or "where
     * is houston" (what the row is in: empty dimensions).
     */
    public record PropertyRequest(List<String> dimensions, String words) {
        public PropertyRequest {
            dimensions = List.copyOf(dimensions);
        }

        public boolean location() {
            return dimensions.isEmpty();
        }
    }

    /** Dates from {@code start} (inclusive) to {@code end} (exclusive), with how the question said it. */
    public record DateRange(LocalDate start, LocalDate end, String words) {
    }
}
