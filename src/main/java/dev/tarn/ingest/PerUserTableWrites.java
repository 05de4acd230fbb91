package dev.tarn.ingest;

import dev.tarn.access.ScopedTables;
import dev.tarn.engine.TableName;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

/**
 * Bulk writes (uploads, upserts, appends) cannot go to per-user tables: their rows would carry
 * whatever owner the file or the JSON names, or none. Those tables take writes through
 * /v1/api/sql, where the access rewrite sets the owner.
 */
final class PerUserTableWrites {
    private PerUserTableWrites() {
    }

    static void refuse(ScopedTables perUserTables, TableName table) {
        TableName lowerCase = new TableName(table.catalog().toLowerCase(java.util.Locale.ROOT),
                table.schema().toLowerCase(java.util.Locale.ROOT), table.table().toLowerCase(java.util.Locale.ROOT));
        if (perUserTables.ownerColumn(lowerCase).isPresent()) {
            throw new TarnException(ErrorCode.PERMISSION_DENIED, "Permission Error: " + table
                    + " is a per-user table; write its rows through POST /v1/api/sql, which sets each row's owner");
        }
    }
}
