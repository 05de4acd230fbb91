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
        List<Tag> refinement = withoutOpener(followUp);
        List<Tag> content = refinement.stream().filter(tag -> !(tag instanceof Tag.StopTag)).toList();
        if (content.isEmpty()) return Optional.empty();
        if (!onlyRefines(content)) return Optional.empty();
        List<Tag> merged = new ArrayList<>(previous);
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

    /** Keywords that say what to compute: a follow-up with one of them asks a question of its own. */
    private static final Set<Keyword> NEW_QUESTION_KEYWORDS = Set.of(Keyword.COUNT, Keyword.SUM, Keyword.AVERAGE, Keyword.MINIMUM,
            Keyword.MAXIMUM, Keyword.MEDIAN, Keyword.DISTINCT, Keyword.HIGHEST, Keyword.LOWEST, Keyword.TOP, Keyword.BOTTOM);
    private static final Set<Keyword> COMPARISONS = Set.of(Keyword.GREATER, Keyword.GREATER_OR_EQUAL, Keyword.LESS,
            Keyword.LESS_OR_EQUAL, Keyword.EQUAL, Keyword.BETWEEN);

    /**
     * Values, dates and comparisons refine; a table or column name refines only as a grouping ("by
     * country") or as the column of a comparison ("population over 1000"), else it names a new subject.
     */
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
