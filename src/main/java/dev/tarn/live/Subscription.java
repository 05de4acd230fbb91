package dev.tarn.live;

import dev.tarn.auth.Principal;
import dev.tarn.engine.Column;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One live query of one connection. While its initial data loads, changes are buffered; when the
 * load completes they are delivered, except those the snapshot already showed (their row version
 * {@code _seq} was read), so the client sees every change exactly once and in order.
 */
final class Subscription {
    /** Changes buffered during a load beyond this are not kept: the subscription fails and the client resubscribes. */
    private static final int MAXIMUM_BUFFERED_CHANGES = 100_000;

    private final String id;
    private final long connectionId;
    private final Principal principal;
    private final LiveQuery query;
    private final SubscriptionOptions options;
    private final SubscriptionSink sink;
    private final boolean perUser;
    private final Instant createdAt = Instant.now();
    private final AtomicLong changes = new AtomicLong();
    private volatile Instant lastUpdate = createdAt;
    /** The number of the last change published before the first read of initial data; until that read, every change. */
    private volatile long readFrom = Long.MAX_VALUE;

    private boolean loading = true;
    private boolean closed;
    private List<Numbered> buffer = new ArrayList<>();
    /** Row versions the snapshot showed or changes delivered, to tell which deletes of early changes the client needs. */
    private Set<Long> shownVersions = new HashSet<>();
    /**
     * The numbers of the last change published before the latest read of initial data began and
     * before it ended: changes up to the first committed before the read (it shows them), changes
     * after the second after it (it cannot), those between may or may not be in it.
     */
    private long readStartMarker = Long.MAX_VALUE;
    private long lastReadMarker = Long.MAX_VALUE;
    private long highestShownVersion;
    private long lastSeq;
    private int batchNumber;
    private List<Column> schema = List.of();

    Subscription(String id, long connectionId, Principal principal, LiveQuery query, SubscriptionOptions options,
                 SubscriptionSink sink, boolean perUser) {
        this.id = id;
        this.connectionId = connectionId;
        this.principal = principal;
        this.query = query;
        this.options = options;
        this.sink = sink;
        this.perUser = perUser;
        this.lastSeq = options.from().orElse(0);
    }

    String id() {
        return id;
    }

    long connectionId() {
        return connectionId;
    }

    Principal principal() {
        return principal;
    }

    LiveQuery query() {
        return query;
    }

    SubscriptionOptions options() {
        return options;
    }

    boolean perUser() {
        return perUser;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant lastUpdate() {
        return lastUpdate;
    }

    long changes() {
        return changes.get();
    }

    /** The live id system.live shows and KILL LIVE QUERY takes: unique on this server. */
    String liveId() {
        return connectionId + "-" + id;
    }

    long readFrom() {
        return readFrom;
    }

    void readFrom(long number) {
        this.readFrom = number;
    }

    /** Notes, before a batch is read, which changes committed before that read. */
    synchronized void readingAfter(long number) {
        readStartMarker = number;
        lastReadMarker = Long.MAX_VALUE;
    }

    /** Notes, after a batch was read, that changes published later are not in it. */
    synchronized void readBefore(long number) {
        lastReadMarker = number;
    }

    private record Numbered(long number, RowChange change) {
    }

    synchronized boolean loading() {
        return loading;
    }

    synchronized long lastSeq() {
        return lastSeq;
    }

    synchronized int nextBatchNumber() {
        return batchNumber++;
    }

    synchronized List<Column> schema() {
        return schema;
    }

    synchronized void schema(List<Column> columns) {
        this.schema = List.copyOf(columns);
    }

    /** Records the row versions of a batch of initial data that is about to be sent. */
    synchronized void shown(List<Long> versions) {
        for (long version : versions) {
            shownVersions.add(version);
            highestShownVersion = Math.max(highestShownVersion, version);
            lastSeq = Math.max(lastSeq, version);
        }
    }

    /** Sends an event of the initial load, in order with everything else this subscription sends. */
    synchronized void sendInitial(LiveEvent event) {
        if (!closed) {
            sink.send(event);
        }
    }

    /**
     * Ends the initial load: sends the buffered changes the snapshot did not already show. A row
     * the client holds is one the snapshot showed, one it had before a resume (version up to
     * {@code from}), or one a change delivered here.
     */
    synchronized long lastReadMarker() {
        return lastReadMarker;
    }

    /**
     * Ends the load; {@code earlyChangesDispatched} says that no change published before the last
     * read is still on its way, so the snapshot's bookkeeping can go at once.
     */
    synchronized void loaded(boolean earlyChangesDispatched) {
        if (!loading || closed) {
            return;
        }
        List<RowChange> deliver = new ArrayList<>();
        for (Numbered buffered : buffer) {
            unseen(buffered.number(), buffered.change()).ifPresent(deliver::add);
        }
        buffer = null;
        loading = false;
        if (earlyChangesDispatched) {
            shownVersions = null;
            lastReadMarker = Long.MIN_VALUE;
        }
        send(deliver);
    }

    /**
     * The change as the client still needs it. Changes published after the last read ended are all
     * new to it. One published before that read began (though perhaps dispatched only now) is
     * already in the snapshot when it inserted or updated a row to a version the reads covered; one
     * published during the read when the read showed its version. A delete matters only for a row
     * the client holds (shown, delivered since, or at most {@code from}).
     */
    private java.util.Optional<RowChange> unseen(long number, RowChange change) {
        if (number > lastReadMarker) {
            return java.util.Optional.of(change);
        }
        switch (change.type()) {
            case INSERT, UPDATE -> {
                // committed before the read began: covered when the reads reached its version; during the read: when it showed it
                boolean covered = number <= readStartMarker ? change.seq() <= highestShownVersion : shownVersions.contains(change.seq());
                if (!covered) {
                    shownVersions.remove(change.oldSeq());
                    shownVersions.add(change.seq());
                    return java.util.Optional.of(change);
                }
                return java.util.Optional.empty();
            }
            default -> {
                boolean held = shownVersions.remove(change.oldSeq()) || change.oldSeq() <= options.from().orElse(Long.MIN_VALUE);
                return held ? java.util.Optional.of(change) : java.util.Optional.empty();
            }
        }
    }

    /** Called by the dispatcher with this subscription's share of change number {@code number}. */
    synchronized void deliver(long number, List<RowChange> rowChanges) {
        if (closed || rowChanges.isEmpty()) {
            return;
        }
        if (loading) {
            if (buffer.size() + rowChanges.size() > MAXIMUM_BUFFERED_CHANGES) {
                fail(new TarnException(ErrorCode.LIVE_SUBSCRIPTION_FAILED, "Too many changes during the initial load; subscribe again"));
                return;
            }
            rowChanges.forEach(change -> buffer.add(new Numbered(number, change)));
            return;
        }
        if (number > lastReadMarker) {
            // the dispatcher has passed the last read: the snapshot's versions are no longer needed
            shownVersions = null;
            lastReadMarker = Long.MIN_VALUE;
            send(rowChanges);
            return;
        }
        List<RowChange> deliver = new ArrayList<>();
        for (RowChange change : rowChanges) {
            unseen(number, change).ifPresent(deliver::add);
        }
        send(deliver);
    }

    /** Tells the client the subscription ended and stops every further event. */
    synchronized void fail(TarnException error) {
        if (!closed) {
            sink.send(new LiveEvent.Failed(id, error));
            close();
        }
    }

    synchronized void close() {
        closed = true;
        buffer = null;
        shownVersions = null;
    }

    synchronized boolean closed() {
        return closed;
    }

    /** One message per run of changes of the same type, so order is kept and an INSERT of many rows is one message. */
    private void send(List<RowChange> rowChanges) {
        int start = 0;
        while (start < rowChanges.size()) {
            LiveEvent.ChangeType type = rowChanges.get(start).type();
            int end = start;
            List<Map<String, Object>> rows = new ArrayList<>();
            List<Map<String, Object>> oldValues = new ArrayList<>();
            while (end < rowChanges.size() && rowChanges.get(end).type() == type) {
                RowChange change = rowChanges.get(end);
                if (change.row() != null) {
                    rows.add(change.row());
                }
                if (change.oldValues() != null) {
                    oldValues.add(change.oldValues());
                }
                end++;
            }
            sink.send(new LiveEvent.RowsChanged(id, type, rows, oldValues));
            changes.addAndGet(end - start);
            start = end;
        }
        if (!rowChanges.isEmpty()) {
            lastUpdate = Instant.now();
        }
    }
}
