package dev.tarn.ask.datasource;

import java.util.Map;
import java.util.Optional;

/**
 * Descriptions written by people ({@code PATCH …/meta}): for each schema, table and field named, the
 * new effective description. Names not in the synced metadata are refused.
 */
public record MetaAnnotation(Map<String, SchemaNote> schemas) {
    public MetaAnnotation {
        schemas = Map.copyOf(schemas);
    }

    public record SchemaNote(Optional<String> description, Map<String, TableNote> tables) {
        public SchemaNote {
            tables = Map.copyOf(tables);
        }
    }

    public record TableNote(Optional<String> description, Map<String, String> fields) {
        public TableNote {
            fields = Map.copyOf(fields);
        }
    }
}
