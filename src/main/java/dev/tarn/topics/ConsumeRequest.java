package dev.tarn.topics;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One read of a partition: with a group, the group's position wins over {@code start} and the
 * messages returned are claimed for it; without one, a stateless read from {@code start}.
 */
public record ConsumeRequest(TopicId topic, Optional<String> group, int partition, StartPosition start, int limit, Duration longestWait) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAXIMUM_LIMIT = 10_000;

    public ConsumeRequest {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(longestWait, "longestWait");
        if (group.isPresent() && (group.get().isBlank() || group.get().length() > 256)) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "A group id is 1 to 256 characters");
        }
        if (partition < 0) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "The partition must not be negative");
        }
        if (limit < 1 || limit > MAXIMUM_LIMIT) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "The limit must be between 1 and " + MAXIMUM_LIMIT + ", not " + limit);
        }
        if (longestWait.isNegative()) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "The wait must not be negative");
        }
    }
}
