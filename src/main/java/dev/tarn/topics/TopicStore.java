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
 * Topics, their messages and consumer group positions, kept in a system database file of their own
 * ({@code system/topics.duckdb}); the groups' claims, kept in memory.
 *
 * <p>Why there: a message must be durable before the write that produced it is acknowledged, and
 * the listener runs after the engine's transaction committed, so the messages need a commit of
 * their own anyway; a DuckDB file gives that commit (write-ahead log) with the SQL we need for
 * ranges, retention and the system tables. A file apart from {@code tarn.duckdb} keeps logins and
 * token checks from queueing behind message writes on its one connection, and user SQL cannot reach it.
 *
 * <p>Offsets: every method here runs under this store's monitor. The next offset of each partition
 * is kept in memory and advanced only after the transaction that inserted the messages committed,
 * so offsets are gap-free and ordered per partition. At start it is the highest stored offset + 1,
 * or the floor in {@code topic_partitions}, written whenever messages are deleted (retention, CLEAR
 * TOPIC): offsets are never reused. Appending writes nothing else, so a message costs one commit.
 *
 * <p>Consumer groups: what each group has acknowledged (and where it started) is persisted; what
 * it has been given and not yet acknowledged (its claims) lives in memory. A claim lost in a crash
 * is a claim expired early: its messages are delivered again, which at-least-once allows, and
 * reads and claims cost no commit.
 */
final class TopicStore {
    private static final int ROWS_PER_INSERT = 100;
    private static final int RECENT_MESSAGES_PER_PARTITION = 4_096;

    private final SystemDatabase database;
    private final Map<String, Long> nextOffsets = new HashMap<>();
    private final Map<String, GroupState> groups = new HashMap<>();
    private final RecentMessages recent = new RecentMessages(RECENT_MESSAGES_PER_PARTITION);
    /** The oldest offset kept per partition, looked up once (every read needs it) and forgotten when messages are deleted. */
    private final Map<String, Long> earliestOffsets = new HashMap<>();

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
        for (Map<String, Object> row : database.query("SELECT p.topic_id, p.partition_id, greatest(p.next_offset, "
                + "coalesce((SELECT max(m.message_offset) + 1 FROM topic_messages m WHERE m.topic_id = p.topic_id "
                + "AND m.partition_id = p.partition_id), 0)) AS next_offset FROM topic_partitions p")) {
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
            for (String table : List.of("topics", "topic_sources", "topic_partitions", "topic_messages", "topic_groups")) {
                database.update("DELETE FROM " + table + " WHERE topic_id = ?", id);
            }
            return null;
        });
        nextOffsets.keySet().removeIf(key -> key.startsWith(id + "#"));
        earliestOffsets.keySet().removeIf(key -> key.startsWith(id + "#"));
        recent.forget(id);
        groups.keySet().removeIf(key -> key.startsWith(id + "#"));
    }

    /** Deletes every message; offsets go on where they were, so acknowledged positions stay meaningful. */
    synchronized void clear(TopicId topic) {
        String id = topic.toString();
        database.transaction(() -> {
            writeFloors(id);
            database.update("DELETE FROM topic_messages WHERE topic_id = ?", id);
            return null;
        });
        groups.entrySet().stream().filter(entry -> entry.getKey().startsWith(id + "#")).forEach(entry -> entry.getValue().claims.clear());
    }

    /** Records the next offsets of a topic's partitions before messages are deleted, so they are never given again. */
    private void writeFloors(String topic) {
        recent.forget(topic);
        earliestOffsets.keySet().removeIf(key -> key.startsWith(topic + "#"));
        for (Map.Entry<String, Long> entry : nextOffsets.entrySet()) {
            if (entry.getKey().startsWith(topic + "#")) {
                database.update("UPDATE topic_partitions SET next_offset = ? WHERE topic_id = ? AND partition_id = ?", entry.getValue(),
                        topic, Integer.parseInt(entry.getKey().substring(topic.length() + 1)));
            }
        }
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
            return null;
        });
        nextOffsets.putAll(advanced);
        recent.appended(messages);
        return messages;
    }

    /** The offset the next message of the partition will get. */
    synchronized long nextOffset(TopicId topic, int partition) {
        return nextOffsets.getOrDefault(partitionKey(topic.toString(), partition), 0L);
    }

    /** Up to {@code limit} messages from {@code from} on, in offset order. */
    synchronized List<TopicMessage> read(TopicId topic, int partition, long from, long to, int limit) {
        Optional<List<TopicMessage>> held = recent.read(topic, partition, from, to, limit, nextOffset(topic, partition));
        if (held.isPresent()) {
            return held.get();
        }
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
        String key = partitionKey(topic.toString(), partition);
        Long known = earliestOffsets.get(key);
        if (known != null) {
            return known;
        }
        Object earliest = database.query("SELECT min(message_offset) AS earliest FROM topic_messages WHERE topic_id = ? AND partition_id = ?",
                topic.toString(), partition).get(0).get("earliest");
        if (earliest == null) {
            // empty: the next message will be the earliest, and it is not known yet
            return nextOffset(topic, partition);
        }
        earliestOffsets.put(key, ((Number) earliest).longValue());
        return ((Number) earliest).longValue();
    }

    /** A claim: offsets given to a member of a group, until it expires unacknowledged. */
    private record Claim(long first, long last, long expiresMillis) {
    }

    /** A group's state on one partition: acknowledged up to {@code acknowledged}, given everything before {@code next}. */
    private static final class GroupState {
        private long acknowledged;
        private long next;
        private final java.util.TreeMap<Long, Claim> claims = new java.util.TreeMap<>();

        private GroupState(long acknowledged, long next) {
            this.acknowledged = acknowledged;
            this.next = next;
        }

        private OptionalLong nextExpiry() {
            return claims.values().stream().mapToLong(Claim::expiresMillis).min();
        }
    }

    /**
     * A group's read: claims that expired unacknowledged are delivered again first (to whichever
     * member asks next); otherwise the messages after everything the group was given are claimed.
     * The group's position is created (and persisted) on its first read, from {@code start}; after
     * that its own position wins over the requested start.
     */
    synchronized Claimed claim(ConsumeRequest request, String group, Duration visibility, long nowMillis) {
        TopicId topic = request.topic();
        int partition = request.partition();
        int limit = request.limit();
        GroupState state = group(topic, group, partition, Optional.of(request.start()), nowMillis);
        for (Claim expired : List.copyOf(state.claims.values())) {
            if (expired.expiresMillis() > nowMillis) {
                continue;
            }
            state.claims.remove(expired.first());
            long first = Math.max(expired.first(), state.acknowledged + 1);
            List<TopicMessage> messages = first > expired.last() ? List.of() : read(topic, partition, first, expired.last(), limit);
            if (!messages.isEmpty()) {
                long claimedLast = messages.get(messages.size() - 1).offset();
                state.claims.put(first, new Claim(first, claimedLast, nowMillis + visibility.toMillis()));
                if (claimedLast < expired.last()) {
                    // the rest of the expired claim stays expired, for the next read
                    state.claims.put(claimedLast + 1, new Claim(claimedLast + 1, expired.last(), expired.expiresMillis()));
                }
                return new Claimed(new ConsumeResult(messages, claimedLast + 1, messages.size() == limit), state.nextExpiry());
            }
        }
        long from = Math.max(Math.max(state.next, state.acknowledged + 1), earliestOffset(topic, partition));
        List<TopicMessage> messages = read(topic, partition, from, Long.MAX_VALUE, limit);
        if (messages.isEmpty()) {
            return new Claimed(new ConsumeResult(List.of(), from, false), state.nextExpiry());
        }
        long last = messages.get(messages.size() - 1).offset();
        state.claims.put(messages.get(0).offset(), new Claim(messages.get(0).offset(), last, nowMillis + visibility.toMillis()));
        state.next = last + 1;
        return new Claimed(new ConsumeResult(messages, last + 1, messages.size() == limit), state.nextExpiry());
    }

    /**
     * A group's state on a partition: from memory, else from its persisted position, else new from
     * {@code start} (persisted at once, so a group that started at the latest offset does not skip
     * what arrives while the server restarts). Without a start, a new group starts at offset 0.
     */
    private GroupState group(TopicId topic, String group, int partition, Optional<StartPosition> start, long nowMillis) {
        String key = topic + "#" + partition + "#" + group;
        GroupState state = groups.get(key);
        if (state != null) {
            return state;
        }
        List<Map<String, Object>> stored = database.query("SELECT last_acked_offset, next_offset FROM topic_groups "
                + "WHERE topic_id = ? AND group_id = ? AND partition_id = ?", topic.toString(), group, partition);
        if (stored.isEmpty()) {
            long next = start.map(position -> startOffset(topic, partition, position)).orElse(0L);
            database.update("INSERT INTO topic_groups VALUES (?, ?, ?, -1, ?, ?)", topic.toString(), group, partition, next, nowMillis);
            state = new GroupState(-1, next);
        } else {
            long acknowledged = ((Number) stored.get(0).get("last_acked_offset")).longValue();
            state = new GroupState(acknowledged, Math.max(acknowledged + 1, ((Number) stored.get(0).get("next_offset")).longValue()));
        }
        groups.put(key, state);
        return state;
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
        GroupState state = group(topic, group, partition, Optional.empty(), nowMillis);
        if (offset <= state.acknowledged) {
            return state.acknowledged;
        }
        long next = Math.max(state.next, offset + 1);
        database.update("UPDATE topic_groups SET last_acked_offset = ?, next_offset = ?, updated_ms = ? "
                + "WHERE topic_id = ? AND group_id = ? AND partition_id = ?", offset, offset + 1, nowMillis, topic.toString(), group, partition);
        state.acknowledged = offset;
        state.next = next;
        for (Claim claim : List.copyOf(state.claims.values())) {
            if (claim.first() <= offset) {
                state.claims.remove(claim.first());
                if (claim.last() > offset) {
                    state.claims.put(offset + 1, new Claim(offset + 1, claim.last(), claim.expiresMillis()));
                }
            }
        }
        return offset;
    }

    /** Every group position, for system.topic_offsets. */
    synchronized List<Map<String, Object>> groupPositions() {
        return database.query("SELECT topic_id, group_id, partition_id, last_acked_offset, updated_ms FROM topic_groups "
                + "WHERE last_acked_offset >= 0 ORDER BY topic_id, group_id, partition_id");
    }

    /** Deletes a partition's messages older than {@code olderThanMillis}; returns how many. */
    synchronized long expire(TopicId topic, int partition, long olderThanMillis) {
        if (database.query("SELECT 1 AS found FROM topic_messages WHERE topic_id = ? AND partition_id = ? AND timestamp_ms < ? LIMIT 1",
                topic.toString(), partition, olderThanMillis).isEmpty()) {
            return 0;
        }
        return database.transaction(() -> {
            writeFloors(topic.toString());
            return database.update("DELETE FROM topic_messages WHERE topic_id = ? AND partition_id = ? AND timestamp_ms < ?",
                    topic.toString(), partition, olderThanMillis);
        });
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
        return database.transaction(() -> {
            writeFloors(topic.toString());
            return database.update("DELETE FROM topic_messages WHERE topic_id = ? AND partition_id = ? AND message_offset <= ?",
                    topic.toString(), partition, ((Number) offset).longValue());
        });
    }

    private long startOffset(TopicId topic, int partition, StartPosition start) {
        return switch (start) {
            case StartPosition.Earliest earliest -> earliestOffset(topic, partition);
            case StartPosition.Latest latest -> nextOffset(topic, partition);
            case StartPosition.AtOffset at -> at.offset();
        };
    }

    private static OptionalLong optionalLong(Object value) {
        return value == null ? OptionalLong.empty() : OptionalLong.of(((Number) value).longValue());
    }

    private static String partitionKey(String topic, int partition) {
        return topic + "#" + partition;
    }
}
