package dev.tarn.writes;

import dev.tarn.engine.Session;
import dev.tarn.engine.TableName;

import java.util.ArrayList;
import java.util.List;

/** One write in progress: its engine session, inside a transaction, and the changes it reports. */
public final class Transaction {
    private final Session session;
    private final String userName;
    private final WritePath writes;
    private final List<Change> changes = new ArrayList<>();

    Transaction(Session session, String userName, WritePath writes) {
        this.session = session;
        this.userName = userName;
        this.writes = writes;
    }

    /** Whether a listener needs the row images of this write's changes to {@code table}. */
    public boolean wantsRows(TableName table) {
        return writes.wantsRows(table);
    }

    public Session session() {
        return session;
    }

    public String userName() {
        return userName;
    }

    /** Records a change; it is published only if the transaction commits. */
    public void record(Change change) {
        changes.add(change);
    }

    public void record(List<Change> recorded) {
        changes.addAll(recorded);
    }

    List<Change> changes() {
        return List.copyOf(changes);
    }
}
