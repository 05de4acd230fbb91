package dev.tarn.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarn.engine.Column;
import dev.tarn.engine.SqlQuoting;
import dev.tarn.engine.TableAppender;
import dev.tarn.engine.TableName;
import dev.tarn.engine.TableSchema;
import dev.tarn.writes.Change;
import dev.tarn.writes.RowImages;
import dev.tarn.writes.Transaction;
import dev.tarn.writes.WritePath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Moves acknowledged appends from the log into their tables, in log order, with DuckDB's appender.
 * It takes whatever is waiting, groups it by catalog, and applies each group in one transaction
 * that also records, in the catalog itself, the last applied sequence number: rows and marker
 * commit together, which is what makes replay after a crash exactly-once.
 */
final class AppendApplier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AppendApplier.class);
    private static final String MARKER_SCHEMA = "_tarn";
    private static final String MARKER_TABLE = "appends_applied";
    private static final int MAXIMUM_BATCH_RECORDS = 2048;
    private static final int ATTEMPTS = 3;
    /** Above this many rows an append's images are not kept; its change says so and subscribers resynchronise. */
    private static final int CAPTURED_ROWS = 100_000;

    private final WritePath writes;
    private final AppendBodyParser parser;
    private final Outcomes outcomes;
    private final BlockingQueue<AppendRecord> queue = new ArrayBlockingQueue<>(16_384);
    /** Schemas as last seen by the applier, the only writer that changes them for appends; dropped on any failure. */
    private final Map<String, TableSchema> schemas = new HashMap<>();
    private final java.util.Set<String> catalogsWithMarker = new java.util.HashSet<>();
    private final Thread thread;
    private volatile boolean closing;

    /** Where the applier reports what became of each record, and how far it has got. */
    interface Outcomes {
        void applied(AppendRecord record);

        void failed(AppendRecord record, String error);

        void reached(long sequence);
    }

    AppendApplier(WritePath writes, AppendBodyParser parser, Outcomes outcomes) {
        this.writes = writes;
        this.parser = parser;
        this.outcomes = outcomes;
        this.thread = Thread.ofPlatform().name("tarn-append-applier").daemon(true).unstarted(this::loop);
    }

    void start() {
        thread.start();
    }

    /** Hands over a durable record; blocks when the applier is far behind, which slows the writers down. */
    void submit(AppendRecord record) {
        try {
            queue.put(record);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last sequence applied in each catalog, for replay. */
    static long appliedSequence(WritePath writes, String catalog) {
        return writes.write("system", transaction -> {
            ensureMarker(transaction, catalog);
            var rows = transaction.session().rows("SELECT max(sequence) AS sequence FROM " + marker(catalog));
            Object value = rows.isEmpty() ? null : rows.get(0).get("sequence");
            return value == null ? 0L : ((Number) value).longValue();
        });
    }

    /** Applies records now, on the caller's thread; used for replay at start. */
    void applyNow(List<AppendRecord> records) {
        apply(records);
    }

    private void loop() {
        List<AppendRecord> batch = new ArrayList<>();
        while (!closing || !queue.isEmpty()) {
            try {
                AppendRecord first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAXIMUM_BATCH_RECORDS - 1);
                apply(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("event=append_apply_crashed message=\"{}\"", e.getMessage(), e);
            }
            batch.clear();
        }
    }

    private void apply(List<AppendRecord> records) {
        Map<String, List<AppendRecord>> byCatalog = new LinkedHashMap<>();
        for (AppendRecord record : records) {
            byCatalog.computeIfAbsent(record.table().catalog().toLowerCase(Locale.ROOT), c -> new ArrayList<>()).add(record);
        }
        for (List<AppendRecord> group : byCatalog.values()) {
            if (applyWithRetries(group).isPresent()) {
                // one bad record must not sink the others: apply them one by one to find it
                group.forEach(record -> applyWithRetries(List.of(record)).ifPresent(error -> failOne(record, error)));
            }
        }
        outcomes.reached(records.get(records.size() - 1).sequence());
    }

    /** Applies a group, retrying a single record a few times (a conflict with another writer passes); the error if it failed. */
    private Optional<String> applyWithRetries(List<AppendRecord> group) {
        String error = "";
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                applyGroup(group);
                group.forEach(outcomes::applied);
                return Optional.empty();
            } catch (RuntimeException e) {
                // the table may have been changed with SQL meanwhile: read schemas afresh on the retry
                schemas.clear();
                catalogsWithMarker.clear();
                error = String.valueOf(e.getMessage());
                LOG.warn("event=append_apply_failed attempt={} records={} message=\"{}\"", attempt, group.size(), error);
                if (group.size() > 1) {
                    return Optional.of(error);
                }
                sleepQuietly(50L * attempt);
            }
        }
        return Optional.of(error);
    }

    private void applyGroup(List<AppendRecord> group) {
        String catalog = group.get(0).table().catalog();
        long lastSequence = group.get(group.size() - 1).sequence();
        writes.write(group.get(0).userName(), transaction -> {
            if (catalogsWithMarker.add(catalog.toLowerCase(Locale.ROOT))) {
                ensureMarker(transaction, catalog);
            }
            Map<String, List<AppendRecord>> byTable = new LinkedHashMap<>();
            for (AppendRecord record : group) {
                byTable.computeIfAbsent(record.table().key(), t -> new ArrayList<>()).add(record);
            }
            for (List<AppendRecord> tableRecords : byTable.values()) {
                appendToTable(transaction, tableRecords);
            }
            setMarker(transaction, catalog, lastSequence);
            return null;
        });
    }

    /** A record that cannot be applied even alone: counted as failed, and the marker moves past it. */
    private void failOne(AppendRecord record, String error) {
        try {
            writes.write("system", transaction -> {
                ensureMarker(transaction, record.table().catalog());
                setMarker(transaction, record.table().catalog(), record.sequence());
                return null;
            });
        } catch (RuntimeException e) {
            LOG.error("event=append_marker_failed sequence={} message=\"{}\"", record.sequence(), e.getMessage());
        }
        LOG.warn("event=append_task_failed sequence={} table={} message=\"{}\"", record.sequence(), record.table(), error);
        outcomes.failed(record, error);
    }

    private void appendToTable(Transaction transaction, List<AppendRecord> records) {
        TableName table = records.get(0).table();
        List<ObjectNode> rows = new ArrayList<>();
        BatchSchema batch = new BatchSchema();
        for (AppendRecord record : records) {
            List<ObjectNode> recordRows = record.parsedRows().isEmpty() ? parser.parse(record.body()) : record.parsedRows();
            rows.addAll(recordRows);
            batch = batch.merge(record.parsedSchema().orElseGet(() -> BatchSchema.of(recordRows)));
        }
        TableSchema schema = evolve(transaction, table, batch);
        schemas.put(table.key(), schema);
        List<Column> columns = schema.columns();
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            positions.put(columns.get(i).name().toLowerCase(Locale.ROOT), i);
            // field names usually match a column exactly; saves lower-casing every field of every row
            positions.putIfAbsent(columns.get(i).name(), i);
        }
        List<Column> absent = absentColumns(columns, positions, batch);
        if (!absent.isEmpty() && !schema.comment().map(AppendSchemas.MANAGED_COMMENT::equals).orElse(false)) {
            insertWithDefaults(transaction, table, columns, absent, positions, rows);
            return;
        }
        // live queries or topics watching the table get the rows as they were appended
        List<Object[]> images = transaction.wantsRows(table) ? new ArrayList<>(rows.size()) : null;
        try (TableAppender appender = transaction.session().appender(table)) {
            for (ObjectNode row : rows) {
                Object[] values = values(row, columns, positions);
                appender.row(values);
                if (images != null) {
                    images.add(values);
                }
            }
        }
        transaction.record(images == null
                ? Change.counted(table, Change.Operation.INSERT, rows.size(), transaction.userName())
                : RowImages.change(table, Change.Operation.INSERT, RowImages.of(images, columns.stream().map(Column::name).toList()),
                        List.of(), transaction.userName()));
    }

    /** A row's values in table column order; fields the table has no column for are left out. */
    private static Object[] values(ObjectNode row, List<Column> columns, Map<String, Integer> positions) {
        Object[] values = new Object[columns.size()];
        var fields = row.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            Integer position = positions.get(field.getKey());
            if (position == null) {
                position = positions.get(field.getKey().toLowerCase(Locale.ROOT));
            }
            if (position != null) {
                values[position] = ColumnConversion.convert(columns.get(position).type(), field.getValue());
            }
        }
        return values;
    }

    /** The table's columns that no row of the batch names. */
    private static List<Column> absentColumns(List<Column> columns, Map<String, Integer> positions, BatchSchema batch) {
        java.util.Set<Integer> named = new java.util.HashSet<>();
        for (BatchSchema.Field field : batch.fields()) {
            Integer position = positions.get(field.name());
            named.add(position != null ? position : positions.get(field.name().toLowerCase(Locale.ROOT)));
        }
        List<Column> absent = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (!named.contains(i)) {
                absent.add(columns.get(i));
            }
        }
        return absent;
    }

    /**
     * Rows for a table the batch does not fill: the appender writes NULL into a column no row
     * names, where an INSERT uses the column's default (a dialect table's _seq and _deleted are
     * NOT NULL with defaults). So the rows are appended to a staging table of the named columns
     * and inserted from there by name.
     */
    private static void insertWithDefaults(Transaction transaction, TableName table, List<Column> columns, List<Column> absent,
                                           Map<String, Integer> positions, List<ObjectNode> rows) {
        var session = transaction.session();
        List<Integer> named = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (!absent.contains(columns.get(i))) {
                named.add(i);
            }
        }
        String staging = "tarn_append_rows";
        session.execute("CREATE OR REPLACE TEMP TABLE " + staging + " AS SELECT "
                + String.join(", ", named.stream().map(i -> SqlQuoting.identifier(columns.get(i).name())).toList())
                + " FROM " + table.sql() + " LIMIT 0");
        try (TableAppender appender = session.appender(new TableName("temp", "main", staging))) {
            for (ObjectNode row : rows) {
                Object[] all = values(row, columns, positions);
                Object[] values = new Object[named.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = all[named.get(i)];
                }
                appender.row(values);
            }
        }
        String insert = "INSERT INTO " + table.sql() + " BY NAME SELECT * FROM temp.main." + staging;
        if (transaction.wantsRows(table)) {
            var inserted = session.runKeepingAtMost(insert + "\nRETURNING *", List.of(), CAPTURED_ROWS);
            transaction.record(inserted.changedRows() > CAPTURED_ROWS
                    ? Change.counted(table, Change.Operation.INSERT, inserted.changedRows(), transaction.userName())
                    : RowImages.change(table, Change.Operation.INSERT, RowImages.of(inserted.rows(), columns.stream().map(Column::name).toList()),
                            List.of(), transaction.userName()));
        } else {
            long inserted = session.update(insert);
            transaction.record(Change.counted(table, Change.Operation.INSERT, inserted, transaction.userName()));
        }
        session.execute("DROP TABLE temp.main." + staging);
    }

    /** Creates the table or adds and widens columns so the batch fits; returns the schema to append to. */
    private TableSchema evolve(Transaction transaction, TableName table, BatchSchema batch) {
        var session = transaction.session();
        Optional<TableSchema> existing = Optional.ofNullable(schemas.get(table.key())).or(() -> session.tableSchema(table));
        if (existing.isEmpty()) {
            List<String> definitions = new ArrayList<>();
            for (BatchSchema.Field field : batch.fields()) {
                field.type().ifPresent(type -> definitions.add(SqlQuoting.identifier(field.name()) + " " + type.sqlName()));
            }
            session.execute("CREATE SCHEMA IF NOT EXISTS " + SqlQuoting.identifier(table.catalog()) + "." + SqlQuoting.identifier(table.schema()));
            session.execute("CREATE TABLE " + table.sql() + " (" + String.join(", ", definitions) + ")");
            session.execute("COMMENT ON TABLE " + table.sql() + " IS " + SqlQuoting.literal(AppendSchemas.MANAGED_COMMENT));
            return session.tableSchema(table).orElseThrow();
        }
        TableSchema schema = existing.get();
        boolean managed = schema.comment().map(AppendSchemas.MANAGED_COMMENT::equals).orElse(false);
        boolean changed = false;
        for (BatchSchema.Field field : batch.fields()) {
            if (field.type().isEmpty()) {
                continue;
            }
            Optional<Column> column = schema.column(field.name());
            if (column.isEmpty()) {
                session.execute("ALTER TABLE " + table.sql() + " ADD COLUMN " + SqlQuoting.identifier(field.name()) + " " + field.type().get().sqlName());
                changed = true;
                continue;
            }
            Optional<ValueType> current = ColumnConversion.asValueType(column.get().type());
            if (managed && current.isPresent()) {
                ValueType widened = current.get().unify(field.type().get());
                if (widened != current.get()) {
                    session.execute("ALTER TABLE " + table.sql() + " ALTER COLUMN " + SqlQuoting.identifier(column.get().name())
                            + " TYPE " + widened.sqlName());
                    changed = true;
                }
            }
        }
        return changed ? session.tableSchema(table).orElseThrow() : schema;
    }

    private static void ensureMarker(Transaction transaction, String catalog) {
        transaction.session().execute("CREATE SCHEMA IF NOT EXISTS " + SqlQuoting.identifier(catalog) + "." + MARKER_SCHEMA);
        transaction.session().execute("CREATE TABLE IF NOT EXISTS " + marker(catalog) + " (sequence BIGINT NOT NULL)");
    }

    private static void setMarker(Transaction transaction, String catalog, long sequence) {
        var session = transaction.session();
        var updated = session.rows("UPDATE " + marker(catalog) + " SET sequence = " + sequence + " RETURNING sequence");
        if (updated.isEmpty()) {
            session.execute("INSERT INTO " + marker(catalog) + " VALUES (" + sequence + ")");
        }
    }

    private static String marker(String catalog) {
        return SqlQuoting.identifier(catalog) + "." + MARKER_SCHEMA + "." + MARKER_TABLE;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Applies what is queued, then stops. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
