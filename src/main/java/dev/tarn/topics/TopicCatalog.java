package dev.tarn.topics;

import dev.tarn.engine.TableName;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The topics in memory, with their sources indexed by table: the writer asks on every write
 * whether anybody routes its table, so that answer must cost a map lookup. The store is the truth;
 * this is rebuilt from it at start and changed together with it.
 */
final class TopicCatalog {
    private final Map<TopicId, Topic> topics = new ConcurrentHashMap<>();
    private volatile Map<String, List<TopicSource>> sourcesByTable = Map.of();

    TopicCatalog(List<Topic> loaded) {
        loaded.forEach(topic -> topics.put(topic.id(), topic));
        reindex();
    }

    Optional<Topic> find(TopicId id) {
        return Optional.ofNullable(topics.get(id));
    }

    List<Topic> all() {
        return topics.values().stream().sorted(java.util.Comparator.comparing(topic -> topic.id().toString())).toList();
    }

    synchronized void put(Topic topic) {
        topics.put(topic.id(), topic);
        reindex();
    }

    synchronized void remove(TopicId id) {
        topics.remove(id);
        reindex();
    }

    boolean routes(TableName table) {
        return sourcesByTable.containsKey(table.key());
    }

    List<TopicSource> sources(TableName table) {
        return sourcesByTable.getOrDefault(table.key(), List.of());
    }

    private void reindex() {
        Map<String, List<TopicSource>> index = new ConcurrentHashMap<>();
        for (Topic topic : topics.values()) {
            for (TopicSource source : topic.sources()) {
                index.computeIfAbsent(source.table().key(), key -> new ArrayList<>()).add(source);
            }
        }
        index.replaceAll((key, sources) -> List.copyOf(sources));
        sourcesByTable = Map.copyOf(index);
    }
}
