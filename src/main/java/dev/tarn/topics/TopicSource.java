package dev.tarn.topics;

import dev.tarn.engine.TableName;

import java.util.Objects;
import java.util.Optional;

/** A route into a topic: changes of one operation on one table, optionally filtered, become messages. */
public record TopicSource(TopicId topic, TableName table, TopicOperation operation, PayloadMode payload, Optional<String> filter) {
    public TopicSource {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(filter, "filter");
    }
}
