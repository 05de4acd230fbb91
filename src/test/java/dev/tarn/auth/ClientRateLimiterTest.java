package dev.tarn.auth;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** A burst of the per-second rate per address, then one request per 1/rate seconds. */
class ClientRateLimiterTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final ClientRateLimiter limiter = new ClientRateLimiter(4, nanos::get);

    @Test
    void aBurstOfTheRateIsGrantedThenTheCallerWaits() {
        for (int i = 0; i < 4; i++) {
            assertThat(limiter.acquire("10.0.0.1").granted()).isTrue();
        }
        ClientRateLimiter.Permit refused = limiter.acquire("10.0.0.1");
        assertThat(refused.granted()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(250));
        assertThat(limiter.acquire("10.0.0.2").granted()).as("another address has its own bucket").isTrue();

        nanos.addAndGet(Duration.ofMillis(250).toNanos());
        assertThat(limiter.acquire("10.0.0.1").granted()).isTrue();
        assertThat(limiter.acquire("10.0.0.1").granted()).isFalse();
    }

    @Test
    void zeroMeansNoLimit() {
        ClientRateLimiter unlimited = new ClientRateLimiter(0, nanos::get);
        for (int i = 0; i < 10_000; i++) {
            assertThat(unlimited.acquire("10.0.0.1").granted()).isTrue();
        }
    }
}
