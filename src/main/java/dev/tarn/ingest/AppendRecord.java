package dev.tarn.ingest;

import dev.tarn.engine.TableName;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One acknowledged append as the log keeps it: its place in the log, table, user and JSON body.
 * On the live path it also carries the rows already parsed from the body and their schema, so the
 * applier does not parse them twice; records read back at recovery carry neither and are parsed again.
 */
record AppendRecord(long sequence, TableName table, String userName, byte[] body, List<ObjectNode> parsedRows,
                    Optional<BatchSchema> parsedSchema) {
    AppendRecord {
        parsedRows = parsedRows == null ? List.of() : parsedRows;
        parsedSchema = parsedSchema == null ? Optional.empty() : parsedSchema;
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(body, "body");
    }
}
