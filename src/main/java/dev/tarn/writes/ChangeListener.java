package dev.tarn.writes;

import dev.tarn.engine.TableName;

/** Receives every change after its transaction committed. Must be quick and must not throw. */
@FunctionalInterface
public interface ChangeListener {
    void changed(Change change);

    /**
     * Whether this listener needs the row images of writes to {@code table}. Capturing them costs
     * the writer a RETURNING and a copy, so writes capture only while somebody asks.
     */
    default boolean wantsRows(TableName table) {
        return false;
    }
}
