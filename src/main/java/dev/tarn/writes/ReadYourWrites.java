package dev.tarn.writes;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes a caller's later requests see every write acknowledged to it before, even when that write
 * (an append) is applied to its table in the background: acknowledged writes carry a sequence
 * number, and a request of the same user waits until the applier has passed that number.
 */
public final class ReadYourWrites {
    private final Map<String, Long> acknowledgedByUser = new ConcurrentHashMap<>();
    private final Object appliedMonitor = new Object();
    private volatile long applied;

    /** A write with this sequence number was acknowledged to {@code userName}. */
    public void acknowledged(String userName, long sequence) {
        acknowledgedByUser.merge(userName, sequence, Math::max);
    }

    /** Every write up to and including {@code sequence} is now visible in its table. */
    public void applied(long sequence) {
        synchronized (appliedMonitor) {
            if (sequence > applied) {
                applied = sequence;
                appliedMonitor.notifyAll();
            }
        }
    }

    public long appliedSequence() {
        return applied;
    }

    /** Waits until everything acknowledged to {@code userName} is visible; 503 after {@code timeout}. */
    public void await(String userName, Duration timeout) {
        Long wanted = acknowledgedByUser.get(userName);
        if (wanted != null) {
            awaitSequence(wanted, timeout);
        }
    }

    /** Waits until the write with this sequence number is visible; 503 after {@code timeout}. */
    public void awaitSequence(long sequence, Duration timeout) {
        if (applied >= sequence) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (appliedMonitor) {
            while (applied < sequence) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new TarnException(ErrorCode.ENGINE_BUSY,
                            "Earlier appends are still being applied; retry shortly");
                }
                try {
                    appliedMonitor.wait(Math.max(1, remaining / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TarnException(ErrorCode.SHUTTING_DOWN, "interrupted while waiting for earlier appends");
                }
            }
        }
    }
}
