package dev.tarn.access;

import dev.tarn.engine.TableName;

import java.util.Optional;

/**
 * Which tables hold rows per user (the realtime API's USER and STREAM tables): for such a table,
 * the hidden column that names each row's owner, for example {@code _user_id}.
 */
@FunctionalInterface
public interface ScopedTables {
    /**
     * The owner column of {@code table} when it is a per-user table, otherwise empty. Names arrive
     * in lower case, since DuckDB matches names without regard to case; compare with {@link TableName#key()}.
     */
    Optional<String> ownerColumn(TableName table);
}
