package dev.tarn.engine.external;

import java.util.List;
import java.util.Objects;

/**
 * One table or view as the database's own catalog describes it.
 *
 * @param type {@code table} or {@code view}
 */
public record IntrospectedTable(String schema, String name, String type, String comment, List<Column> columns,
                                List<String> primaryKey, List<ForeignKey> foreignKeys) {
    /** A column with the database's type name and its comment (empty when none). */
    public record Column(String name, String type, String comment) {
        public Column {
            Objects.requireNonNull(name, "name");
            type = type == null ? "" : type;
            comment = comment == null ? "" : comment;
        }
    }

    /** A declared foreign key of one column. */
    public record ForeignKey(String column, String referencedSchema, String referencedTable, String referencedColumn) {
    }

    public IntrospectedTable {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        comment = comment == null ? "" : comment;
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        foreignKeys = List.copyOf(foreignKeys);
    }
}
