package dev.tarn.writes;

import dev.tarn.engine.Session;

import java.util.ArrayList;
import java.util.List;

/** One write in progress: its engine session, inside a transaction, and the changes it reports. */
public final class Transaction {
    private final Session session;
    private final String userName;
    private final List<Change> changes = new ArrayList<>();

    Transaction(Session session, String userName) {
        this.session = session;
        this.userName = userName;
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

    List<Change> changes() {
        return List.copyOf(changes);
    }
}
