package dev.tarn.writes;

/** Receives every change after its transaction committed. Must be quick and must not throw. */
@FunctionalInterface
public interface ChangeListener {
    void changed(Change change);
}
