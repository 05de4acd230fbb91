package dev.tarn.ask.nl.model;

import java.util.List;

/** A column of the semantic model: where it is, what it holds, its role and the words that name it. */
public record ModelColumn(ColumnReference reference, DataType type, ColumnRole role, List<String> words) {
    public ModelColumn {
        words = List.copyOf(words);
    }

    public String table() {
        return reference.table();
    }

    public String name() {
        return reference.column();
    }
}
