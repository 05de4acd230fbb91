package dev.tarn.topics;

import dev.tarn.engine.SystemDatabase;
import dev.tarn.engine.TableName;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Topics, their messages, consumer group positions and claims, kept in a system database file of
 * their own ({@code system/topics.duckdb}).
 *
 * <p>Why there: a message must be durable before the write that produced it is acknowledged, and
 * the listener runs after the engine's transaction committed, so the messages need a commit of
 * their own anyway; a DuckDB file gives that commit (write-ahead log) with the SQL we need for
 * ranges, retention and the system tables. A file apart from {@code tarn.duckdb} keeps logins and
 * token checks from queueing behind message writes on its one connection, and user SQL cannot reach it.
 *
 * <p>Offsets: every method here runs under this store's monitor. The next offset of each partition
 * is kept in memory and in {@code topic_partitions}, both advanced only after the transaction that
 * inserted the messages committed; so offsets are gap-free and ordered per partition, and never
 * reused, not even after retention or CLEAR TOPIC emptied the partition.
 */
final class TopicStore {
    private static final int ROWS_PER_INSERT = 100;

    private final SystemDatabase database;
    private final Map<String, Long> nextOffsets = new HashMap<>();

    TopicStore(SystemDatabase database) {
        this.database = database;
        database.update("""
                CREATE TABLE IF NOT EXISTS topics (topic_id VARCHAR PRIMARY KEY, partitions INTEGER NOT NULL,
                    retention_seconds BIGINT, retention_max_bytes BIGINT, created_ms BIGINT NOT NULL, updated_ms BIGINT NOT NULL)""");
        database.update("""
                CREATE TABLE IF NOT EXISTS topic_sources (topic_id VARCHAR NOT NULL, table_name VARCHAR NOT NULL,
                    operation VARCHAR NOT NULL, payload VARCHAR NOT NULL, filter VARCHAR, position INTEGER NOT NULL)""");
        database.update("""
                CREATE TABLE IF NOT EXISTS topic_partitions (topic_id VARCHAR NOT NULL, partition_id INTEGER NOT NULL,
                    next_offset BIGINT NOT NULL)""");
        database.update("""
                CREATE TABLE IF NOT EXISTS topic_messages (topic_id VARCHAR NOT NULL, partition_id INTEGER NOT NULL,
                    message_offset BIGINT NOT NULL, message_key VARCHAR, payload VARCHAR NOT NULL, operation VARCHAR NOT NULL,
                    user_id VARCHAR NOT NULL, timestamp_ms BIGINT NOT NULL, bytes BIGINT NOT NULL)""");
        database.update("""
                CREATE TABLE IF NOT EXISTS topic_groups (topic_id VARCHAR NOT NULL, group_id VARCHAR NOT NULL, partition_id INTEGER NOT NULL,
                    last_acked_offset BIGINT NOT NULL, next_offset BIGINT NOT NULL, updated_ms BIGINT NOT NULL)""");
        database.update("""
                CREATE TABLE IF NOT EXISTS topic_claims (topic_id VARCHAR NOT NULL, group_id VARCHAR NOT NULL, partition_id INTEGER NOT NULL,
                    first_offset BIGINT NOT NULL, last_offset BIGINT NOT NULL, expires_ms BIGINT NOT NULL)""");
        for (Map<String, Object> row : database.query("SELECT topic_id, partition_id, next_offset FROM topic_partitions")) {
            nextOffsets.put(partitionKey((String) row.get("topic_id"), ((Number) row.get("partition_id")).intValue()),
                    ((Number) row.get("next_offset")).longValue());
        }
    }

    /** A message about to be appended: everything but its offset. */
    record PendingMessage(TopicId topic, int partition, Optional<String> key, String payload, long timestampMillis, String userId,
                          TopicOperation operation) {
    }

    /** A group's read of a partition: the messages claimed, where it ended, and when the group's earliest other claim expires. */
    record Claimed(ConsumeResult result, OptionalLong nextExpiryMillis) {
    }

    synchronized List<Topic> loadTopics() {
        Map<String, List<TopicSource>> sources = new HashMap<>();
        for (Map<String, Object> row : database.query("SELECT * FROM topic_sources ORDER BY topic_id, position")) {
            TopicId topic = TopicId.parse((String) row.get("topic_id"), "default");
            String[] table = ((String) row.get("table_name")).split("\\.");
            sources.computeIfAbsent(topic.toString(), key -> new ArrayList<>()).add(new TopicSource(topic,
                    new TableName(table[0], table[1], table[2]), TopicOperation.parse((String) row.get("operation")),
                    PayloadMode.parse((String) row.get("payload")), Optional.ofNullable((String) row.get("filter"))));
        }
        List<Topic> topics = new ArrayList<>();
        for (Map<String, Object> row : database.query("SELECT * FROM topics ORDER BY topic_id")) {
            String id = (String) row.get("topic_id");
            topics.add(new Topic(TopicId.parse(id, "default"), ((Number) row.get("partitions")).intValue(),
                    sources.getOrDefault(id, List.of()), optionalLong(row.get("retention_seconds")), optionalLong(row.get("retention_max_bytes")),
                    Instant.ofEpochMilli(((Number) row.get("created_ms")).longValue()), Instant.ofEpochMilli(((Number) row.get("updated_ms")).longValue())));
        }
        return topics;
    }

    synchronized void create(Topic topic) {
        database.transaction(() -> {
            database.update("INSERT INTO topics VALUES (?, ?, NULL, NULL, ?, ?)", topic.id().toString(), topic.partitions(),
                    topic.createdAt().toEpochMilli(), topic.updatedAt().toEpochMilli());
            for (int partition = 0; partition < topic.partitions(); partition++) {
                database.update("INSERT INTO topic_partitions VALUES (?, ?, 0)", topic.id().toString(), partition);
            }
            return null;
        });
        for (int partition = 0; partition < topic.partitions(); partition++) {
            nextOffsets.put(partitionKey(topic.id().toString(), partition), 0L);
        }
    }

    /** Removes the topic with its messages, sources, group positions and claims. */
    synchronized void drop(TopicId topic) {
        String id = topic.toString();
        database.transaction(() -> {
            for (String table : List.of("topics", "topic_sources", "topic_partitions", "topic_messages", "topic_groups", "topic_claims")) {
                database.update("DELETE FROM " + table + " WHERE topic_id = ?", id);
            }
            return null;
        });
        nextOffsets.keySet().removeIf(key -> key.startsWith(id + "#"));
    }

    /** Deletes every message; offsets go on where they were, so acknowledged positions stay meaningful. */
    synchronized void clear(TopicId topic) {
        String id = topic.toString();
        database.transaction(() -> {
            database.update("DELETE FROM topic_messages WHERE topic_id = ?", id);
            database.update("DELETE FROM topic_claims WHERE topic_id = ?", id);
            return null;
        });
    }

    synchronized void saveSources(Topic topic) {
        String id = topic.id().toString();
        database.transaction(() -> {
            database.update("DELETE FROM topic_sources WHERE topic_id = ?", id);
            int position = 0;
            for (TopicSource source : topic.sources()) {
                database.update("INSERT INTO topic_sources VALUES (?, ?, ?, ?, ?, ?)", id, source.table().toString(),
                        source.operation().name(), source.payload().wireName(), source.filter().orElse(null), position++);
            }
            database.update("UPDATE topics SET updated_ms = ? WHERE topic_id = ?", topic.updatedAt().toEpochMilli(), id);
            return null;
        });
    }

    synchronized void saveRetention(Topic topic) {
        database.update("UPDATE topics SET retention_seconds = ?, retention_max_bytes = ?, updated_ms = ? WHERE topic_id = ?",
                topic.retentionSeconds().isPresent() ? topic.retentionSeconds().getAsLong() : null,
                topic.retentionMaximumBytes().isPresent() ? topic.retentionMaximumBytes().getAsLong() : null,
                topic.updatedAt().toEpochMilli(), topic.id().toString());
    }

    /**
     * Appends messages in one transaction and returns them with their offsets. Offsets are given
     * here, in the order of {@code pending}, and take effect only once the transaction committed.
     */
    synchronized List<TopicMessage> append(List<PendingMessage> pending) {
        if (pending.isEmpty()) {
            return List.of();
        }
        Map<String, Long> advanced = new LinkedHashMap<>();
        List<TopicMessage> messages = new ArrayList<>(pending.size());
        for (PendingMessage message : pending) {
            String key = partitionKey(message.topic().toString(), message.partition());
            long offset = advanced.computeIfAbsent(key, k -> nextOffsets.getOrDefault(k, 0L));
            advanced.put(key, offset + 1);
            messages.add(new TopicMessage(message.topic(), message.partition(), offset, message.key(), message.payload(),
                    message.timestampMillis(), message.userId(), message.operation()));
        }
        database.transaction(() -> {
            for (int start = 0; start < messages.size(); start += ROWS_PER_INSERT) {
                List<TopicMessage> chunk = messages.subList(start, Math.min(messages.size(), start + ROWS_PER_INSERT));
                StringBuilder sql = new StringBuilder("INSERT INTO topic_messages VALUES ");
                List<Object> values = new ArrayList<>(chunk.size() * 9);
                for (int i = 0; i < chunk.size(); i++) {
                    TopicMessage message = chunk.get(i);
                    sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?)");
                    values.addAll(java.util.Arrays.asList(message.topic().toString(), message.partition(), message.offset(),
                            message.key().orElse(null), message.payload(), message.operation().name(), message.userId(),
                            message.timestampMillis(), (long) message.payload().length() + message.key().map(String::length).orElse(0)));
                }
                database.update(sql.toString(), values.toArray());
            }
            for (Map.Entry<String, Long> entry : advanced.entrySet()) {
                String[] parts = entry.getKey().split("#");
                database.update("UPDATE topic_partitions SET next_offset = ? WHERE topic_id = ? AND partition_id = ?",
                        entry.getValue(), parts[0], Integer.parseInt(parts[1]));
            }
            return null;
        });
        nextOffsets.putAll(advanced);
        return messages;
    }

    /** The offset the next message of the partition will get. */
    synchronized long nextOffset(TopicId topic, int partition) {
        return nextOffsets.getOrDefault(partitionKey(topic.toString(), partition), 0L);
    }

    /** Up to {@code limit} messages from {@code from} on, in offset order. */
    synchronized List<TopicMessage> read(TopicId topic, int partition, long from, long to, int limit) {
        List<TopicMessage> messages = new ArrayList<>();
        for (Map<String, Object> row : database.query("SELECT * FROM topic_messages WHERE topic_id = ? AND partition_id = ? "
                + "AND message_offset >= ? AND message_offset <= ? ORDER BY message_offset LIMIT ?", topic.toString(), partition, from, to, limit)) {
            messages.add(new TopicMessage(topic, partition, ((Number) row.get("message_offset")).longValue(),
                    Optional.ofNullable((String) row.get("message_key")), (String) row.get("payload"), ((Number) row.get("timestamp_ms")).longValue(),
                    (String) row.get("user_id"), TopicOperation.parse((String) row.get("operation"))));
        }
        return messages;
    }

    /** The oldest offset still kept; the next offset when the partition holds no message. */
    synchronized long earliestOffset(TopicId topic, int partition) {
        Object earliest = database.query("SELECT min(message_offset) AS earliest FROM topic_messages WHERE topic_id = ? AND partition_id = ?",
                topic.toString(), partition).get(0).get("earliest");
        return earliest == null ? nextOffset(topic, partition) : ((Number) earliest).longValue();
    }

    /**
     * A group's read: claims that expired unacknowledged are delivered again first (to whichever
     * member asks next); otherwise the messages after everything the group was given are claimed.
     * The group's position is created on its first read, from {@code start}; after that its own
     * position wins over the requested start.
     */
    synchronized Claimed claim(ConsumeRequest request, String group, Duration visibility, long nowMillis) {
        TopicId topic = request.topic();
        String id = topic.toString();
        int partition = request.partition();
        int limit = request.limit();
        return database.transaction(() -> {
            List<Map<String, Object>> state = database.query("SELECT last_acked_offset, next_offset FROM topic_groups "
                    + "WHERE topic_id = ? AND group_id = ? AND partition_id = ?", id, group, partition);
            long acked;
            long next;
            if (state.isEmpty()) {
                acked = -1;
                next = startOffset(topic, partition, request.start());
                database.update("INSERT INTO topic_groups VALUES (?, ?, ?, -1, ?, ?)", id, group, partition, next, nowMillis);
            } else {
                acked = ((Number) state.get(0).get("last_acked_offset")).longValue();
                next = ((Number) state.get(0).get("next_offset")).longValue();
            }
            List<Map<String, Object>> expired = database.query("SELECT first_offset, last_offset, expires_ms FROM topic_claims "
                    + "WHERE topic_id = ? AND group_id = ? AND partition_id = ? AND expires_ms <= ? ORDER BY first_offset LIMIT 1",
                    id, group, partition, nowMillis);
            if (!expired.isEmpty()) {
                long first = Math.max(((Number) expired.get(0).get("first_offset")).longValue(), acked + 1);
                long last = ((Number) expired.get(0).get("last_offset")).longValue();
                database.update("DELETE FROM topic_claims WHERE topic_id = ? AND group_id = ? AND partition_id = ? AND first_offset = ? "
                        + "AND expires_ms <= ?", id, group, partition, ((Number) expired.get(0).get("first_offset")).longValue(), nowMillis);
                List<TopicMessage> messages = read(topic, partition, first, last, limit);
                if (!messages.isEmpty()) {
                    long claimedLast = messages.get(messages.size() - 1).offset();
                    database.update("INSERT INTO topic_claims VALUES (?, ?, ?, ?, ?, ?)", id, group, partition, first, claimedLast,
                            nowMillis + visibility.toMillis());
                    if (claimedLast < last) {
                        // the rest of the expired claim stays expired, for the next read
                        database.update("INSERT INTO topic_claims VALUES (?, ?, ?, ?, ?, ?)", id, group, partition, claimedLast + 1, last,
                                ((Number) expired.get(0).get("expires_ms")).longValue());
                    }
                    return new Claimed(new ConsumeResult(messages, claimedLast + 1, messages.size() == limit), nextExpiry(id, group, partition));
                }
            }
            long from = Math.max(Math.max(next, acked + 1), earliestOffset(topic, partition));
            List<TopicMessage> messages = read(topic, partition, from, Long.MAX_VALUE, limit);
            if (messages.isEmpty()) {
                return new Claimed(new ConsumeResult(List.of(), from, false), nextExpiry(id, group, partition));
            }
            long last = messages.get(messages.size() - 1).offset();
            database.update("INSERT INTO topic_claims VALUES (?, ?, ?, ?, ?, ?)", id, group, partition, messages.get(0).offset(), last,
                    nowMillis + visibility.toMillis());
            database.update("UPDATE topic_groups SET next_offset = ?, updated_ms = ? WHERE topic_id = ? AND group_id = ? AND partition_id = ?",
                    last + 1, nowMillis, id, group, partition);
            return new Claimed(new ConsumeResult(messages, last + 1, messages.size() == limit), nextExpiry(id, group, partition));
        });
    }

    /** A stateless read: no group, no claim, {@code start} honoured every time. */
    synchronized ConsumeResult peek(ConsumeRequest request) {
        long from = Math.max(startOffset(request.topic(), request.partition(), request.start()), earliestOffset(request.topic(), request.partition()));
        List<TopicMessage> messages = read(request.topic(), request.partition(), from, Long.MAX_VALUE, request.limit());
        long next = messages.isEmpty() ? from : messages.get(messages.size() - 1).offset() + 1;
        return new ConsumeResult(messages, next, messages.size() == request.limit());
    }

    /**
     * Acknowledges everything up to {@code offset} for the group: the position only moves forward,
     * and claims up to there are done. Returns the group's acknowledged offset afterwards.
     */
    synchronized long acknowledge(TopicId topic, String group, int partition, long offset, long nowMillis) {
        long produced = nextOffset(topic, partition);
        if (offset >= produced) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "Offset " + offset + " of topic " + topic + " partition " + partition
                    + " has not been produced yet" + (produced == 0 ? "; the partition is empty" : "; the latest is " + (produced - 1)));
        }
        String id = topic.toString();
        return database.transaction(() -> {
            List<Map<String, Object>> state = database.query("SELECT last_acked_offset, next_offset FROM topic_groups "
                    + "WHERE topic_id = ? AND group_id = ? AND partition_id = ?", id, group, partition);
            long acked;
            if (state.isEmpty()) {
                acked = offset;
                database.update("INSERT INTO topic_groups VALUES (?, ?, ?, ?, ?, ?)", id, group, partition, offset, offset + 1, nowMillis);
            } else {
                acked = Math.max(offset, ((Number) state.get(0).get("last_acked_offset")).longValue());
                long next = Math.max(acked + 1, ((Number) state.get(0).get("next_offset")).longValue());
                database.update("UPDATE topic_groups SET last_acked_offset = ?, next_offset = ?, updated_ms = ? "
                        + "WHERE topic_id = ? AND group_id = ? AND partition_id = ?", acked, next, nowMillis, id, group, partition);
            }
            database.update("DELETE FROM topic_claims WHERE topic_id = ? AND group_id = ? AND partition_id = ? AND last_offset <= ?",
                    id, group, partition, acked);
            database.update("UPDATE topic_claims SET first_offset = ? WHERE topic_id = ? AND group_id = ? AND partition_id = ? AND first_offset <= ?",
                    acked + 1, id, group, partition, acked);
            return acked;
        });
    }

    /** Every group position, for system.topic_offsets. */
    synchronized List<Map<String, Object>> groupPositions() {
        return database.query("SELECT topic_id, group_id, partition_id, last_acked_offset, updated_ms FROM topic_groups "
                + "WHERE last_acked_offset >= 0 ORDER BY topic_id, group_id, partition_id");
    }

    /** Deletes a partition's messages older than {@code olderThanMillis}; returns how many. */
    synchronized long expire(TopicId topic, int partition, long olderThanMillis) {
        return database.update("DELETE FROM topic_messages WHERE topic_id = ? AND partition_id = ? AND timestamp_ms < ?",
                topic.toString(), partition, olderThanMillis);
    }

    /** Deletes a partition's oldest messages until the rest take at most {@code maximumBytes}; returns how many. */
    synchronized long trim(TopicId topic, int partition, long maximumBytes) {
        List<Map<String, Object>> cut = database.query("SELECT max(message_offset) AS cut FROM (SELECT message_offset, "
                + "sum(bytes) OVER (ORDER BY message_offset DESC) AS newer_bytes FROM topic_messages WHERE topic_id = ? AND partition_id = ?) "
                + "WHERE newer_bytes > ?", topic.toString(), partition, maximumBytes);
        Object offset = cut.get(0).get("cut");
        if (offset == null) {
            return 0;
        }
        return database.update("DELETE FROM topic_messages WHERE topic_id = ? AND partition_id = ? AND message_offset <= ?",
                topic.toString(), partition, ((Number) offset).longValue());
    }

    private long startOffset(TopicId topic, int partition, StartPosition start) {
        return switch (start) {
            case StartPosition.Earliest earliest -> earliestOffset(topic, partition);
            case StartPosition.Latest latest -> nextOffset(topic, partition);
            case StartPosition.AtOffset at -> at.offset();
        };
    }

    private OptionalLong nextExpiry(String topic, String group, int partition) {
        Object expiry = database.query("SELECT min(expires_ms) AS expiry FROM topic_claims WHERE topic_id = ? AND group_id = ? AND partition_id = ?",
                topic, group, partition).get(0).get("expiry");
        return expiry == null ? OptionalLong.empty() : OptionalLong.of(((Number) expiry).longValue());
    }

    private static OptionalLong optionalLong(Object value) {
        return value == null ? OptionalLong.empty() : OptionalLong.of(((Number) value).longValue());
    }

    private static String partitionKey(String topic, int partition) {
        return topic + "#" + partition;
    }
}
