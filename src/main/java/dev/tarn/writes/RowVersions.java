package dev.tarn.writes;

import dev.tarn.engine.SqlToken;
import dev.tarn.engine.TableName;

import java.util.List;

/**
 * Gives the rows an UPDATE changes a new version where their table keeps one (the realtime
 * dialect's {@code _seq}, which live queries resume by). Every SQL surface applies it, so an
 * update through the Lakehouse API is as visible to a resuming subscriber as one through the
 * realtime API.
 */
public interface RowVersions {
    /** For tables that keep no versions (tests of the ingest paths). */
    RowVersions NONE = new RowVersions() {
        @Override
        public String versioned(String sql, List<SqlToken> tokens, String catalog, String schema) {
            return sql;
        }

        @Override
        public boolean keepsVersions(TableName table) {
            return false;
        }
    };

    /**
     * {@code sql} as it will run (after the access rewrite), versioned if it is an UPDATE of a
     * versioned table; {@code tokens} are the statement's as written, unqualified names are in
     * {@code catalog}.{@code schema}.
     */
    String versioned(String sql, List<SqlToken> tokens, String catalog, String schema);

    /** Whether {@code table} keeps a row version in {@code _seq}, for writes that build their own SQL (upserts). */
    boolean keepsVersions(TableName table);
}
