package dev.tarn.topics;

import dev.tarn.access.ScopedTables;
import dev.tarn.engine.Engine;
import dev.tarn.engine.TableName;
import dev.tarn.writes.Change;
import dev.tarn.writes.ChangeListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns committed changes of source tables into topic messages. It runs in the writer's thread
 * after the commit and before the write is acknowledged, and returns only once the messages are
 * committed to the topic store: that is what makes a message durable once its write was
 * acknowledged. All messages of one change are appended in one transaction, in row order.
 */
final class TopicPublisher implements ChangeListener {
    private static final Logger LOG = LoggerFactory.getLogger(TopicPublisher.class);

    private final Engine engine;
    private final TopicCatalog catalog;
    private final TopicStore store;
    private final PartitionSignals signals;
    private final ScopedTables perUserTables;
    private final Map<String, TableShape> shapes = new ConcurrentHashMap<>();

    TopicPublisher(Engine engine, TopicCatalog catalog, TopicStore store, PartitionSignals signals, ScopedTables perUserTables) {
        this.engine = engine;
        this.catalog = catalog;
        this.store = store;
        this.signals = signals;
        this.perUserTables = perUserTables;
    }

    @Override
    public boolean wantsRows(TableName table) {
        return catalog.routes(table);
    }

    @Override
    public void changed(Change change) {
        if (change.operation() == Change.Operation.CREATE || change.operation() == Change.Operation.REPLACE) {
            // the table was (re)made: its columns may differ from the shape remembered
            shapes.remove(change.table().key());
        }
        Optional<TopicOperation> operation = TopicOperation.of(change.operation());
        List<TopicSource> sources = catalog.sources(change.table());
        if (operation.isEmpty() || sources.stream().noneMatch(source -> source.operation() == operation.get()) || change.rowCount() == 0) {
            return;
        }
        if (!change.imagesComplete()) {
            LOG.error("event=topic_rows_missing table={} operation={} rows={} message=\"the write did not capture its rows; its topic messages are lost\"",
                    change.table(), change.operation(), change.rowCount());
            return;
        }
        List<TopicStore.PendingMessage> pending = new ArrayList<>();
        for (TopicSource source : sources) {
            if (source.operation() == operation.get()) {
                catalog.find(source.topic()).ifPresent(topic -> pending.addAll(messages(topic, source, change)));
            }
        }
        List<TopicMessage> appended = store.append(pending);
        appended.stream().map(message -> Map.entry(message.topic(), message.partition())).distinct()
                .forEach(partition -> signals.appended(partition.getKey(), partition.getValue()));
    }

    private List<TopicStore.PendingMessage> messages(Topic topic, TopicSource source, Change change) {
        List<Map<String, Object>> images = source.operation() == TopicOperation.DELETE ? change.oldRows() : change.rows();
        TableShape shape = shape(change.table());
        if (!images.isEmpty() && !shape.columnNames().equals(List.copyOf(images.get(0).keySet()))) {
            // the table was dropped and made again, or altered, since its shape was read
            shapes.remove(change.table().key());
            shape = shape(change.table());
        }
        Optional<Set<Integer>> kept = Optional.empty();
        if (source.filter().isPresent()) {
            try {
                kept = Optional.of(SourceFilter.matching(engine, shape, images, source.filter().get()));
            } catch (RuntimeException e) {
                // e.g. the table changed under the filter; the next change reads its shape afresh
                shapes.remove(change.table().key());
                LOG.error("event=topic_filter_failed topic={} table={} message=\"{}\"", topic.id(), change.table(), e.getMessage());
                return List.of();
            }
        }
        Optional<String> owner = perUserTables.ownerColumn(lowerCase(change.table()));
        long timestamp = change.committedAt().toEpochMilli();
        List<TopicStore.PendingMessage> messages = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            if (kept.isPresent() && !kept.get().contains(i)) {
                continue;
            }
            Map<String, Object> row = images.get(i);
            Optional<Map<String, Object>> before = source.operation() == TopicOperation.UPDATE && i < change.oldRows().size()
                    ? Optional.of(change.oldRows().get(i)) : Optional.empty();
            Optional<String> key = MessagePayload.key(shape, row, owner);
            String payload = MessagePayload.payload(shape, source.payload(), row, before, owner);
            String user = owner.map(column -> row.get(column)).map(String::valueOf).orElse(change.userName());
            messages.add(new TopicStore.PendingMessage(topic.id(), MessagePayload.partition(key, payload, topic.partitions()), key, payload,
                    timestamp, user, source.operation()));
        }
        return messages;
    }

    private TableShape shape(TableName table) {
        return shapes.computeIfAbsent(table.key(), key -> TableShape.read(engine, table));
    }

    /** The per-user lookup compares lower-case names. */
    private static TableName lowerCase(TableName table) {
        return new TableName(table.catalog().toLowerCase(java.util.Locale.ROOT), table.schema().toLowerCase(java.util.Locale.ROOT),
                table.table().toLowerCase(java.util.Locale.ROOT));
    }
}
