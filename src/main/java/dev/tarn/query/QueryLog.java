package dev.tarn.query;

import dev.tarn.auth.Principal;
import dev.tarn.engine.QueryProgress;
import dev.tarn.engine.Session;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The most recent queries of every surface, with their status, and the handle to stop a running
 * one. Bounded: the oldest finished entries are forgotten first.
 */
public final class QueryLog {
    private final int capacity;
    private final Map<UUID, Entry> entries = new LinkedHashMap<>();

    public QueryLog(int capacity) {
        this.capacity = capacity;
    }

    /** The answer to a cancel request. */
    public record CancelOutcome(boolean cancelled, String message) {
    }

    /** One logged query; its session is set while it runs, so it can be cancelled and report progress. */
    public static final class Entry {
        private final UUID id;
        private final Instant startTime = Instant.now();
        private final long startNanos = System.nanoTime();
        private final String query;
        private final String sessionId;
        private final ClientInterface clientInterface;
        private final boolean visible;
        private final Optional<String> requestedBy;
        private final Optional<String> userAgent;
        private final String userName;
        private volatile Session session;
        private volatile boolean cancelRequested;
        private volatile Instant endTime;
        private volatile long durationMillis = -1;
        private volatile String error;
        private volatile long rows;

        private Entry(UUID id, String query, String sessionId, ClientInterface clientInterface, boolean visible,
                      Optional<String> requestedBy, Optional<String> userAgent, String userName) {
            this.id = id;
            this.query = query;
            this.sessionId = sessionId;
            this.clientInterface = clientInterface;
            this.visible = visible;
            this.requestedBy = requestedBy;
            this.userAgent = userAgent;
            this.userName = userName;
        }

        public UUID id() {
            return id;
        }

        public String sessionId() {
            return sessionId;
        }

        /** Milliseconds since the query started, at least 1 (clients assert a positive value). */
        public long elapsedMillis() {
            return Math.max(1, Duration.ofNanos(System.nanoTime() - startNanos).toMillis());
        }

        /** Attaches the engine session running this query; a cancel that came first applies at once. */
        public void running(Session session) {
            this.session = session;
            if (cancelRequested) {
                session.cancel();
            }
        }

        public boolean cancelRequested() {
            return cancelRequested;
        }

        /** Marks the query finished, with its error if it failed. */
        public void finish(Optional<String> failure, long rowCount) {
            if (endTime != null) {
                return;
            }
            this.rows = rowCount;
            this.error = failure.orElse(null);
            this.durationMillis = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
            this.endTime = Instant.now();
            this.session = null;
        }

        private boolean finished() {
            return endTime != null;
        }

        private void cancel() {
            cancelRequested = true;
            Session current = session;
            if (current != null) {
                current.cancel();
            }
        }

        private QueryRecord record() {
            Session current = session;
            Optional<QueryProgress> progress = finished()
                    ? Optional.of(new QueryProgress(100.0, rows, rows))
                    : current == null ? Optional.empty() : current.progress();
            return new QueryRecord(id, startTime, Optional.ofNullable(endTime),
                    durationMillis < 0 ? OptionalLong.empty() : OptionalLong.of(durationMillis), query, sessionId,
                    clientInterface, visible, Optional.ofNullable(error), requestedBy, userAgent, userName, progress);
        }
    }

    /** Registers a query that is starting. A caller-chosen id may be used once only. */
    public synchronized Entry start(UUID id, String query, String sessionId, ClientInterface clientInterface, boolean visible,
                                    Optional<String> requestedBy, Optional<String> userAgent, Principal principal) {
        if (entries.containsKey(id)) {
            throw new TarnException(ErrorCode.INVALID_QUERY_ID, "The query_id " + id + " was already used; send a new UUID or none");
        }
        Entry entry = new Entry(id, query, sessionId, clientInterface, visible, requestedBy, userAgent, principal.userName());
        entries.put(id, entry);
        evict();
        return entry;
    }

    /** The record of a query the principal may see: its own, or any for an administrator. */
    public synchronized Optional<QueryRecord> find(UUID id, Principal principal) {
        Entry entry = entries.get(id);
        if (entry == null || !visibleTo(entry, principal)) {
            return Optional.empty();
        }
        return Optional.of(entry.record());
    }

    /**
     * Cancels a query of the given session. A finished query of the same session counts as cancelled,
     * as the Altertable clients expect; another session's query is left alone.
     */
    public CancelOutcome cancel(UUID id, String sessionId, Principal principal) {
        Entry entry;
        synchronized (this) {
            entry = entries.get(id);
        }
        if (entry == null || !visibleTo(entry, principal)) {
            throw new TarnException(ErrorCode.QUERY_NOT_FOUND, "No query with id " + id);
        }
        if (!entry.sessionId.equals(sessionId)) {
            return new CancelOutcome(false, "Session ID does not match");
        }
        if (!entry.finished()) {
            entry.cancel();
        }
        return new CancelOutcome(true, "Query cancelled");
    }

    /** Cancels every running query; used at shutdown once the grace period is over. */
    public void cancelAll() {
        List<Entry> running;
        synchronized (this) {
            running = new ArrayList<>(entries.values().stream().filter(e -> !e.finished()).toList());
        }
        running.forEach(Entry::cancel);
    }

    /** How many queries are still running. */
    public synchronized long runningCount() {
        return entries.values().stream().filter(e -> !e.finished()).count();
    }

    private static boolean visibleTo(Entry entry, Principal principal) {
        return principal.isAdministrator() || entry.userName.equals(principal.userName());
    }

    private void evict() {
        var iterator = entries.values().iterator();
        while (entries.size() > capacity && iterator.hasNext()) {
            if (iterator.next().finished()) {
                iterator.remove();
            }
        }
    }
}
