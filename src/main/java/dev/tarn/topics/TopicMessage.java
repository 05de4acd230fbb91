package dev.tarn.topics;

import java.util.Objects;
import java.util.Optional;

/** One message of a partition's log; the payload is the JSON text of the row. */
public record TopicMessage(TopicId topic, int partition, long offset, Optional<String> key, String payload, long timestampMillis,
                           String userId, TopicOperation operation) {
    public TopicMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(operation, "operation");
    }
}
