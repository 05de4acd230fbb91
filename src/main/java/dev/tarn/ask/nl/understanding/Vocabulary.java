package dev.tarn.ask.nl.understanding;

import dev.tarn.ask.nl.model.Words;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The English phrases of each {@link Keyword}, the stop words, and number words. A fixed list on
 * purpose: a word outside it and outside the model is a word the engine refuses to guess about.
 */
public final class Vocabulary {
    private static final Map<String, Keyword> KEYWORDS = new HashMap<>();
    private static final int LONGEST_KEYWORD;

    /** Words that only make a sentence English; everything else must be placed. */
    public static final Set<String> STOP_WORDS = Set.of(
            "what", "whats", "what's", "which", "who", "whose", "is", "are", "was", "were", "be", "the", "a", "an", "of",
            "on", "at", "to", "for", "with", "that", "there", "me", "show", "list", "give", "tell", "find", "get", "display",
            "all", "do", "does", "did", "have", "has", "had", "please", "their", "its", "it", "they", "them", "from",
            "whole", "values", "value", "can", "you", "i", "we", "our", "my", "name", "names", "those", "these",
            "this's", "as", "any", "named", "called", "could", "would");

    /**
     * Verbs that only say where something is or goes ("rivers that run through texas", "cities located in
     * ohio", "people who live in austin"): the place after them carries the meaning, as after "in". They
     * are stop words; a column or table named by one of them is still found first, since names beat stop words.
     */
    private static final Set<String> LOCATIVE_VERBS = Set.of(
            "run", "runs", "running", "ran", "flow", "flows", "flowing", "flowed", "pass", "passes", "passing", "passed",
            "go", "goes", "going", "went", "cross", "crosses", "crossing", "crossed", "lie", "lies", "lying", "located",
            "situated", "live", "lives", "lived", "living", "reside", "resides", "resided", "residing",
            "contain", "contains", "containing", "exist", "exists", "existing", "found");

    /**
     * Verbs that carry no meaning of their own in a question about data ("orders placed today", "events
     * we tracked", "users who made a purchase", "the smallest amount ever"), and the currency word after
     * an amount ("500 dollars"): stop words, found after names so that a column named by one still wins.
     */
    private static final Set<String> LIGHT_WORDS = Set.of(
            "make", "makes", "made", "making", "place", "places", "placed", "come", "comes", "came", "coming", "got",
            "happen", "happens", "happened", "track", "tracked", "ever", "billed", "charged", "occur", "occurs",
            "dollar", "dollars", "join", "joins", "joined", "used");

    private static final Map<String, Integer> NUMBER_WORDS = Map.ofEntries(
            Map.entry("one", 1), Map.entry("two", 2), Map.entry("three", 3), Map.entry("four", 4), Map.entry("five", 5),
            Map.entry("six", 6), Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10),
            Map.entry("twenty", 20), Map.entry("hundred", 100));

    static {
        keyword(Keyword.COUNT, "how many", "number of", "count of", "count", "count the", "total number of");
        keyword(Keyword.SUM, "total", "sum of", "sum", "total of", "combined");
        keyword(Keyword.SHARE, "share of", "percentage of", "proportion of", "percent of", "share", "fraction of");
        keyword(Keyword.GROWTH, "growth of", "growth in", "growth", "change in", "change of");
        keyword(Keyword.AVERAGE, "average", "mean", "avg", "average of");
        keyword(Keyword.MINIMUM, "minimum", "min");
        keyword(Keyword.MAXIMUM, "maximum", "max");
        keyword(Keyword.MEDIAN, "median");
        keyword(Keyword.DISTINCT, "distinct", "unique", "different");
        keyword(Keyword.GROUP_BY, "by", "per", "broken down by", "grouped by", "split by");
        keyword(Keyword.FOR_EACH, "for each", "each", "for every", "every", "in each");
        keyword(Keyword.HIGHEST, "largest", "biggest", "highest", "greatest", "most", "longest", "the most", "tallest", "most common",
                "most frequent", "the most common", "the most frequent");
        keyword(Keyword.LOWEST, "smallest", "lowest", "least", "shortest", "fewest", "the least", "least common", "least frequent", "the least common",
                "the least frequent");
        keyword(Keyword.TOP, "top", "first");
        keyword(Keyword.BOTTOM, "bottom");
        keyword(Keyword.GREATER, "over", "more than", "greater than", "above", "larger than", "bigger than",
                "higher than", "longer than", "exceeding");
        keyword(Keyword.GREATER_OR_EQUAL, "at least", "no less than", "not less than");
        keyword(Keyword.LESS, "under", "less than", "fewer than", "below", "smaller than", "lower than", "shorter than");
        keyword(Keyword.LESS_OR_EQUAL, "at most", "no more than", "not more than");
        keyword(Keyword.EQUAL, "equal to", "exactly", "equals");
        keyword(Keyword.BETWEEN, "between");
        keyword(Keyword.AND, "and");
        keyword(Keyword.NOT, "not", "no", "except", "excluding", "other than", "neither", "outside", "outside of");
        keyword(Keyword.OR, "or", "nor");
        keyword(Keyword.TODAY, "today");
        keyword(Keyword.QUARTER_NAME, "q1", "q2", "q3", "q4");
        keyword(Keyword.YEAR_TO_DATE, "year to date", "ytd", "since the start of the year", "since the beginning of the year",
                "so far this year");
        keyword(Keyword.YESTERDAY, "yesterday");
        keyword(Keyword.LAST, "last", "past", "previous", "the last", "the past");
        keyword(Keyword.THIS, "this", "current", "this current");
        keyword(Keyword.IN, "in", "during", "within", "through", "throughout", "across", "inside");
        keyword(Keyword.SINCE, "since", "after");
        keyword(Keyword.DAY, "day", "days");
        keyword(Keyword.WEEK, "week", "weeks");
        keyword(Keyword.MONTH, "month", "months");
        keyword(Keyword.QUARTER, "quarter", "quarters");
        keyword(Keyword.YEAR, "year", "years");
        keyword(Keyword.DAILY, "daily");
        keyword(Keyword.WEEKLY, "weekly");
        keyword(Keyword.MONTHLY, "monthly");
        keyword(Keyword.QUARTERLY, "quarterly");
        keyword(Keyword.YEARLY, "yearly", "annually", "annual");
        keyword(Keyword.HOW_DIMENSION, "how long", "how big", "how large", "how high", "how tall", "how small", "how short");
        keyword(Keyword.WHERE, "where", "where is", "where are");
        // full names only: "may", "mar" and "jun" are English words or names too often to be guessed as months
        for (java.time.Month month : java.time.Month.values()) keyword(Keyword.MONTH_NAME, month.name().toLowerCase(java.util.Locale.ROOT));
        LONGEST_KEYWORD = KEYWORDS.keySet().stream().mapToInt(phrase -> Words.split(phrase).size()).max().orElse(1);
    }

    /**
     * What English dimension adjectives measure: "the largest state" is the one with the most area,
     * "the longest river" the most length. A superlative with no measure named looks for a measure
     * column with one of these words in its name before falling back to a table's only measure.
     */
    private static final Map<String, List<String>> DIMENSIONS_OF_ADJECTIVES = Map.ofEntries(
            Map.entry("largest", List.of("size", "area", "volume")), Map.entry("biggest", List.of("size", "area", "volume")),
            Map.entry("smallest", List.of("size", "area", "volume")), Map.entry("longest", List.of("length", "duration")),
            Map.entry("shortest", List.of("length", "duration")), Map.entry("highest", List.of("height", "altitude", "elevation")),
            Map.entry("lowest", List.of("height", "altitude", "elevation")), Map.entry("tallest", List.of("height", "altitude")),
            Map.entry("how long", List.of("length", "duration")), Map.entry("how short", List.of("length", "duration")),
            Map.entry("how big", List.of("size", "area", "volume")), Map.entry("how large", List.of("size", "area", "volume")),
            Map.entry("how small", List.of("size", "area", "volume")), Map.entry("how high", List.of("height", "altitude", "elevation")),
            Map.entry("how tall", List.of("height", "altitude")));

    private Vocabulary() {
    }

    /** The words of the dimension a superlative adjective ("largest") or a "how" question ("how big") measures; empty for "most". */
    public static List<String> dimensionsOf(String superlative) {
        return DIMENSIONS_OF_ADJECTIVES.getOrDefault(superlative, List.of());
    }

    private static void keyword(Keyword keyword, String... phrases) {
        for (String phrase : phrases) {
            Keyword previous = KEYWORDS.put(Words.join(Words.split(phrase)), keyword);
            if (previous != null) throw new IllegalStateException("phrase \"" + phrase + "\" is two keywords");
        }
    }

    public static Optional<Keyword> keyword(List<String> words) {
        return Optional.ofNullable(KEYWORDS.get(Words.join(words)));
    }

    public static int longestKeyword() {
        return LONGEST_KEYWORD;
    }

    public static boolean isStopWord(String word) {
        return STOP_WORDS.contains(word) || LOCATIVE_VERBS.contains(word) || LIGHT_WORDS.contains(word);
    }

    /** A number written in digits ("1,000", "2.5") or as a small number word. */
    public static Optional<java.math.BigDecimal> number(String word) {
        Integer small = NUMBER_WORDS.get(word);
        if (small != null) return Optional.of(java.math.BigDecimal.valueOf(small));
        if (word.isEmpty() || !Character.isDigit(word.charAt(0))) return Optional.empty();
        try {
            return Optional.of(new java.math.BigDecimal(word.replace(",", "")));
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
    }
}
