package dev.tarn.ask.nl.model;

import java.util.List;
import java.util.Optional;

/**
 * A table of the semantic model. Its display column is what a question asking for the table's rows
 * ("which cities ...") returns; its key columns are the ones whose values name a row ("texas" names a state).
 * A key inferred from names ({@code river_name}) may repeat over rows (a river on one row per state it
 * traverses); only a declared key is known to be unique.
 */
public record ModelTable(String name, List<String> singularWords, List<String> pluralWords, List<ModelColumn> columns,
                         Optional<ModelColumn> displayColumn, List<String> keyColumns, boolean keyDeclared) {
    public ModelTable {
        singularWords = List.copyOf(singularWords);
        pluralWords = List.copyOf(pluralWords);
        columns = List.copyOf(columns);
        keyColumns = List.copyOf(keyColumns);
    }

    public Optional<ModelColumn> column(String columnName) {
        return columns.stream().filter(column -> column.name().equals(columnName)).findFirst();
    }

    public List<ModelColumn> columnsWithRole(ColumnRole role) {
        return columns.stream().filter(column -> column.role() == role).toList();
    }

    public boolean isKeyColumn(String columnName) {
        return keyColumns.contains(columnName);
    }
}
