package dev.tarn.realtime;

import dev.tarn.engine.SqlQuoting;
import dev.tarn.engine.TableName;
import dev.tarn.writes.Change;
import dev.tarn.writes.WritePath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes the rows of STREAM tables once they are older than the table's TTL_SECONDS, through the
 * write path so that subscribers see the deletions. A row's age comes from its {@code _seq}, a
 * Snowflake id whose high bits are the milliseconds since Tarn's epoch when the row was written.
 */
public final class StreamExpiry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamExpiry.class);
    /** The epoch of SNOWFLAKE_ID() (see Engine.defineFunctions), in Unix milliseconds. */
    private static final long SNOWFLAKE_EPOCH_MILLIS = 1288834974657L;

    private final TableRegistry tables;
    private static final int CAPTURED_ROWS = 100_000;

    private final WritePath writes;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon(true).name("tarn-stream-expiry").factory());

    public StreamExpiry(TableRegistry tables, WritePath writes, Duration interval) {
        this.tables = tables;
        this.writes = writes;
        timer.scheduleWithFixedDelay(this::expire, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One pass over every STREAM table. */
    void expire() {
        for (RealtimeTable table : tables.all()) {
            if (table.type() != TableType.STREAM || table.ttlSeconds().isEmpty()) {
                continue;
            }
            try {
                long cutoff = Instant.now().toEpochMilli() - table.ttlSeconds().getAsLong() * 1000 - SNOWFLAKE_EPOCH_MILLIS;
                TableName name = new TableName("memory", table.namespace(), table.name());
                String delete = "DELETE FROM memory." + SqlQuoting.identifier(table.namespace()) + "."
                        + SqlQuoting.identifier(table.name()) + " WHERE (_seq >> 22) < " + cutoff;
                writes.write("system", transaction -> {
                    if (transaction.wantsRows(name)) {
                        // live queries on the table need the expired rows, or they would have to be told to resubscribe
                        var expired = transaction.session().runKeepingAtMost(delete + " RETURNING *", java.util.List.of(), CAPTURED_ROWS);
                        if (expired.changedRows() > 0) {
                            transaction.record(expired.changedRows() > CAPTURED_ROWS
                                    ? Change.counted(name, Change.Operation.DELETE, expired.changedRows(), "system")
                                    : dev.tarn.writes.RowImages.change(name, Change.Operation.DELETE, java.util.List.of(),
                                            dev.tarn.writes.RowImages.of(expired.rows(), expired.columns().stream().map(c -> c.name()).toList()), "system"));
                        }
                        return expired.changedRows();
                    }
                    long deleted = transaction.session().update(delete);
                    if (deleted > 0) {
                        transaction.record(Change.counted(name, Change.Operation.DELETE, deleted, "system"));
                    }
                    return deleted;
                });
            } catch (RuntimeException e) {
                // a dropped table or a conflicting writer: the next pass tries again
                LOG.debug("event=stream_expiry_skipped table={}.{} message=\"{}\"", table.namespace(), table.name(), e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
