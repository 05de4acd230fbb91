package dev.tarn.topics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes consumers that wait for a partition's next message (long polling). Each partition has a
 * version that every append moves on; a waiter remembers the version it read before looking for
 * messages, so a message appended between its look and its wait is never slept through. Locks and
 * conditions rather than monitors: waiters are virtual threads.
 */
final class PartitionSignals {
    private final Map<String, Signal> signals = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private static final class Signal {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private long version;
    }

    long version(TopicId topic, int partition) {
        Signal signal = signal(topic, partition);
        signal.lock.lock();
        try {
            return signal.version;
        } finally {
            signal.lock.unlock();
        }
    }

    void appended(TopicId topic, int partition) {
        Signal signal = signal(topic, partition);
        signal.lock.lock();
        try {
            signal.version++;
            signal.changed.signalAll();
        } finally {
            signal.lock.unlock();
        }
    }

    /**
     * Waits until the partition moved past {@code seenVersion}, the deadline ({@link System#nanoTime})
     * passed, or the server closes; returns whether it moved.
     */
    boolean awaitAppend(TopicId topic, int partition, long seenVersion, long deadlineNanos) {
        Signal signal = signal(topic, partition);
        signal.lock.lock();
        try {
            while (signal.version == seenVersion && !closed) {
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                signal.changed.await(remaining, TimeUnit.NANOSECONDS);
            }
            return signal.version != seenVersion;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            signal.lock.unlock();
        }
    }

    /** Releases every waiter at shutdown; they answer with what they have (nothing). */
    void close() {
        closed = true;
        for (Signal signal : signals.values()) {
            signal.lock.lock();
            try {
                signal.changed.signalAll();
            } finally {
                signal.lock.unlock();
            }
        }
    }

    boolean closed() {
        return closed;
    }

    private Signal signal(TopicId topic, int partition) {
        return signals.computeIfAbsent(topic + "#" + partition, key -> new Signal());
    }
}
