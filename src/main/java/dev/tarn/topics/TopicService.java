package dev.tarn.topics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tarn.access.ScopedTables;
import dev.tarn.auth.Principal;
import dev.tarn.config.TarnConfig;
import dev.tarn.engine.Engine;
import dev.tarn.engine.Session;
import dev.tarn.engine.SystemDatabase;
import dev.tarn.engine.TableName;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import dev.tarn.writes.WritePath;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Topics: durable partitioned logs fed by table changes and read by consumer groups (contract 1.5
 * and 4). Managing topics is for dba and system; consuming and acknowledging for whoever the
 * surface lets in (the SQL endpoint: every authenticated role; HTTP: service and above).
 */
public final class TopicService implements AutoCloseable {
    public static final int DEFAULT_PARTITIONS = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TopicStore store;
    private final TopicCatalog catalog;
    private final PartitionSignals signals = new PartitionSignals();
    private final RetentionCleaner retention;
    private final TarnConfig.TopicSettings settings;
    private final Clock clock;

    public TopicService(Engine engine, SystemDatabase database, WritePath writes, ScopedTables perUserTables,
                        TarnConfig.TopicSettings settings, Clock clock) {
        this.store = new TopicStore(database);
        this.catalog = new TopicCatalog(store.loadTopics());
        this.settings = settings;
        this.clock = clock;
        this.retention = new RetentionCleaner(catalog, store, clock, Duration.ofSeconds(1));
        writes.subscribe(new TopicPublisher(engine, catalog, store, signals, perUserTables));
    }

    /** CREATE TOPIC; returns the message for the answer. */
    public String create(Principal principal, TopicId id, OptionalInt partitions, boolean ifNotExists) {
        requireAdministrator(principal, "create topics");
        int count = partitions.orElse(DEFAULT_PARTITIONS);
        if (count < 1 || count > Topic.MAXIMUM_PARTITIONS) {
            throw new TarnException(ErrorCode.INVALID_STATEMENT, "A topic has 1 to " + Topic.MAXIMUM_PARTITIONS + " partitions, not " + count);
        }
        synchronized (catalog) {
            if (catalog.find(id).isPresent()) {
                if (ifNotExists) {
                    return "Topic '" + id + "' already exists";
                }
                throw new TarnException(ErrorCode.TOPIC_EXISTS, "Topic '" + id + "' already exists");
            }
            Instant now = clock.instant();
            Topic topic = new Topic(id, count, List.of(), OptionalLong.empty(), OptionalLong.empty(), now, now);
            store.create(topic);
            catalog.put(topic);
        }
        return "Created topic '" + id + "' with " + count + " partition(s)";
    }

    public String drop(Principal principal, TopicId id, boolean ifExists) {
        requireAdministrator(principal, "drop topics");
        synchronized (catalog) {
            if (catalog.find(id).isEmpty()) {
                if (ifExists) {
                    return "Topic '" + id + "' does not exist";
                }
                throw notFound(id);
            }
            catalog.remove(id);
            store.drop(id);
        }
        return "Dropped topic '" + id + "'";
    }

    public String clear(Principal principal, TopicId id) {
        requireAdministrator(principal, "clear topics");
        topic(id);
        store.clear(id);
        return "Cleared topic '" + id + "'";
    }

    /**
     * ALTER TOPIC … ADD SOURCE: the table must exist, and the filter must be one condition DuckDB
     * can bind against it; both are checked now, on the caller's session, so a mistake is the
     * caller's 400 rather than messages silently missing later.
     */
    public String addSource(Principal principal, Session session, TopicId id, TableName table, TopicOperation operation,
                            Optional<String> filter, PayloadMode payload) {
        requireAdministrator(principal, "alter topics");
        TableShape shape = TableShape.read(session, table);
        Optional<String> condition = filter.map(String::trim).filter(text -> !text.isEmpty());
        condition.ifPresent(text -> SourceFilter.validate(session, shape, text));
        synchronized (catalog) {
            Topic topic = topic(id);
            TableName resolved = shape.table();
            List<TopicSource> sources = new ArrayList<>(topic.sources());
            if (sources.stream().anyMatch(source -> source.table().key().equals(resolved.key()) && source.operation() == operation)) {
                throw new TarnException(ErrorCode.TOPIC_EXISTS, "Topic '" + id + "' already has a source on " + operation
                        + " of " + TableShape.displayName(resolved) + "; drop and recreate the topic to change it");
            }
            sources.add(new TopicSource(id, resolved, operation, payload, condition));
            Topic changed = topic.withSources(sources, clock.instant());
            store.saveSources(changed);
            catalog.put(changed);
        }
        return "Topic '" + id + "' now receives " + operation + " of " + TableShape.displayName(table);
    }

    /** SET RETENTION (either limit, or both) and CLEAR RETENTION (both empty). */
    public String retention(Principal principal, TopicId id, TopicOptions.Retention limits) {
        requireAdministrator(principal, "alter topics");
        OptionalLong seconds = limits.seconds();
        OptionalLong maximumBytes = limits.maximumBytes();
        if (seconds.isPresent() && seconds.getAsLong() < 1 || maximumBytes.isPresent() && maximumBytes.getAsLong() < 1) {
            throw new TarnException(ErrorCode.INVALID_STATEMENT, "retention_seconds and retention_max_bytes must be positive");
        }
        synchronized (catalog) {
            Topic changed = topic(id).withRetention(seconds, maximumBytes, clock.instant());
            store.saveRetention(changed);
            catalog.put(changed);
        }
        return seconds.isEmpty() && maximumBytes.isEmpty() ? "Retention of topic '" + id + "' cleared" : "Retention of topic '" + id + "' set";
    }

    /**
     * Reads messages of one partition. With a group they are claimed for it (other members do not
     * get them until the claim expires unacknowledged); with a wait and nothing to return, the call
     * holds until a message arrives, a claim expires, or the wait (capped) is over.
     */
    public ConsumeResult consume(ConsumeRequest request) {
        Topic topic = topic(request.topic());
        requirePartition(topic, request.partition());
        Duration wait = request.longestWait().compareTo(settings.maximumWait()) > 0 ? settings.maximumWait() : request.longestWait();
        long deadline = System.nanoTime() + wait.toNanos();
        if (request.group().isEmpty() && request.start() instanceof StartPosition.Latest) {
            // a stateless long poll waits for what comes after the call began, not after each wake-up
            request = new ConsumeRequest(request.topic(), request.group(), request.partition(),
                    new StartPosition.AtOffset(store.nextOffset(topic.id(), request.partition())), request.limit(), request.longestWait());
        }
        while (true) {
            long version = signals.version(topic.id(), request.partition());
            long now = clock.millis();
            ConsumeResult result;
            OptionalLong nextExpiry = OptionalLong.empty();
            if (request.group().isPresent()) {
                TopicStore.Claimed claimed = store.claim(request, request.group().get(), settings.visibilityTimeout(), now);
                result = claimed.result();
                nextExpiry = claimed.nextExpiryMillis();
            } else {
                result = store.peek(request);
            }
            if (!result.messages().isEmpty() || System.nanoTime() >= deadline || signals.closed()) {
                return result;
            }
            long until = deadline;
            if (nextExpiry.isPresent()) {
                // an expiring claim is something to deliver too: wake up for it
                until = Math.min(until, System.nanoTime() + Math.max(0, nextExpiry.getAsLong() - now + 1) * 1_000_000);
            }
            signals.awaitAppend(topic.id(), request.partition(), version, until);
            if (catalog.find(topic.id()).isEmpty()) {
                throw notFound(topic.id());
            }
        }
    }

    /** Acknowledges a group's messages up to an offset; returns the group's acknowledged offset, which never moves back. */
    public long acknowledge(TopicId id, String group, int partition, long offset) {
        Topic topic = topic(id);
        requirePartition(topic, partition);
        if (group.isBlank() || group.length() > 256) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "A group id is 1 to 256 characters");
        }
        if (offset < 0) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "The offset must not be negative");
        }
        return store.acknowledge(id, group, partition, offset, clock.millis());
    }

    public Optional<Topic> find(TopicId id) {
        return catalog.find(id);
    }

    /** Writes system.topics and system.topic_offsets into the reading session's catalog (schema system exists). */
    public void writeSystemTables(Session session) {
        session.execute("CREATE OR REPLACE TABLE memory.system.topics (topic_id VARCHAR, name VARCHAR, alias VARCHAR, partitions INTEGER, "
                + "routes VARCHAR, retention_seconds BIGINT, retention_max_bytes BIGINT, created_at TIMESTAMP, updated_at TIMESTAMP)");
        for (Topic topic : catalog.all()) {
            session.run("INSERT INTO memory.system.topics VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?)", java.util.Arrays.asList(topic.id().toString(),
                    topic.id().name(), topic.partitions(), routes(topic),
                    topic.retentionSeconds().isPresent() ? topic.retentionSeconds().getAsLong() : null,
                    topic.retentionMaximumBytes().isPresent() ? topic.retentionMaximumBytes().getAsLong() : null,
                    LocalDateTime.ofInstant(topic.createdAt(), ZoneOffset.UTC), LocalDateTime.ofInstant(topic.updatedAt(), ZoneOffset.UTC)), 1);
        }
        session.execute("CREATE OR REPLACE TABLE memory.system.topic_offsets (topic_id VARCHAR, group_id VARCHAR, partition_id INTEGER, "
                + "last_acked_offset BIGINT, updated_at TIMESTAMP)");
        for (Map<String, Object> row : store.groupPositions()) {
            session.run("INSERT INTO memory.system.topic_offsets VALUES (?, ?, ?, ?, ?)", List.of(row.get("topic_id"), row.get("group_id"),
                    row.get("partition_id"), row.get("last_acked_offset"),
                    LocalDateTime.ofInstant(Instant.ofEpochMilli(((Number) row.get("updated_ms")).longValue()), ZoneOffset.UTC)), 1);
        }
    }

    /** Wakes every waiting consumer (they answer with what they have) and stops the retention work. */
    @Override
    public void close() {
        signals.close();
        retention.close();
    }

    private static String routes(Topic topic) {
        ArrayNode routes = JSON.createArrayNode();
        for (TopicSource source : topic.sources()) {
            var route = routes.addObject().put("table", TableShape.displayName(source.table())).put("op", source.operation().wireName())
                    .put("payload", source.payload().wireName());
            source.filter().ifPresentOrElse(filter -> route.put("filter", filter), () -> route.putNull("filter"));
        }
        return routes.toString();
    }

    private Topic topic(TopicId id) {
        return catalog.find(id).orElseThrow(() -> notFound(id));
    }

    private static TarnException notFound(TopicId id) {
        return new TarnException(ErrorCode.TOPIC_NOT_FOUND, "Topic '" + id + "' does not exist");
    }

    private static void requirePartition(Topic topic, int partition) {
        if (partition < 0 || partition >= topic.partitions()) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "Topic '" + topic.id() + "' has partitions 0 to " + (topic.partitions() - 1)
                    + "; there is no partition " + partition);
        }
    }

    private static void requireAdministrator(Principal principal, String what) {
        if (!principal.isAdministrator()) {
            throw new TarnException(ErrorCode.PERMISSION_DENIED, "Permission Error: only dba and system may " + what);
        }
    }
}
