package dev.tarn.writes;

import dev.tarn.engine.Engine;
import dev.tarn.engine.Session;
import dev.tarn.engine.TableName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The single write path: every upload, upsert and append runs its SQL through {@link #write},
 * inside one transaction, and the changes it records are published to subscribers after commit.
 * A failed write rolls back whole and publishes nothing.
 */
public final class WritePath {
    private static final Logger LOG = LoggerFactory.getLogger(WritePath.class);

    private final Engine engine;
    private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();
    /**
     * Held from a commit until its changes are published, so listeners receive changes in commit
     * order: a subscriber must never see a row's update before its insert.
     */
    private final ReentrantLock commitOrder = new ReentrantLock();

    public WritePath(Engine engine) {
        this.engine = engine;
    }

    public void subscribe(ChangeListener listener) {
        listeners.add(listener);
    }

    /** Whether some listener needs the row images of writes to {@code table}, so the writer must capture them. */
    public boolean wantsRows(TableName table) {
        for (ChangeListener listener : listeners) {
            if (listener.wantsRows(table)) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code work} in a transaction on a fresh session and publishes its changes once committed. */
    public <T> T write(String userName, Function<Transaction, T> work) {
        try (Session session = engine.openSession()) {
            return write(session, userName, work);
        }
    }

    /** The same on a session the caller already holds (its connection stays the caller's to close). */
    public <T> T write(Session session, String userName, Function<Transaction, T> work) {
        Transaction transaction = new Transaction(session, userName, this);
        session.execute("BEGIN TRANSACTION");
        T result;
        try {
            result = work.apply(transaction);
        } catch (RuntimeException e) {
            rollbackQuietly(session);
            throw e;
        }
        inCommitOrder(() -> {
            try {
                session.execute("COMMIT");
            } catch (RuntimeException e) {
                rollbackQuietly(session);
                throw e;
            }
            publish(transaction.changes());
            return null;
        });
        return result;
    }

    /**
     * Runs {@code commitAndPublish}, which commits a transaction and publishes its changes, while
     * no other commit publishes; callers that commit on their own (SQL statements) use it too.
     */
    public <T> T inCommitOrder(java.util.function.Supplier<T> commitAndPublish) {
        commitOrder.lock();
        try {
            return commitAndPublish.get();
        } finally {
            commitOrder.unlock();
        }
    }

    /**
     * Publishes changes that statements made in the caller's own transaction (SQL with BEGIN …
     * COMMIT, or autocommitted), once that transaction has committed. Callers drop the changes of
     * a transaction that rolled back.
     */
    public void committed(List<Change> changes) {
        publish(changes);
    }

    private void publish(List<Change> changes) {
        for (Change change : changes) {
            for (ChangeListener listener : listeners) {
                try {
                    listener.changed(change);
                } catch (RuntimeException e) {
                    LOG.warn("event=change_listener_failed table={} message=\"{}\"", change.table(), e.getMessage(), e);
                }
            }
        }
    }

    private static void rollbackQuietly(Session session) {
        try {
            session.execute("ROLLBACK");
        } catch (RuntimeException ignored) {
            // DuckDB may already have aborted the transaction; the connection closes next anyway
        }
    }
}
