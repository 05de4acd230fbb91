package dev.tarn.ask.datasource;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The synced metadata of one datasource (contract section 1.5): schemas, their tables, their fields,
 * each with the database's own comment ({@code originDesc}) and the effective description
 * ({@code currDesc}, the comment until someone annotates it). Maps keep the database's order.
 */
public record DatasourceMeta(Map<String, Schema> schemas) {
    public DatasourceMeta {
        schemas = frozen(schemas);
    }

    /** One schema (for MySQL: the database). */
    public record Schema(String name, String originDesc, String currDesc, Map<String, Table> tables) {
        public Schema {
            Objects.requireNonNull(name, "name");
            originDesc = originDesc == null ? "" : originDesc;
            currDesc = currDesc == null ? "" : currDesc;
            tables = frozen(tables);
        }
    }

    /**
     * One table or view.
     *
     * @param type {@code table} or {@code view}
     */
    public record Table(String name, String type, String originDesc, String currDesc, List<String> primaryKey,
                        List<ForeignKey> foreignKeys, Map<String, Field> fields) {
        public Table {
            Objects.requireNonNull(name, "name");
            originDesc = originDesc == null ? "" : originDesc;
            currDesc = currDesc == null ? "" : currDesc;
            primaryKey = List.copyOf(primaryKey);
            foreignKeys = List.copyOf(foreignKeys);
            fields = frozen(fields);
        }
    }

    /** A declared foreign key of one field. */
    public record ForeignKey(String field, String referencedSchema, String referencedTable, String referencedField) {
    }

    /**
     * One field.
     *
     * @param dataType         the database's own type name
     * @param visibility       false hides the field from questions
     * @param identifiableType what personal data it holds, for masking: plain, person_name, email, …
     */
    public record Field(String name, String dataType, String sampleData, String originDesc, String currDesc, boolean visibility,
                        IdentifiableType identifiableType, Instant createdAt, Instant modifiedAt) {
        public Field {
            Objects.requireNonNull(name, "name");
            dataType = dataType == null ? "" : dataType;
            sampleData = sampleData == null ? "" : sampleData;
            originDesc = originDesc == null ? "" : originDesc;
            currDesc = currDesc == null ? "" : currDesc;
            Objects.requireNonNull(identifiableType, "identifiableType");
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(modifiedAt, "modifiedAt");
        }
    }

    public int tableCount() {
        return schemas.values().stream().mapToInt(schema -> schema.tables().size()).sum();
    }

    public int fieldCount() {
        return schemas.values().stream().flatMap(schema -> schema.tables().values().stream()).mapToInt(table -> table.fields().size()).sum();
    }

    private static <V> Map<String, V> frozen(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
