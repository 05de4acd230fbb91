package dev.tarn.access;

import dev.tarn.engine.TableName;

import java.util.Objects;
import java.util.regex.Pattern;

/** A per-user table and the hidden column that names the owner of each of its rows. */
record PerUserTable(TableName table, String ownerColumn) {
    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    PerUserTable {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(ownerColumn, "ownerColumn");
        // The owner column is compared with what users write and spliced into statements as a name,
        // so it must be a name that means the same quoted or not.
        if (!PLAIN_IDENTIFIER.matcher(ownerColumn).matches()) {
            throw new IllegalArgumentException("owner column of " + table + " is not a plain identifier: " + ownerColumn);
        }
    }
}
