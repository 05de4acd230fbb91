package dev.tarn.ask.nl.understanding;

import dev.tarn.ask.nl.sql.DateGrain;
import dev.tarn.ask.nl.understanding.QuestionStructure.AggregateRequest;
import dev.tarn.ask.nl.understanding.QuestionStructure.ComparisonRequest;
import dev.tarn.ask.nl.understanding.QuestionStructure.DateRange;
import dev.tarn.ask.nl.understanding.QuestionStructure.RankingRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the phrase readers of one question share while the grammar reads it: the tags, where reading
 * stands, and the parts of the structure read so far; and the steps every phrase takes (the next
 * mention, number or unit, what stands before a word). One context per question: it is filled as
 * the tags are read.
 */
final class GrammarContext {
    static final java.util.Set<String> QUESTION_WORDS = java.util.Set.of("which", "what");
    /** Words that may stand between a question word and what it asks for: "which of the states". */
    private static final java.util.Set<String> PARTITIVE_WORDS = java.util.Set.of("of", "the", "all", "these", "those");
    private static final java.util.Set<Keyword> DATE_KEYWORDS = java.util.Set.of(Keyword.IN, Keyword.LAST, Keyword.THIS, Keyword.TODAY,
            Keyword.YESTERDAY, Keyword.SINCE, Keyword.BETWEEN);

    final List<Tag> tags;
    /** Where each content tag stood among all tags, stop words included, to tell adjacent words from separated ones. */
    final int[] originalPositions;
    final List<Tag> allTags;
    int position;
    /** Where the keyword being read stands among the content tags, to see what came right before its phrase. */
    int keywordStart = -1;

    final List<Mention> free = new ArrayList<>();
    final List<Mention> groupings = new ArrayList<>();
    final List<Mention> negated = new ArrayList<>();
    final List<ComparisonRequest> comparisons = new ArrayList<>();
    final java.util.Map<Integer, Keyword> listedValues = new java.util.HashMap<>();
    Optional<AggregateRequest> aggregate = Optional.empty();
    Optional<DateGrain> grain = Optional.empty();
    Optional<RankingRequest> ranking = Optional.empty();
    Optional<DateRange> dateRange = Optional.empty();
    boolean distinctRows;
    boolean periodOverPeriod;
    Optional<QuestionStructure.PropertyRequest> property = Optional.empty();

    /** The content tags (stop words left out) of all the question's tags. */
    GrammarContext(List<Tag> tags, List<Tag> allTags, int[] originalPositions) {
        this.tags = tags;
        this.allTags = allTags;
        this.originalPositions = originalPositions;
    }

    /** The structure read once every tag is placed. */
    QuestionStructure structure() {
        return new QuestionStructure(free, aggregate, groupings, grain, negated, comparisons, ranking, dateRange, distinctRows, property,
                listedValues);
    }

    Optional<Mention> nextMention() {
        if (position < tags.size() && tags.get(position) instanceof Tag.MentionTag mention) {
            position++;
            Tag.MentionTag qualified = qualifiedColumnAfter(mention);
            return Optional.of(new Mention(qualified.text(), qualified.meanings()));
        }
        return Optional.empty();
    }

    /**
     * "median order amount", "per user country": a table name right before a name of one of its
     * columns, taken by a keyword, is that table's column, as it is when nothing takes it.
     */
    private Tag.MentionTag qualifiedColumnAfter(Tag.MentionTag mention) {
        if (position >= tags.size() || originalPositions[position - 1] + 1 != originalPositions[position]
                || !(tags.get(position) instanceof Tag.MentionTag next)) return mention;
        java.util.Set<String> tables = new java.util.HashSet<>();
        for (var meaning : mention.meanings()) {
            if (!(meaning instanceof dev.tarn.ask.nl.model.Meaning.TableMeaning table)) return mention;
            tables.add(table.table());
        }
        List<dev.tarn.ask.nl.model.Meaning> columns = next.meanings().stream()
                .filter(meaning -> meaning instanceof dev.tarn.ask.nl.model.Meaning.ColumnMeaning column && tables.contains(column.column().table()))
                .toList();
        if (columns.isEmpty() || datedAfter(position + 1)) return mention; // "accounts signed up in 2024": the column says when
        position++;
        Tag.MentionTag qualified = new Tag.MentionTag(columns, mention.text() + " " + next.text());
        if (locatesNextValue(qualified)) {
            position--; // "customers named acme": the column only locates the value after it
            return mention;
        }
        return qualified;
    }

    Optional<Tag.NumberTag> nextNumber() {
        if (position < tags.size() && tags.get(position) instanceof Tag.NumberTag number) {
            position++;
            return Optional.of(number);
        }
        return Optional.empty();
    }

    boolean nextKeywordIs(Keyword keyword) {
        return position < tags.size() && tags.get(position) instanceof Tag.KeywordTag tag && tag.keyword() == keyword;
    }

    Optional<DateGrain> nextUnit() {
        if (position < tags.size() && tags.get(position) instanceof Tag.KeywordTag tag) {
            return switch (tag.keyword()) {
                case DAY -> Optional.of(DateGrain.DAY);
                case WEEK -> Optional.of(DateGrain.WEEK);
                case MONTH -> Optional.of(DateGrain.MONTH);
                case QUARTER -> Optional.of(DateGrain.QUARTER);
                case YEAR -> Optional.of(DateGrain.YEAR);
                default -> Optional.empty();
            };
        }
        return Optional.empty();
    }

    /** "capital albany", "border texas": the column only says where the value that follows it is. */
    boolean locatesNextValue(Tag.MentionTag column) {
        if (position >= tags.size() || !(tags.get(position) instanceof Tag.MentionTag next)) return false;
        java.util.Set<dev.tarn.ask.nl.model.ColumnReference> columns = column.meanings().stream()
                .map(meaning -> ((dev.tarn.ask.nl.model.Meaning.ColumnMeaning) meaning).column()).collect(java.util.stream.Collectors.toSet());
        return next.meanings().stream().anyMatch(meaning -> meaning instanceof dev.tarn.ask.nl.model.Meaning.ValueMeaning value
                && columns.contains(value.column()));
    }

    boolean datedAfter(int index) {
        if (!(index < tags.size() && tags.get(index) instanceof Tag.KeywordTag keyword && DATE_KEYWORDS.contains(keyword.keyword()))) return false;
        // "in" is a date only before a year or a month ("signed up in 2024"); "density in the state" is a place
        return keyword.keyword() != Keyword.IN || index + 1 < tags.size()
                && (tags.get(index + 1) instanceof Tag.NumberTag || tags.get(index + 1) instanceof Tag.KeywordTag next
                        && next.keyword() == Keyword.MONTH_NAME);
    }

    /** "which state", "what rivers", "which of the states": the mention just read is what a question word asks for. */
    boolean followsQuestionWord() {
        for (int original = originalPositions[position - 1] - 1; original >= 0; original--) {
            if (!(allTags.get(original) instanceof Tag.StopTag stop)) return false;
            if (QUESTION_WORDS.contains(stop.text())) return true;
            if (!PARTITIVE_WORDS.contains(stop.text())) return false;
        }
        return false;
    }

    void setGrain(DateGrain newGrain, Tag.KeywordTag tag) {
        if (grain.isPresent()) refuse(tag.text(), "only one date grain per question is supported");
        grain = Optional.of(newGrain);
    }

    int positiveInteger(Tag.NumberTag number) {
        try {
            int value = number.value().intValueExact();
            if (value > 0) return value;
        } catch (ArithmeticException notAnInteger) {
            // refused below
        }
        throw refusal(number.text(), "a count must be a positive whole number");
    }

    static boolean onlyNames(Tag.MentionTag mention) {
        return mention.meanings().stream().noneMatch(meaning -> meaning instanceof dev.tarn.ask.nl.model.Meaning.ValueMeaning
                || meaning instanceof dev.tarn.ask.nl.model.Meaning.ConditionMeaning);
    }

    static boolean onlyTableMeanings(Mention mention) {
        return mention.meanings().stream().allMatch(meaning -> meaning instanceof dev.tarn.ask.nl.model.Meaning.TableMeaning);
    }

    static boolean onlyTables(Tag.MentionTag mention) {
        return mention.meanings().stream().allMatch(meaning -> meaning instanceof dev.tarn.ask.nl.model.Meaning.TableMeaning);
    }

    static boolean onlyColumns(Tag.MentionTag mention) {
        return mention.meanings().stream().allMatch(meaning -> meaning instanceof dev.tarn.ask.nl.model.Meaning.ColumnMeaning);
    }

    static void refuse(String words, String message) {
        throw refusal(words, message);
    }

    static NotUnderstoodException refusal(String words, String message) {
        return new NotUnderstoodException(RefusalReason.UNSUPPORTED_CONSTRUCT, List.of(words), message);
    }
}
