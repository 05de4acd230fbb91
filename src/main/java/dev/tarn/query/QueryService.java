package dev.tarn.query;

import dev.tarn.access.RowScope;
import dev.tarn.access.StatementGuard;
import dev.tarn.auth.Principal;
import dev.tarn.auth.UserAdministration;
import dev.tarn.engine.Engine;
import dev.tarn.engine.RowCursor;
import dev.tarn.engine.RowEncoding;
import dev.tarn.engine.Session;
import dev.tarn.engine.SqlQuoting;
import dev.tarn.engine.SqlScript;
import dev.tarn.engine.StatementKind;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.ErrorKind;
import dev.tarn.error.TarnException;
import dev.tarn.writes.ReadYourWrites;
import dev.tarn.writes.RowVersions;
import dev.tarn.writes.StatementChanges;
import dev.tarn.writes.WritePath;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs SQL for a principal: the one query path every surface uses. It splits a script into
 * statements, lets the access guard refuse what the principal may not run, handles Tarn's own
 * statements (users, catalogs), and hands everything else to the engine.
 */
public final class QueryService {
    private static final java.time.Duration READ_YOUR_WRITES_TIMEOUT = java.time.Duration.ofSeconds(30);
    private final Engine engine;
    private final QueryLog log;
    private final StatementGuard guard;
    private final UserAdministration users;
    private final Autocomplete autocomplete;
    private final ReadYourWrites readYourWrites;
    private final RowScope rowScope;
    private final WritePath writes;
    private final RowVersions rowVersions;

    public QueryService(Engine engine, QueryLog log, StatementGuard guard, UserAdministration users, Autocomplete autocomplete,
                        ReadYourWrites readYourWrites, RowScope rowScope, WritePath writes, RowVersions rowVersions) {
        this.engine = engine;
        this.log = log;
        this.guard = guard;
        this.users = users;
        this.autocomplete = autocomplete;
        this.readYourWrites = readYourWrites;
        this.rowScope = rowScope;
        this.writes = writes;
        this.rowVersions = rowVersions;
    }

    public QueryLog log() {
        return log;
    }

    /**
     * Registers a query and opens its engine session, without running anything yet, so the caller
     * can send the metadata line at once (clients time out waiting for headers on long queries).
     * Mistakes in the request itself (no statement, a negative limit) throw here; errors of the SQL
     * come out of {@link QueryExecution#open()}, because the Lakehouse API reports them in the stream.
     */
    public QueryExecution start(Principal principal, QueryRequest request) {
        List<SqlScript.Statement> statements = statements(request.statement());
        if (request.limit().isPresent() && request.limit().getAsLong() < 0 || request.offset().orElse(0) < 0) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "limit and offset must not be negative");
        }
        // appends acknowledged to this user before are applied in the background; wait for them
        readYourWrites.await(principal.userName(), READ_YOUR_WRITES_TIMEOUT);
        UUID id = request.queryId().orElseGet(UuidVersion7::next);
        String sessionId = request.sessionId().filter(s -> !s.isBlank()).orElseGet(() -> UUID.randomUUID().toString());
        QueryLog.Entry entry = log.start(id, request.statement(), sessionId, ClientInterface.HttpQuery, request.visible(),
                request.requestedBy(), request.userAgent(), principal);
        Session session;
        try {
            session = engine.openSession();
        } catch (TarnException e) {
            entry.finish(Optional.of(e.getMessage()), 0);
            throw e;
        }
        entry.running(session);
        return new QueryExecution(entry, request, session, () -> run(principal, request, statements, session));
    }

    /** Runs every statement but the last to its end, then opens the last one's rows (or Parquet file). */
    private QueryExecution.Result run(Principal principal, QueryRequest request, List<SqlScript.Statement> statements, Session session) {
        long limit = request.limit().orElse(-1);
        long offset = request.offset().orElse(0);
        session.use(request.catalog(), request.schema());
        request.timeZone().ifPresent(session::timeZone);
        Script script = new Script(request.catalog().orElse(Engine.DEFAULT_CATALOG), request.schema().orElse(Engine.DEFAULT_SCHEMA),
                new StatementChanges(writes, principal.userName()));
        for (SqlScript.Statement statement : statements.subList(0, statements.size() - 1)) {
            runToEnd(principal, session, statement, script);
        }
        SqlScript.Statement last = statements.get(statements.size() - 1);
        guard.check(principal, last);
        if (request.format() == QueryFormat.PARQUET) {
            return QueryExecution.Result.parquet(exportParquet(principal, session, last, offset, limit));
        }
        RowEncoding encoding = switch (request.format()) {
            case CSV -> RowEncoding.TEXT;
            case JSONL -> RowEncoding.JSON_OBJECT;
            default -> RowEncoding.JSON_ARRAY;
        };
        return QueryExecution.Result.rows(open(principal, session, last, encoding, offset, limit, script));
    }

    /** Where a script's unqualified names resolve, and the changes it made, for the write path. */
    private record Script(String catalog, String schema, StatementChanges changes) {
    }

    /** Runs a whole script and discards its results; for callers that only need it done. */
    public void run(Principal principal, String script) {
        try (QueryExecution execution = start(principal, QueryRequest.of(script))) {
            execution.open();
            if (execution.failure().isPresent()) {
                throw execution.failure().get();
            }
            execution.cursor().ifPresent(QueryService::drain);
        }
    }

    /**
     * Checks that a script would run, without running it: each statement is planned, and statements
     * that create or change tables are applied inside a transaction that is rolled back, so later
     * statements can refer to what earlier ones create.
     */
    public Optional<String> validate(Principal principal, String script, Optional<String> catalog, Optional<String> schema) {
        List<SqlScript.Statement> statements = statements(script);
        UUID id = UuidVersion7.next();
        QueryLog.Entry entry = log.start(id, script, UUID.randomUUID().toString(), ClientInterface.HttpValidate, false,
                Optional.empty(), Optional.empty(), principal);
        Optional<String> problem = Optional.empty();
        try (Session session = engine.openSession()) {
            entry.running(session);
            session.use(catalog, schema);
            session.execute("BEGIN TRANSACTION");
            for (SqlScript.Statement statement : statements) {
                guard.check(principal, statement);
                if (users.recognises(statement.tokens())) {
                    continue;
                }
                switch (statement.kind()) {
                    case QUERY, INSPECTION, DATA_CHANGE -> session.plan(statement.text());
                    case SCHEMA_CHANGE -> {
                        if (CatalogStatement.parse(statement.tokens()).isEmpty()) {
                            session.execute(statement.text());
                        }
                    }
                    case OTHER -> session.plan(statement.text());
                    default -> {
                        // transactions, USE and engine statements cannot be planned; they are checked when they run
                    }
                }
            }
        } catch (TarnException e) {
            if (e.kind() == ErrorKind.INTERNAL || e.kind() == ErrorKind.UNAVAILABLE) {
                entry.finish(Optional.of(e.getMessage()), 0);
                throw e;
            }
            problem = Optional.of(e.getMessage());
        }
        entry.finish(problem, 0);
        return problem;
    }

    /** DuckDB's physical plan of the last statement of a script, as JSON text. */
    public String plan(Principal principal, String script, Optional<String> catalog, Optional<String> schema) {
        List<SqlScript.Statement> statements = statements(script);
        SqlScript.Statement last = statements.get(statements.size() - 1);
        QueryLog.Entry entry = log.start(UuidVersion7.next(), script, UUID.randomUUID().toString(), ClientInterface.HttpExplain,
                false, Optional.empty(), Optional.empty(), principal);
        try (Session session = engine.openSession()) {
            entry.running(session);
            session.use(catalog, schema);
            for (SqlScript.Statement statement : statements) {
                guard.check(principal, statement);
            }
            String plan = session.planJson(last.text());
            entry.finish(Optional.empty(), 0);
            return plan;
        } catch (TarnException e) {
            entry.finish(Optional.of(e.getMessage()), 0);
            throw e;
        }
    }

    /** Completions for the text typed so far, logged as an autocomplete call. */
    public List<Suggestion> complete(Principal principal, String statement, Optional<String> catalog, Optional<String> schema, int maximum) {
        QueryLog.Entry entry = log.start(UuidVersion7.next(), statement, UUID.randomUUID().toString(), ClientInterface.HttpAutocomplete,
                false, Optional.empty(), Optional.empty(), principal);
        try {
            List<Suggestion> suggestions = autocomplete.complete(statement, catalog, schema, maximum);
            entry.finish(Optional.empty(), suggestions.size());
            return suggestions;
        } catch (RuntimeException e) {
            entry.finish(Optional.of(String.valueOf(e.getMessage())), 0);
            throw e;
        }
    }

    private void runToEnd(Principal principal, Session session, SqlScript.Statement statement, Script script) {
        try (RowCursor cursor = open(principal, session, statement, RowEncoding.TEXT, 0, -1, script)) {
            drain(cursor);
        }
    }

    /** Reads a result to its end and drops it: earlier statements of a script only need to have run. */
    private static void drain(RowCursor cursor) {
        try {
            cursor.writeRows((buffer, offset, length) -> { });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private RowCursor open(Principal principal, Session session, SqlScript.Statement statement, RowEncoding encoding,
                           long offset, long limit, Script script) {
        guard.check(principal, statement);
        Optional<String> message = runTarnStatement(principal, statement);
        if (message.isPresent()) {
            return session.open("SELECT " + SqlQuoting.literal(message.get()) + " AS result", StatementKind.QUERY, encoding, 0, -1);
        }
        // per-user tables of the realtime API are scoped on this path too: no surface filters rows on its own
        String scoped = rowVersions.versioned(rowScope.apply(statement.text(), principal.userName(), script.schema()),
                statement.tokens(), script.catalog(), script.schema());
        if (statement.kind() == StatementKind.DATA_CHANGE && !StatementChanges.returnsRows(statement.tokens())
                && script.changes().watched(statement.tokens(), script.catalog(), script.schema())) {
            // live queries or topics watch the table: the change runs so that its rows are captured; one with
            // its own RETURNING streams its rows as they come, so it runs uncaptured and reaches listeners as a count
            long changed = script.changes().runWatched(session, statement.tokens(), scoped, List.of(), script.catalog(), script.schema()).changedRows();
            return session.open("SELECT " + changed + "::BIGINT AS \"Count\"", StatementKind.QUERY, encoding, 0, -1);
        }
        if (statement.kind() == StatementKind.DATA_CHANGE) {
            // the write path tells subscribers what changed once the engine knows how many rows did
            return session.openDataChange(scoped, encoding, offset, limit,
                    changed -> script.changes().dataChanged(statement.tokens(), changed, script.catalog(), script.schema()));
        }
        RowCursor cursor = session.open(scoped, statement.kind(), encoding, offset, limit);
        if (statement.kind() == StatementKind.TRANSACTION) {
            script.changes().transaction(statement.tokens());
        }
        return cursor;
    }

    private Path exportParquet(Principal principal, Session session, SqlScript.Statement statement, long offset, long limit) {
        if (statement.kind() != StatementKind.QUERY) {
            throw new TarnException(ErrorCode.INVALID_STATEMENT, "The parquet format needs a query (SELECT, WITH, FROM, VALUES) as the last statement");
        }
        Path file = engine.stagingFile(".parquet");
        String bounded = "SELECT * FROM (\n" + statement.text() + "\n) AS tarn_page"
                + (limit >= 0 ? " LIMIT " + limit : "") + (offset > 0 ? " OFFSET " + offset : "");
        session.exportParquet(bounded, file);
        return file;
    }

    /** Runs a statement of Tarn's own dialect, if it is one; its outcome as a message. */
    private Optional<String> runTarnStatement(Principal principal, SqlScript.Statement statement) {
        if (users.recognises(statement.tokens())) {
            return Optional.of(users.run(principal, statement.tokens()));
        }
        Optional<CatalogStatement> catalog = CatalogStatement.parse(statement.tokens());
        if (catalog.isEmpty()) {
            return Optional.empty();
        }
        if (!principal.isAdministrator()) {
            throw new TarnException(ErrorCode.PERMISSION_DENIED, "Permission Error: only administrators (role dba or system) may create or drop catalogs");
        }
        CatalogStatement command = catalog.get();
        if (command.create()) {
            engine.createCatalog(command.name());
            return Optional.of("Catalog '" + command.name() + "' created");
        }
        if (command.ifExists() && !engine.catalogs().contains(command.name())) {
            return Optional.of("Catalog '" + command.name() + "' did not exist");
        }
        engine.dropCatalog(command.name());
        return Optional.of("Catalog '" + command.name() + "' dropped");
    }

    private static List<SqlScript.Statement> statements(String script) {
        List<SqlScript.Statement> statements = SqlScript.split(script);
        if (statements.isEmpty()) {
            throw new TarnException(ErrorCode.MISSING_FIELD, "The statement is empty: send SQL in the 'statement' field");
        }
        return statements;
    }
}
