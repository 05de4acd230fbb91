package dev.tarn.ask.datasource;

import dev.tarn.ask.nl.model.ColumnReference;
import dev.tarn.ask.nl.model.ColumnSchema;
import dev.tarn.ask.nl.model.DataType;
import dev.tarn.ask.nl.model.DatabaseSchema;
import dev.tarn.ask.nl.model.ForeignKey;
import dev.tarn.ask.nl.model.TableSchema;
import dev.tarn.ask.nl.model.ValueIndex;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A datasource's synced metadata as the question engine reads it: the tables of its search path
 * with unqualified names (a name in two schemas is taken from the first), visible fields only, keys
 * that stay within what is visible, and the stored values of the value indexes on visible fields.
 */
final class QuestionContexts {
    private QuestionContexts() {
    }

    static QuestionContext of(Datasource datasource, DatasourceMeta meta, DatasourceStore store) {
        Map<String, DatasourceMeta.Table> chosen = new LinkedHashMap<>();
        Map<String, String> schemaOfTable = new LinkedHashMap<>();
        for (String schemaName : SourceAccess.searchPath(datasource)) {
            DatasourceMeta.Schema schema = meta.schemas().get(schemaName);
            if (schema == null) {
                continue;
            }
            for (DatasourceMeta.Table table : schema.tables().values()) {
                if (!chosen.containsKey(table.name()) && table.fields().values().stream().anyMatch(DatasourceMeta.Field::visibility)) {
                    chosen.put(table.name(), table);
                    schemaOfTable.put(table.name(), schemaName);
                }
            }
        }
        List<TableSchema> tables = new ArrayList<>();
        for (DatasourceMeta.Table table : chosen.values()) {
            tables.add(visibleTable(table, chosen, schemaOfTable));
        }
        Map<ColumnReference, List<String>> values = new LinkedHashMap<>();
        for (ValueIndexInfo index : store.indexes(datasource.id())) {
            DatasourceMeta.Table table = chosen.get(index.tableName());
            boolean visible = table != null && index.schemaName().equals(schemaOfTable.get(index.tableName()))
                    && Optional.ofNullable(table.fields().get(index.fieldName())).map(DatasourceMeta.Field::visibility).orElse(false);
            if (visible) {
                values.put(new ColumnReference(index.tableName(), index.fieldName()), store.indexValues(index.id()));
            }
        }
        return new QuestionContext(datasource.id(), datasource.engine().dialect(), new DatabaseSchema(datasource.engine().dialect(), tables),
                ValueIndex.of(values), datasource.version());
    }

    /** A table's visible fields, its key if every key field is visible, and its foreign keys to visible fields of chosen tables. */
    private static TableSchema visibleTable(DatasourceMeta.Table table, Map<String, DatasourceMeta.Table> chosen, Map<String, String> schemaOfTable) {
        List<ColumnSchema> columns = table.fields().values().stream().filter(DatasourceMeta.Field::visibility)
                .map(field -> new ColumnSchema(field.name(), DataType.fromSqlType(field.dataType()), field.currDesc())).toList();
        Set<String> visible = new HashSet<>(columns.stream().map(ColumnSchema::name).toList());
        List<String> primaryKey = visible.containsAll(table.primaryKey()) ? table.primaryKey() : List.of();
        List<ForeignKey> foreignKeys = table.foreignKeys().stream()
                .filter(key -> visible.contains(key.field()))
                .filter(key -> key.referencedSchema().equals(schemaOfTable.get(key.referencedTable())))
                .filter(key -> Optional.ofNullable(chosen.get(key.referencedTable())).map(referenced -> referenced.fields().get(key.referencedField()))
                        .map(DatasourceMeta.Field::visibility).orElse(false))
                .map(key -> new ForeignKey(key.field(), key.referencedTable(), key.referencedField())).toList();
        return new TableSchema(table.name(), table.currDesc(), columns, primaryKey, foreignKeys);
    }
}
