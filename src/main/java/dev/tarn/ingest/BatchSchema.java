package dev.tarn.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The fields of a batch of JSON objects and the unified type of each (null-only fields have none yet). */
final class BatchSchema {
    /** A field: its name as first seen and its type so far. */
    record Field(String name, Optional<ValueType> type) {
    }

    private final Map<String, Field> fields = new LinkedHashMap<>();

    static BatchSchema of(Iterable<ObjectNode> rows) {
        BatchSchema schema = new BatchSchema();
        for (ObjectNode row : rows) {
            Iterator<Map.Entry<String, JsonNode>> entries = row.fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                schema.add(entry.getKey(), ValueType.of(entry.getValue()));
            }
        }
        return schema;
    }

    /** The fields of both, types unified; used to combine the schemas of several appends to one table. */
    BatchSchema merge(BatchSchema other) {
        BatchSchema merged = new BatchSchema();
        fields.values().forEach(field -> merged.add(field.name(), field.type()));
        other.fields.values().forEach(field -> merged.add(field.name(), field.type()));
        return merged;
    }

    void add(String name, Optional<ValueType> type) {
        fields.merge(name.toLowerCase(Locale.ROOT), new Field(name, type), (known, seen) -> new Field(known.name(),
                known.type().isEmpty() ? seen.type() : seen.type().map(t -> known.type().get().unify(t)).or(known::type)));
    }

    Iterable<Field> fields() {
        return fields.values();
    }
}
