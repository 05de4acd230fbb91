package dev.tarn.live;

import dev.tarn.engine.Column;
import dev.tarn.error.TarnException;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a subscription tells its client, free of any wire format: the acknowledgement with the
 * schema, batches of initial rows, row changes, and failures. Rows map column names to the
 * engine's Java values, in projection order.
 */
public sealed interface LiveEvent {
    String subscriptionId();

    /** Where the initial load stands: status is loading (batch 0, more to come), loading_batch (later batches) or ready. */
    record BatchControl(int batchNumber, boolean hasMore, String status, OptionalLong lastSeq) {
        public BatchControl {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(lastSeq, "lastSeq");
        }
    }

    record Acknowledged(String subscriptionId, List<Column> schema, BatchControl control) implements LiveEvent {
        public Acknowledged {
            schema = List.copyOf(schema);
        }
    }

    record InitialBatch(String subscriptionId, List<Map<String, Object>> rows, BatchControl control) implements LiveEvent {
        public InitialBatch {
            rows = List.copyOf(rows);
        }
    }

    enum ChangeType { INSERT, UPDATE, DELETE }

    /** Rows that entered (insert), changed within (update, with the old values) or left (delete) the query's result. */
    record RowsChanged(String subscriptionId, ChangeType type, List<Map<String, Object>> rows,
                       List<Map<String, Object>> oldValues) implements LiveEvent {
        public RowsChanged {
            rows = List.copyOf(rows);
            oldValues = List.copyOf(oldValues);
        }
    }

    record Failed(String subscriptionId, TarnException error) implements LiveEvent {
    }
}
