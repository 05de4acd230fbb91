package dev.tarn.ask.nl.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The distinct text values of a datasource's dimension columns, looked up by their normalised words,
 * so that "new york" in a question finds the stored value "New York" in every column that holds it.
 */
public final class ValueIndex {
    /** A stored value and the column that holds it. */
    public record ColumnValue(ColumnReference column, String storedValue) {
    }

    private final Map<String, List<ColumnValue>> valuesByPhrase;
    private final Map<ColumnReference, Set<String>> phrasesByColumn;
    private final int longestPhrase;

    private ValueIndex(Map<String, List<ColumnValue>> valuesByPhrase, Map<ColumnReference, Set<String>> phrasesByColumn, int longestPhrase) {
        this.valuesByPhrase = valuesByPhrase;
        this.phrasesByColumn = phrasesByColumn;
        this.longestPhrase = longestPhrase;
    }

    public static ValueIndex empty() {
        return new ValueIndex(Map.of(), Map.of(), 0);
    }

    /** Builds the index from each column's distinct values; blank values are skipped. */
    public static ValueIndex of(Map<ColumnReference, ? extends Iterable<String>> valuesByColumn) {
        Map<String, List<ColumnValue>> index = new HashMap<>();
        Map<ColumnReference, Set<String>> phrasesByColumn = new HashMap<>();
        int longest = 0;
        for (var entry : valuesByColumn.entrySet()) {
            Set<String> seenPhrases = new java.util.HashSet<>();
            phrasesByColumn.put(entry.getKey(), seenPhrases);
            for (String value : entry.getValue()) {
                if (value == null) continue;
                List<String> words = Words.split(value);
                if (words.isEmpty()) continue;
                String phrase = Words.join(words);
                if (!seenPhrases.add(phrase)) continue;
                index.computeIfAbsent(phrase, key -> new ArrayList<>()).add(new ColumnValue(entry.getKey(), value));
                longest = Math.max(longest, words.size());
            }
        }
        Map<String, List<ColumnValue>> frozen = new LinkedHashMap<>();
        index.forEach((phrase, values) -> frozen.put(phrase, List.copyOf(values)));
        Map<ColumnReference, Set<String>> frozenColumns = new HashMap<>();
        phrasesByColumn.forEach((column, phrases) -> frozenColumns.put(column, Set.copyOf(phrases)));
        return new ValueIndex(Map.copyOf(frozen), Map.copyOf(frozenColumns), longest);
    }

    /** The normalised phrases of one column's indexed values; empty when the column was not indexed. */
    public Set<String> phrases(ColumnReference column) {
        return phrasesByColumn.getOrDefault(column, Set.of());
    }

    /** Every stored value whose words are exactly these words, in any column. */
    public List<ColumnValue> lookup(List<String> words) {
        return valuesByPhrase.getOrDefault(Words.join(words), List.of());
    }

    /** The most words any stored value has, so a longest-match scan knows where to start. */
    public int longestPhrase() {
        return longestPhrase;
    }

    /** The same index without the values of columns the predicate refuses (hidden fields, tables a role may not see). */
    public ValueIndex restrictedTo(java.util.function.Predicate<ColumnReference> keep) {
        Map<String, List<ColumnValue>> kept = new LinkedHashMap<>();
        int longest = 0;
        for (var entry : valuesByPhrase.entrySet()) {
            List<ColumnValue> values = entry.getValue().stream().filter(value -> keep.test(value.column())).toList();
            if (values.isEmpty()) continue;
            kept.put(entry.getKey(), values);
            longest = Math.max(longest, Words.split(entry.getKey()).size());
        }
        Map<ColumnReference, Set<String>> columns = new HashMap<>();
        phrasesByColumn.forEach((column, phrases) -> {
            if (keep.test(column)) columns.put(column, phrases);
        });
        return new ValueIndex(Map.copyOf(kept), Map.copyOf(columns), longest);
    }
}
