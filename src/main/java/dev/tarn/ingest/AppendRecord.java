package dev.tarn.ingest;

import dev.tarn.engine.TableName;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Objects;

/**
 * One acknowledged append as the log keeps it: its place in the log, table, user and JSON body.
 * On the live path it also carries the rows already parsed from the body, so the applier does not
 * parse them twice; records read back at recovery carry none and are parsed again.
 */
record AppendRecord(long sequence, TableName table, String userName, byte[] body, List<ObjectNode> parsedRows) {
    AppendRecord {
        parsedRows = parsedRows == null ? List.of() : parsedRows;
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(body, "body");
    }
}
