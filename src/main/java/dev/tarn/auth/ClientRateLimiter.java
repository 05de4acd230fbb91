package dev.tarn.auth;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per client address: up to {@code perSecond} requests in a burst, refilled at
 * {@code perSecond} a second. Guards the auth endpoints, where every request may cost a bcrypt check.
 */
public final class ClientRateLimiter {
    private static final int MAXIMUM_TRACKED_CLIENTS = 10_000;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int perSecond;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private record Bucket(double tokens, long refilledAtNanos) {
    }

    /** The answer for one request: allowed, or refused with how long to wait. */
    public record Permit(boolean granted, Duration retryAfter) {
        static final Permit GRANTED = new Permit(true, Duration.ZERO);
    }

    /** {@code perSecond} 0 turns the limit off. */
    public ClientRateLimiter(int perSecond) {
        this(perSecond, System::nanoTime);
    }

    ClientRateLimiter(int perSecond, LongSupplier nanoTime) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("the rate must not be negative");
        }
        this.perSecond = perSecond;
        this.nanoTime = nanoTime;
    }

    public Permit acquire(String client) {
        if (perSecond == 0) {
            return Permit.GRANTED;
        }
        long now = nanoTime.getAsLong();
        if (buckets.size() >= MAXIMUM_TRACKED_CLIENTS) {
            // buckets idle for a second are full again, so forgetting them changes nothing
            buckets.values().removeIf(bucket -> now - bucket.refilledAtNanos > NANOS_PER_SECOND);
        }
        boolean[] granted = new boolean[1];
        Bucket bucket = buckets.compute(client, (address, previous) -> {
            double tokens = previous == null ? perSecond
                    : Math.min(perSecond, previous.tokens + (now - previous.refilledAtNanos) * (double) perSecond / NANOS_PER_SECOND);
            granted[0] = tokens >= 1;
            return new Bucket(granted[0] ? tokens - 1 : tokens, now);
        });
        if (granted[0]) {
            return Permit.GRANTED;
        }
        long waitNanos = (long) Math.ceil((1 - bucket.tokens) * NANOS_PER_SECOND / perSecond);
        return new Permit(false, Duration.ofNanos(waitNanos));
    }
}
