package dev.tarn.topics;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/** A topic: its partitions, the sources that feed it and how long its messages are kept. */
public record Topic(TopicId id, int partitions, List<TopicSource> sources, OptionalLong retentionSeconds,
                    OptionalLong retentionMaximumBytes, Instant createdAt, Instant updatedAt) {
    public static final int MAXIMUM_PARTITIONS = 256;

    public Topic {
        Objects.requireNonNull(id, "id");
        sources = List.copyOf(sources);
        Objects.requireNonNull(retentionSeconds, "retentionSeconds");
        Objects.requireNonNull(retentionMaximumBytes, "retentionMaximumBytes");
        if (partitions < 1 || partitions > MAXIMUM_PARTITIONS) {
            throw new IllegalArgumentException("partitions must be between 1 and " + MAXIMUM_PARTITIONS);
        }
    }

    Topic withSources(List<TopicSource> newSources, Instant now) {
        return new Topic(id, partitions, newSources, retentionSeconds, retentionMaximumBytes, createdAt, now);
    }

    Topic withRetention(OptionalLong seconds, OptionalLong maximumBytes, Instant now) {
        return new Topic(id, partitions, sources, seconds, maximumBytes, createdAt, now);
    }
}
