package dev.tarn.topics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The newest messages of each partition, in memory, so that consumers keeping up with producers
 * (the usual case) read without a query: a read of the store scans the partition and holds the
 * store's one connection, which the next write needs. Offsets are gap-free, so from the first
 * message held on, every message of the partition is here. Not thread-safe: the store's monitor guards it.
 */
final class RecentMessages {
    private final int capacityPerPartition;
    private final Map<String, NavigableMap<Long, TopicMessage>> partitions = new HashMap<>();

    RecentMessages(int capacityPerPartition) {
        this.capacityPerPartition = capacityPerPartition;
    }

    void appended(List<TopicMessage> messages) {
        for (TopicMessage message : messages) {
            NavigableMap<Long, TopicMessage> partition = partitions.computeIfAbsent(key(message.topic(), message.partition()), k -> new TreeMap<>());
            partition.put(message.offset(), message);
            if (partition.size() > capacityPerPartition) {
                partition.pollFirstEntry();
            }
        }
    }

    /** The messages from {@code from} to {@code to}, when everything from {@code from} on is held here; empty when the store must answer. */
    Optional<List<TopicMessage>> read(TopicId topic, int partition, long from, long to, int limit, long nextOffset) {
        NavigableMap<Long, TopicMessage> held = partitions.get(key(topic, partition));
        if (from >= nextOffset) {
            return Optional.of(List.of());
        }
        if (held == null || held.isEmpty() || from < held.firstKey()) {
            return Optional.empty();
        }
        List<TopicMessage> messages = new ArrayList<>(Math.min(limit, held.size()));
        for (TopicMessage message : held.subMap(from, true, to, true).values()) {
            if (messages.size() == limit) {
                break;
            }
            messages.add(message);
        }
        return Optional.of(messages);
    }

    /** Messages of the topic were deleted (retention, CLEAR TOPIC, DROP TOPIC): forget what is held. */
    void forget(String topic) {
        partitions.keySet().removeIf(key -> key.startsWith(topic + "#"));
    }

    private static String key(TopicId topic, int partition) {
        return topic + "#" + partition;
    }
}
