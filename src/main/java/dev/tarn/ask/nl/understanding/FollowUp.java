package dev.tarn.ask.nl.understanding;

import dev.tarn.ask.nl.model.ColumnReference;
import dev.tarn.ask.nl.model.Meaning;
import dev.tarn.ask.nl.model.Words;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a follow-up question as a refinement of the previous one: "what about california?" after
 * "what is the capital of texas" puts california in texas's place, and "by country" or "in 2024"
 * after "total revenue" adds to it. A follow-up that names something to look up is a new question.
 */
public final class FollowUp {
    /** Openers that only say "the same question, but": they are dropped before the refinement is read. */
    private static final List<List<String>> OPENERS = List.of(
            Words.split("what about"), Words.split("how about"), Words.split("and what about"), Words.split("and"),
            Words.split("only"), Words.split("just"), Words.split("now"), Words.split("instead"));

    private FollowUp() {
    }

    /** The tags of the refined question, or empty when the follow-up is a question of its own. */
    public static Optional<List<Tag>> refine(List<Tag> previous, List<Tag> followUp) {
        // "on mobile only", "and the median instead": words that only mark a refinement, wherever they stand
        List<Tag> refinement = withoutOpener(followUp).stream()
                .filter(tag -> !(tag instanceof Tag.UnknownTag unknown && MARKERS.contains(unknown.text()))).toList();
        List<Tag> content = refinement.stream().filter(tag -> !(tag instanceof Tag.StopTag)).toList();
        if (content.isEmpty()) return Optional.empty();
        Optional<List<Tag>> swapped = replacedKeyword(previous, content);
        if (swapped.isPresent()) return swapped;
        Optional<List<Tag>> ranked = rankedGroups(previous, content);
        if (ranked.isPresent()) return ranked;
        // "just refunded orders", "only for the pro plan": a table the conversation already names, or the noun
        // after a value of it, says nothing new; it is dropped so that only the filter refines
        refinement = withoutRepeatedTables(previous, refinement);
        content = refinement.stream().filter(tag -> !(tag instanceof Tag.StopTag)).toList();
        if (content.isEmpty() || !onlyRefines(content)) return Optional.empty();
        // "what about this month?", "and in 2025?": a new date range takes the place of the previous one
        List<Tag> merged = new ArrayList<>(hasDateRange(content) ? withoutDateRanges(previous) : previous);
        List<Tag> added = new ArrayList<>();
        // "now spain and the netherlands": only the previous question's values are replaced, so a list stays a list
        Set<Integer> replacedPositions = new java.util.HashSet<>();
        for (Tag tag : refinement) {
            if (tag instanceof Tag.MentionTag mention && isValue(mention)) {
                int replaced = valueOfSameColumn(merged, mention, replacedPositions);
                if (replaced >= 0) {
                    merged.set(replaced, mention);
                    replacedPositions.add(replaced);
                    continue;
                }
            }
            added.add(tag);
        }
        merged.addAll(added);
        return Optional.of(List.copyOf(merged));
    }

    private static final Set<String> MARKERS = Set.of("only", "just", "instead");
    private static final Set<Keyword> AGGREGATES = Set.of(Keyword.COUNT, Keyword.SUM, Keyword.AVERAGE, Keyword.MINIMUM, Keyword.MAXIMUM,
            Keyword.MEDIAN);
    private static final Set<Keyword> SUPERLATIVES = Set.of(Keyword.HIGHEST, Keyword.LOWEST);
    private static final Set<Keyword> DATE_STARTS = Set.of(Keyword.TODAY, Keyword.YESTERDAY, Keyword.LAST, Keyword.THIS, Keyword.SINCE);
    private static final Set<Keyword> DATE_PARTS = Set.of(Keyword.DAY, Keyword.WEEK, Keyword.MONTH, Keyword.QUARTER, Keyword.YEAR,
            Keyword.MONTH_NAME);

    /**
     * "and the median instead?", "and the fewest?": a follow-up that is only an aggregate or a
     * superlative swaps the previous question's one of the same kind.
     */
    private static Optional<List<Tag>> replacedKeyword(List<Tag> previous, List<Tag> content) {
        if (content.size() != 1 || !(content.getFirst() instanceof Tag.KeywordTag keyword)) return Optional.empty();
        Set<Keyword> kind = AGGREGATES.contains(keyword.keyword()) ? AGGREGATES : SUPERLATIVES.contains(keyword.keyword()) ? SUPERLATIVES : Set.of();
        List<Integer> positions = new ArrayList<>();
        for (int index = 0; index < previous.size(); index++) {
            if (previous.get(index) instanceof Tag.KeywordTag earlier && kind.contains(earlier.keyword())) positions.add(index);
        }
        if (positions.size() != 1) return Optional.empty();
        List<Tag> merged = new ArrayList<>(previous);
        merged.set(positions.getFirst(), keyword);
        return Optional.of(List.copyOf(merged));
    }

    /**
     * "just the top 3" after "revenue by country in 2024": the groups ranked by the previous measure,
     * "top 3 country by revenue in 2024" (a total is what a ranking adds up anyway, so "total" goes).
     */
    private static Optional<List<Tag>> rankedGroups(List<Tag> previous, List<Tag> content) {
        if (content.isEmpty() || !(content.getFirst() instanceof Tag.KeywordTag rank)
                || (rank.keyword() != Keyword.TOP && rank.keyword() != Keyword.BOTTOM)) return Optional.empty();
        if (content.size() > 2 || content.size() == 2 && !(content.get(1) instanceof Tag.NumberTag)) return Optional.empty();
        int by = -1;
        for (int index = 0; index + 1 < previous.size(); index++) {
            if (previous.get(index) instanceof Tag.KeywordTag keyword && (keyword.keyword() == Keyword.GROUP_BY || keyword.keyword() == Keyword.FOR_EACH)) {
                if (by >= 0) return Optional.empty();
                by = index;
            }
            if (previous.get(index) instanceof Tag.KeywordTag keyword && (SUPERLATIVES.contains(keyword.keyword())
                    || keyword.keyword() == Keyword.TOP || keyword.keyword() == Keyword.BOTTOM)) return Optional.empty();
        }
        if (by < 0 || !(previous.get(by + 1) instanceof Tag.MentionTag grouped)) return Optional.empty();
        List<Tag> ranked = new ArrayList<>(content);
        ranked.add(grouped);
        ranked.add(previous.get(by));
        for (int index = 0; index < previous.size(); index++) {
            Tag tag = previous.get(index);
            if (index == by || index == by + 1) continue;
            // "of" between two names keeps them one phrase ("amount of orders"); other stop words go
            if (tag instanceof Tag.StopTag && !linksTwoNames(previous, index, by)) continue;
            if (tag instanceof Tag.KeywordTag keyword && keyword.keyword() == Keyword.SUM) continue;
            ranked.add(tag);
        }
        return Optional.of(List.copyOf(ranked));
    }

    private static boolean linksTwoNames(List<Tag> tags, int index, int by) {
        return index > 0 && index + 1 < tags.size() && index - 1 != by + 1 && index + 1 != by
                && tags.get(index - 1) instanceof Tag.MentionTag && tags.get(index + 1) instanceof Tag.MentionTag;
    }

    private static boolean hasDateRange(List<Tag> tags) {
        return !dateRangePositions(tags).isEmpty();
    }

    private static List<Tag> withoutDateRanges(List<Tag> tags) {
        Set<Integer> dates = dateRangePositions(tags);
        List<Tag> kept = new ArrayList<>();
        for (int index = 0; index < tags.size(); index++) if (!dates.contains(index)) kept.add(tags.get(index));
        return kept;
    }

    /** Where the date phrases are: "today", "last 30 days", "this month", "in 2024", "in march 2025", "since june". */
    private static Set<Integer> dateRangePositions(List<Tag> tags) {
        Set<Integer> positions = new java.util.HashSet<>();
        for (int index = 0; index < tags.size(); index++) {
            if (index > 0 && tags.get(index) instanceof Tag.NumberTag year && tags.get(index - 1) instanceof Tag.StopTag stop
                    && stop.text().equals("for") && year.value().scale() <= 0 && year.value().intValue() >= 1000 && year.value().intValue() <= 2999) {
                positions.add(index); // "order count for 2024"
                continue;
            }
            if (!(tags.get(index) instanceof Tag.KeywordTag keyword)) continue;
            boolean start = DATE_STARTS.contains(keyword.keyword()) || keyword.keyword() == Keyword.YEAR_TO_DATE
                    || keyword.keyword() == Keyword.QUARTER_NAME;
            if (keyword.keyword() == Keyword.IN && index + 1 < tags.size()) {
                Tag next = tags.get(index + 1);
                start = next instanceof Tag.NumberTag || next instanceof Tag.KeywordTag month && month.keyword() == Keyword.MONTH_NAME;
            }
            if (!start) continue;
            positions.add(index);
            int next = index + 1;
            while (next < tags.size() && (tags.get(next) instanceof Tag.NumberTag || tags.get(next) instanceof Tag.StopTag
                    || tags.get(next) instanceof Tag.KeywordTag part && DATE_PARTS.contains(part.keyword()))) {
                if (tags.get(next) instanceof Tag.StopTag && !(next + 1 < tags.size() && (tags.get(next + 1) instanceof Tag.NumberTag
                        || tags.get(next + 1) instanceof Tag.KeywordTag part && DATE_PARTS.contains(part.keyword())))) break;
                positions.add(next++);
            }
            index = next - 1;
        }
        return positions;
    }

    /** Keywords that say what to compute: a follow-up with one of them asks a question of its own. */
    private static final Set<Keyword> NEW_QUESTION_KEYWORDS = Set.of(Keyword.COUNT, Keyword.SUM, Keyword.AVERAGE, Keyword.MINIMUM,
            Keyword.MAXIMUM, Keyword.MEDIAN, Keyword.DISTINCT, Keyword.HIGHEST, Keyword.LOWEST, Keyword.TOP, Keyword.BOTTOM);
    private static final Set<Keyword> COMPARISONS = Set.of(Keyword.GREATER, Keyword.GREATER_OR_EQUAL, Keyword.LESS,
            Keyword.LESS_OR_EQUAL, Keyword.EQUAL, Keyword.BETWEEN);

    /**
     * Values, dates and comparisons refine; a table or column name refines only as a grouping ("by
     * country") or as the column of a comparison ("population over 1000"), else it names a new subject.
     */
    private static List<Tag> withoutRepeatedTables(List<Tag> previous, List<Tag> refinement) {
        Set<String> named = new java.util.HashSet<>();
        for (Tag tag : previous) {
            if (tag instanceof Tag.MentionTag mention) mention.meanings().forEach(meaning -> named.add(tableOf(meaning)));
        }
        List<Tag> kept = new ArrayList<>();
        for (Tag tag : refinement) {
            if (tag instanceof Tag.MentionTag mention && !mention.meanings().isEmpty()
                    && mention.meanings().stream().allMatch(meaning -> meaning instanceof Meaning.TableMeaning)) {
                Tag before = kept.stream().filter(earlier -> !(earlier instanceof Tag.StopTag)).reduce((first, second) -> second).orElse(null);
                boolean afterItsValue = before instanceof Tag.MentionTag value && isValue(value)
                        && value.meanings().stream().anyMatch(meaning -> mention.meanings().stream().anyMatch(table -> tableOf(table).equals(tableOf(meaning))));
                boolean repeated = mention.meanings().stream().allMatch(meaning -> named.contains(tableOf(meaning)));
                if (afterItsValue || repeated) continue;
            }
            kept.add(tag);
        }
        return kept;
    }

    private static String tableOf(Meaning meaning) {
        return switch (meaning) {
            case Meaning.TableMeaning table -> table.table();
            case Meaning.ColumnMeaning column -> column.column().table();
            case Meaning.ValueMeaning value -> value.column().table();
            case Meaning.ConditionMeaning condition -> condition.column().table();
        };
    }

    private static boolean onlyRefines(List<Tag> content) {
        for (int index = 0; index < content.size(); index++) {
            Tag tag = content.get(index);
            if (tag instanceof Tag.KeywordTag keyword && NEW_QUESTION_KEYWORDS.contains(keyword.keyword())) return false;
            if (tag instanceof Tag.UnknownTag) return false;
            if (tag instanceof Tag.MentionTag mention && !isValue(mention)) {
                boolean grouped = index > 0 && content.get(index - 1) instanceof Tag.KeywordTag before
                        && (before.keyword() == Keyword.GROUP_BY || before.keyword() == Keyword.FOR_EACH);
                boolean compared = index + 1 < content.size() && content.get(index + 1) instanceof Tag.KeywordTag after
                        && COMPARISONS.contains(after.keyword());
                if (!grouped && !compared) return false;
            }
        }
        return true;
    }

    private static List<Tag> withoutOpener(List<Tag> tags) {
        List<String> words = tags.stream().map(Tag::text).toList();
        for (List<String> opener : OPENERS) {
            if (startsWithWords(words, opener)) {
                // an opener spans whole tags: "what about" is two stop/unknown tags
                int consumed = 0;
                int tagIndex = 0;
                while (tagIndex < tags.size() && consumed < opener.size()) {
                    consumed += Words.split(tags.get(tagIndex).text()).size();
                    tagIndex++;
                }
                if (consumed == opener.size()) return tags.subList(tagIndex, tags.size());
            }
        }
        return tags;
    }

    private static boolean startsWithWords(List<String> tagTexts, List<String> opener) {
        List<String> words = tagTexts.stream().flatMap(text -> Words.split(text).stream()).toList();
        return words.size() > opener.size() && words.subList(0, opener.size()).equals(opener);
    }

    private static int valueOfSameColumn(List<Tag> tags, Tag.MentionTag value, Set<Integer> alreadyReplaced) {
        Set<ColumnReference> columns = columns(value);
        for (int index = 0; index < tags.size(); index++) {
            if (alreadyReplaced.contains(index)) continue;
            if (tags.get(index) instanceof Tag.MentionTag mention && isValue(mention)
                    && columns(mention).stream().anyMatch(columns::contains)) {
                return index;
            }
        }
        return -1;
    }

    private static Set<ColumnReference> columns(Tag.MentionTag mention) {
        return mention.meanings().stream().map(meaning -> ((Meaning.ValueMeaning) meaning).column()).collect(Collectors.toSet());
    }

    private static boolean isValue(Tag.MentionTag mention) {
        return mention.meanings().stream().allMatch(meaning -> meaning instanceof Meaning.ValueMeaning);
    }
}
