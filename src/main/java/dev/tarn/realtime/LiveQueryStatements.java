package dev.tarn.realtime;

import dev.tarn.auth.Principal;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The live-query statements of the dialect (SUBSCRIBE TO, KILL LIVE QUERY) and the rows of
 * system.live, answered by the live-query service; the dialect only reads the statements.
 */
public interface LiveQueryStatements {
    /** Checks a SUBSCRIBE TO and answers its one row: status, ws_url, subscription {id, sql}, message. */
    SqlResult subscribe(Principal principal, String namespace, String table, Optional<String> where, Map<String, Long> options);

    /** Ends a live query: users their own, dba and system any. */
    SqlResult kill(Principal principal, String liveId);

    /** The rows of system.live, in its column order (see {@link #LIVE_COLUMNS}). */
    List<Object[]> liveRows();

    List<String> LIVE_COLUMNS = List.of("live_id", "connection_id", "subscription_id", "namespace_id", "table_name", "user_id",
            "query", "options", "status", "created_at", "last_update", "changes");

    /** What answers while no live-query service is attached. */
    LiveQueryStatements NONE = new LiveQueryStatements() {
        @Override
        public SqlResult subscribe(Principal principal, String namespace, String table, Optional<String> where, Map<String, Long> options) {
            throw new TarnException(ErrorCode.LIVE_UNSUPPORTED, "Live queries are not available on this server");
        }

        @Override
        public SqlResult kill(Principal principal, String liveId) {
            throw new TarnException(ErrorCode.LIVE_SUBSCRIPTION_NOT_FOUND, "No live query with id '" + liveId + "'");
        }

        @Override
        public List<Object[]> liveRows() {
            return List.of();
        }
    };
}
