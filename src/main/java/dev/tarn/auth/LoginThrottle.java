package dev.tarn.auth;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Locks a user name for a while after too many failed logins in a row, so passwords cannot be
 * guessed online. Unknown names are counted and locked like real ones, so a lock says nothing
 * about whether a user exists. Failures older than the lock duration are forgotten.
 */
public final class LoginThrottle {
    private static final int MAXIMUM_TRACKED_NAMES = 100_000;

    private final int maximumFailures;
    private final Duration lockDuration;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    private record Failures(int count, Instant lastFailure, Instant lockedUntil) {
    }

    /** {@code maximumFailures} 0 turns locking off. */
    public LoginThrottle(int maximumFailures, Duration lockDuration, Clock clock) {
        if (maximumFailures < 0 || lockDuration.isNegative()) {
            throw new IllegalArgumentException("failures and lock duration must not be negative");
        }
        this.maximumFailures = maximumFailures;
        this.lockDuration = lockDuration;
        this.clock = clock;
    }

    /** Fails with ACCOUNT_LOCKED while the name is locked. */
    public void requireUnlocked(String userName) {
        Failures current = failures.get(key(userName));
        Instant now = clock.instant();
        if (current != null && now.isBefore(current.lockedUntil)) {
            long minutes = Math.max(1, (Duration.between(now, current.lockedUntil).toSeconds() + 59) / 60);
            throw new TarnException(ErrorCode.ACCOUNT_LOCKED, "Too many failed logins: the account is locked; try again in "
                    + minutes + (minutes == 1 ? " minute" : " minutes"));
        }
    }

    /** Counts a failed login; returns true when this failure locked the name. */
    public boolean recordFailure(String userName) {
        if (maximumFailures == 0) {
            return false;
        }
        Instant now = clock.instant();
        if (failures.size() >= MAXIMUM_TRACKED_NAMES) {
            forgetStale(now);
        }
        Failures updated = failures.compute(key(userName), (name, previous) -> {
            int count = previous == null || isStale(previous, now) ? 1 : previous.count + 1;
            return count >= maximumFailures ? new Failures(0, now, now.plus(lockDuration)) : new Failures(count, now, Instant.EPOCH);
        });
        return updated.lockedUntil.isAfter(now);
    }

    public void recordSuccess(String userName) {
        failures.remove(key(userName));
    }

    private boolean isStale(Failures entry, Instant now) {
        return !now.isBefore(entry.lockedUntil) && Duration.between(entry.lastFailure, now).compareTo(lockDuration) > 0;
    }

    private void forgetStale(Instant now) {
        failures.values().removeIf(entry -> isStale(entry, now));
        if (failures.size() >= MAXIMUM_TRACKED_NAMES) {
            // a flood of distinct names: keep the locks, drop the counts
            failures.values().removeIf(entry -> !now.isBefore(entry.lockedUntil));
        }
    }

    private static String key(String userName) {
        return userName.toLowerCase(Locale.ROOT);
    }
}
