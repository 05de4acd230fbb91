package dev.tarn.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarn.engine.Column;
import dev.tarn.engine.Engine;
import dev.tarn.engine.Session;
import dev.tarn.engine.TableName;
import dev.tarn.engine.TableSchema;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides, when an append arrives, whether its rows fit the table as it will be once every append
 * accepted before it has been applied. Accepted rows evolve that projected schema (new columns,
 * widened columns of tables /append created), so acknowledged appends never fail later for their
 * schema. With no append pending for a table, the projection is read afresh from the engine (at
 * most once a second: a read costs a connection and two catalog queries, too much for every append),
 * so changes made with SQL are seen.
 */
final class AppendSchemas {
    /** Tables that /append created carry this comment; only those may have their column types widened. */
    static final String MANAGED_COMMENT = "created by Tarn /append; column types widen automatically";

    private static final long RELOAD_INTERVAL_NANOS = 1_000_000_000L;

    private final Engine engine;
    private final Map<String, Projection> projections = new ConcurrentHashMap<>();

    AppendSchemas(Engine engine) {
        this.engine = engine;
    }

    /** A table as it will be: whether it exists, whether Tarn manages it, and its columns by lower-case name. */
    private static final class Projection {
        private boolean exists;
        private boolean managed;
        private final Map<String, Column> columns = new LinkedHashMap<>();
        private long pending;
        private long loadedAtNanos;
        private boolean loaded;

        private Projection copy() {
            Projection copy = new Projection();
            copy.exists = exists;
            copy.managed = managed;
            copy.columns.putAll(columns);
            copy.pending = pending;
            return copy;
        }
    }

    /**
     * Checks the rows and, if they fit, counts them as pending for the table; returns the rows'
     * schema, worked out on the way, for the applier. Throws incompatible-schema.
     */
    BatchSchema admit(TableName table, List<ObjectNode> rows) {
        BatchSchema batch = new BatchSchema();
        Projection current = projections.computeIfAbsent(table.key(), key -> new Projection());
        synchronized (current) {
            if (!current.loaded || (current.pending == 0 && System.nanoTime() - current.loadedAtNanos > RELOAD_INTERVAL_NANOS)) {
                reload(table, current);
            }
            Projection next = current.copy();
            for (ObjectNode row : rows) {
                Iterator<Map.Entry<String, JsonNode>> fields = row.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    Optional<ValueType> type = ValueType.of(field.getValue());
                    batch.add(field.getKey(), type);
                    admitValue(table, next, field.getKey(), field.getValue(), type);
                }
            }
            if (!next.exists && next.columns.isEmpty()) {
                throw new TarnException(ErrorCode.APPEND_INVALID_DATA, "The table " + table
                        + " does not exist yet and these rows have no non-null field to create it from");
            }
            current.exists = true;
            current.managed = next.managed || !next.exists;
            current.columns.clear();
            current.columns.putAll(next.columns);
            current.pending++;
        }
        return batch;
    }

    /** An admitted append for the table was applied (or failed for good). */
    void settled(TableName table) {
        Projection projection = projections.get(table.key());
        if (projection != null) {
            synchronized (projection) {
                projection.pending = Math.max(0, projection.pending - 1);
            }
        }
    }

    private void admitValue(TableName table, Projection projection, String name, JsonNode value, Optional<ValueType> type) {
        String key = name.toLowerCase(Locale.ROOT);
        Column column = projection.columns.get(key);
        if (column == null) {
            type.ifPresent(t -> projection.columns.put(key, new Column(name, t.sqlName())));
            return;
        }
        Optional<ValueType> widenable = ColumnConversion.asValueType(column.type());
        // a value of the column's own kind fits without a trial conversion (the common case, on every value)
        if (type.isEmpty() || type.equals(widenable) || ColumnConversion.accepts(column.type(), value)) {
            return;
        }
        if ((projection.managed || !projection.exists) && widenable.isPresent() && type.isPresent()) {
            projection.columns.put(key, new Column(column.name(), widenable.get().unify(type.get()).sqlName()));
            return;
        }
        throw new TarnException(ErrorCode.APPEND_INCOMPATIBLE_SCHEMA, "Column '" + column.name() + "' of " + table + " has type "
                + column.type() + " and cannot take " + abbreviated(value) + type.map(t -> " (" + t.sqlName() + ")").orElse("")
                + "; send a value of that type, or append to a table /append created (its columns widen)");
    }

    private void reload(TableName table, Projection projection) {
        Optional<TableSchema> schema;
        try (Session session = engine.openSession()) {
            schema = session.tableSchema(table);
        }
        projection.columns.clear();
        projection.loaded = true;
        projection.loadedAtNanos = System.nanoTime();
        projection.exists = schema.isPresent();
        projection.managed = schema.flatMap(TableSchema::comment).map(MANAGED_COMMENT::equals).orElse(false);
        schema.ifPresent(s -> s.columns().forEach(c -> projection.columns.put(c.name().toLowerCase(Locale.ROOT), c)));
    }

    private static String abbreviated(JsonNode value) {
        String text = value.toString();
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
