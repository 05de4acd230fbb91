package dev.tarn.ask.datasource;

import dev.tarn.engine.external.IntrospectedTable;
import dev.tarn.engine.external.QueryRows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Builds a datasource's metadata from the database's own catalog. A full sync replaces what was
 * there; an incremental one keeps every table and field already known (with the descriptions,
 * visibility and identifiable types people set), adds new ones and drops those gone.
 */
final class MetadataSync {
    private static final int SAMPLE_ROWS = 3;
    private static final int SAMPLE_TEXT_LIMIT = 200;
    /** Beyond this many tables, samples cost more queries than a sync should wait for. */
    private static final int SAMPLED_TABLE_LIMIT = 200;

    private final SourceAccess access;

    MetadataSync(SourceAccess access) {
        this.access = access;
    }

    DatasourceMeta sync(Datasource datasource, Optional<Map<String, List<String>>> selectedTables, boolean incremental, Instant now) {
        Optional<DatasourceMeta> previous = incremental ? datasource.meta() : Optional.empty();
        Predicate<String> schemaWanted = schemaFilter(datasource, selectedTables, previous);
        List<IntrospectedTable> found = access.introspect(datasource, schemaWanted);
        Map<String, DatasourceMeta.Schema> schemas = new LinkedHashMap<>();
        int sampled = 0;
        for (IntrospectedTable table : found) {
            if (!tableWanted(table, selectedTables, previous)) {
                continue;
            }
            Optional<DatasourceMeta.Schema> oldSchema = previous.map(meta -> meta.schemas().get(table.schema()));
            Optional<DatasourceMeta.Table> oldTable = oldSchema.map(schema -> schema.tables().get(table.name()));
            Map<String, String> samples = sampled++ < SAMPLED_TABLE_LIMIT ? samples(datasource, table) : Map.of();
            Map<String, DatasourceMeta.Field> fields = new LinkedHashMap<>();
            for (IntrospectedTable.Column column : table.columns()) {
                Optional<DatasourceMeta.Field> old = oldTable.map(t -> t.fields().get(column.name()));
                fields.put(column.name(), new DatasourceMeta.Field(column.name(), column.type(), samples.getOrDefault(column.name(), ""),
                        column.comment(), old.map(DatasourceMeta.Field::currDesc).orElse(column.comment()),
                        old.map(DatasourceMeta.Field::visibility).orElse(true),
                        old.map(DatasourceMeta.Field::identifiableType).orElse(IdentifiableType.PLAIN),
                        old.map(DatasourceMeta.Field::createdAt).orElse(now), now));
            }
            List<DatasourceMeta.ForeignKey> foreignKeys = table.foreignKeys().stream().map(key ->
                    new DatasourceMeta.ForeignKey(key.column(), key.referencedSchema(), key.referencedTable(), key.referencedColumn())).toList();
            DatasourceMeta.Table metaTable = new DatasourceMeta.Table(table.name(), table.type(), table.comment(),
                    oldTable.map(DatasourceMeta.Table::currDesc).orElse(table.comment()), table.primaryKey(), foreignKeys, fields);
            DatasourceMeta.Schema schema = schemas.computeIfAbsent(table.schema(), name -> new DatasourceMeta.Schema(name, "",
                    oldSchema.map(DatasourceMeta.Schema::currDesc).orElse(""), Map.of()));
            Map<String, DatasourceMeta.Table> tables = new LinkedHashMap<>(schema.tables());
            tables.put(table.name(), metaTable);
            schemas.put(schema.name(), new DatasourceMeta.Schema(schema.name(), schema.originDesc(), schema.currDesc(), tables));
        }
        return new DatasourceMeta(schemas);
    }

    private static Predicate<String> schemaFilter(Datasource datasource, Optional<Map<String, List<String>>> selected, Optional<DatasourceMeta> previous) {
        if (selected.isPresent()) {
            Set<String> wanted = new LinkedHashSet<>(selected.get().keySet());
            previous.ifPresent(meta -> wanted.addAll(meta.schemas().keySet()));
            return wanted::contains;
        }
        Optional<String> configured = datasource.accessConfig().schema();
        return schema -> configured.map(schema::equals).orElse(true);
    }

    /** With a selection, a table is kept when selected (an empty list selects the whole schema) or, incrementally, already known. */
    private static boolean tableWanted(IntrospectedTable table, Optional<Map<String, List<String>>> selected, Optional<DatasourceMeta> previous) {
        if (selected.isEmpty()) {
            return true;
        }
        List<String> tables = selected.get().get(table.schema());
        if (tables != null && (tables.isEmpty() || tables.contains(table.name()))) {
            return true;
        }
        return previous.map(meta -> meta.schemas().get(table.schema())).map(schema -> schema.tables().containsKey(table.name())).orElse(false);
    }

    /** A few distinct values of each column, so a person annotating (or a model) sees what the column holds. */
    private Map<String, String> samples(Datasource datasource, IntrospectedTable table) {
        try {
            QueryRows rows = access.query(datasource, SourceAccess.searchPath(datasource),
                    "SELECT * FROM " + access.qualifiedName(datasource, table.schema(), table.name()), List.of(), SAMPLE_ROWS);
            Map<String, String> samples = new LinkedHashMap<>();
            for (int column = 0; column < rows.columns().size(); column++) {
                Set<String> values = new LinkedHashSet<>();
                for (List<Object> row : rows.rows()) {
                    Object value = row.get(column);
                    if (value != null && !(value instanceof byte[])) {
                        values.add(Objects.toString(value));
                    }
                }
                String text = String.join(", ", values);
                samples.put(rows.columns().get(column).name(), text.length() > SAMPLE_TEXT_LIMIT ? text.substring(0, SAMPLE_TEXT_LIMIT) + "…" : text);
            }
            return samples;
        } catch (RuntimeException e) {
            // a table the sync cannot read (a broken view, a permission) still has its columns described
            return Map.of();
        }
    }

    static List<String> tableNames(DatasourceMeta meta) {
        List<String> names = new ArrayList<>();
        meta.schemas().values().forEach(schema -> names.addAll(schema.tables().keySet()));
        return names;
    }
}
