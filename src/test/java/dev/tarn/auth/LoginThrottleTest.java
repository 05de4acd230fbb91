package dev.tarn.auth;

import dev.tarn.support.MovableClock;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

/** Lockout after repeated failed logins, for a while, per user name. */
class LoginThrottleTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-05-01T10:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofMinutes(15), clock);

    @Test
    void theThirdFailureLocksTheNameForTheLockDuration() {
        assertThat(throttle.recordFailure("alice")).isFalse();
        assertThat(throttle.recordFailure("alice")).isFalse();
        assertThat(throttle.recordFailure("alice")).isTrue();
        assertThatThrownBy(() -> throttle.requireUnlocked("alice"))
                .isInstanceOfSatisfying(TarnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ACCOUNT_LOCKED))
                .hasMessageContaining("15 minutes");
        assertThatCode(() -> throttle.requireUnlocked("bob")).doesNotThrowAnyException();

        clock.advance(Duration.ofMinutes(14));
        assertThatThrownBy(() -> throttle.requireUnlocked("ALICE")).hasMessageContaining("locked");
        clock.advance(Duration.ofMinutes(1));
        assertThatCode(() -> throttle.requireUnlocked("alice")).doesNotThrowAnyException();
    }

    @Test
    void aSuccessfulLoginStartsTheCountAgain() {
        throttle.recordFailure("alice");
        throttle.recordFailure("alice");
        throttle.recordSuccess("alice");
        assertThat(throttle.recordFailure("alice")).isFalse();
        assertThat(throttle.recordFailure("alice")).isFalse();
    }

    @Test
    void failuresOlderThanTheLockDurationAreForgotten() {
        throttle.recordFailure("alice");
        throttle.recordFailure("alice");
        clock.advance(Duration.ofMinutes(16));
        assertThat(throttle.recordFailure("alice")).isFalse();
    }

    @Test
    void zeroAttemptsNeverLocks() {
        LoginThrottle never = new LoginThrottle(0, Duration.ofMinutes(15), clock);
        for (int i = 0; i < 100; i++) {
            never.recordFailure("alice");
        }
        assertThatCode(() -> never.requireUnlocked("alice")).doesNotThrowAnyException();
    }
}
