package dev.tarn.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarn.access.ScopedTables;
import dev.tarn.auth.Principal;
import dev.tarn.auth.Role;
import dev.tarn.config.TarnConfig;
import dev.tarn.engine.Engine;
import dev.tarn.engine.TableName;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import dev.tarn.query.QueryLog;
import dev.tarn.writes.ReadYourWrites;
import dev.tarn.writes.WritePath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * POST /append: rows are checked against the table's projected schema, written to the fsync'd append
 * log, acknowledged with a task id, and applied to their table in the background. On start, the log
 * is replayed into whatever the tables lack, exactly once, and then truncated.
 */
public final class AppendService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AppendService.class);
    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(60);
    private static final int REMEMBERED_FAILURES = 10_000;

    private final Engine engine;
    private final ReadYourWrites readYourWrites;
    private final QueryLog queryLog;
    private final AppendBodyParser parser;
    private final AppendSchemas schemas;
    private final TaskIds taskIds;
    private final AppendLog log;
    private final AppendApplier applier;
    private final Map<Long, String> failures = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
            return size() > REMEMBERED_FAILURES;
        }
    });
    private volatile long lastIssued;
    private ScopedTables perUserTables = table -> java.util.Optional.empty();

    private AppendService(Engine engine, WritePath writes, ReadYourWrites readYourWrites, QueryLog queryLog,
                          TarnConfig.IngestSettings settings, TaskIds taskIds, Path directory, List<AppendRecord> recovered) {
        this.engine = engine;
        this.readYourWrites = readYourWrites;
        this.queryLog = queryLog;
        this.parser = new AppendBodyParser(settings);
        this.schemas = new AppendSchemas(engine);
        this.taskIds = taskIds;
        this.log = AppendLog.open(directory, settings.appendLogSegmentBytes(), recovered);
        this.applier = new AppendApplier(writes, parser, new Outcomes());
    }

    /** Opens the append log in the data directory, replays what the tables lack, and starts accepting appends. */
    public static AppendService open(Engine engine, WritePath writes, ReadYourWrites readYourWrites, QueryLog queryLog,
                                     TarnConfig.IngestSettings settings, TaskIds taskIds, ScopedTables perUserTables) {
        Path directory = directory(engine);
        List<AppendRecord> recovered = new ArrayList<>();
        AppendService service = new AppendService(engine, writes, readYourWrites, queryLog, settings, taskIds, directory, recovered);
        service.perUserTables = perUserTables;
        service.replay(writes, recovered);
        return service;
    }

    /** Where the append log and the task id tag live. */
    public static Path directory(Engine engine) {
        return engine.dataDirectory().resolve("appends");
    }

    private void replay(WritePath writes, List<AppendRecord> recovered) {
        Map<String, Long> markers = new LinkedHashMap<>();
        long highest = 0;
        for (String catalog : engine.catalogs()) {
            long applied = AppendApplier.appliedSequence(writes, catalog);
            markers.put(catalog.toLowerCase(java.util.Locale.ROOT), applied);
            highest = Math.max(highest, applied);
        }
        List<AppendRecord> missing = new ArrayList<>();
        for (AppendRecord record : recovered) {
            highest = Math.max(highest, record.sequence());
            if (record.sequence() > markers.getOrDefault(record.table().catalog().toLowerCase(java.util.Locale.ROOT), 0L)) {
                missing.add(record);
            }
        }
        if (!missing.isEmpty()) {
            LOG.info("event=append_replay records={} from_sequence={}", missing.size(), missing.get(0).sequence());
            applier.applyNow(missing);
        }
        lastIssued = highest;
        readYourWrites.applied(highest);
        log.start(highest + 1, applier::submit);
        log.releaseAll();
        applier.start();
        LOG.info("event=append_log_ready recovered={} replayed={} next_sequence={}", recovered.size(), missing.size(), highest + 1);
    }

    /** Accepts an append; returns once it is durable (and, with {@code sync}, applied). */
    public AppendOutcome append(Principal principal, TableName table, byte[] body, boolean sync) {
        // no read-your-writes wait here: appends are ordered by the log, and waiting for the
        // previous append to be applied would serialise a client's appends behind the applier
        PerUserTableWrites.refuse(perUserTables, table);
        List<ObjectNode> rows = parser.parse(body);
        if (rows.isEmpty()) {
            return new AppendOutcome(Optional.empty(), Optional.empty());
        }
        if (!engine.hasCatalog(table.catalog())) {
            throw new TarnException(ErrorCode.CATALOG_MISSING, "Catalog \"" + table.catalog() + "\" does not exist");
        }
        BatchSchema schema = schemas.admit(table, rows);
        AppendRecord record;
        try {
            record = log.append(table, principal.userName(), body, rows, schema);
        } catch (RuntimeException e) {
            schemas.settled(table);
            throw e;
        }
        lastIssued = Math.max(lastIssued, record.sequence());
        readYourWrites.acknowledged(principal.userName(), record.sequence());
        UUID taskId = taskIds.issue(record.sequence());
        if (!sync) {
            return new AppendOutcome(Optional.of(taskId), Optional.empty());
        }
        readYourWrites.awaitSequence(record.sequence(), SYNC_TIMEOUT);
        return new AppendOutcome(Optional.of(taskId), Optional.ofNullable(failures.get(record.sequence())));
    }

    /** The status of a task this server issued; 404 for any other id. */
    public TaskStatus task(UUID taskId) {
        OptionalLong sequence = taskIds.sequence(taskId);
        if (sequence.isEmpty() || sequence.getAsLong() > lastIssued) {
            throw new TarnException(ErrorCode.TASK_NOT_FOUND, "No task with id " + taskId);
        }
        return readYourWrites.appliedSequence() >= sequence.getAsLong() ? TaskStatus.COMPLETED : TaskStatus.PENDING;
    }

    /** Stops taking appends, writes what is queued, applies what was written. */
    @Override
    public void close() {
        log.close();
        applier.close();
    }

    /** What the applier reports: settles the projected schemas, remembers failures, moves read-your-writes on. */
    private final class Outcomes implements AppendApplier.Outcomes {
        @Override
        public void applied(AppendRecord record) {
            schemas.settled(record.table());
        }

        @Override
        public void failed(AppendRecord record, String error) {
            schemas.settled(record.table());
            failures.put(record.sequence(), error);
            UUID taskId = taskIds.issue(record.sequence());
            // the Altertable task status has no failed state, so the failure is shown in the query log
            QueryLog.Entry entry = queryLog.start(taskId, "APPEND INTO " + record.table(), "append-" + taskId,
                    dev.tarn.query.ClientInterface.HttpQuery, false, Optional.of("append"), Optional.empty(),
                    new Principal(record.userName(), Role.USER));
            entry.finish(Optional.of(error), 0);
        }

        @Override
        public void reached(long sequence) {
            readYourWrites.applied(sequence);
            log.release(sequence);
        }
    }
}
