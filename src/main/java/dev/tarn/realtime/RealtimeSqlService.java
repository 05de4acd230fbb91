package dev.tarn.realtime;

import dev.tarn.access.RowScope;
import dev.tarn.access.StatementGuard;
import dev.tarn.auth.Principal;
import dev.tarn.auth.Role;
import dev.tarn.auth.UserAdministration;
import dev.tarn.auth.UserStore;
import dev.tarn.engine.Column;
import dev.tarn.engine.Engine;
import dev.tarn.engine.Session;
import dev.tarn.engine.SqlQuoting;
import dev.tarn.engine.SqlScript;
import dev.tarn.engine.SqlToken;
import dev.tarn.engine.StatementKind;
import dev.tarn.engine.StatementResult;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import dev.tarn.engine.TableName;
import dev.tarn.topics.ConsumeRequest;
import dev.tarn.topics.ConsumeResult;
import dev.tarn.topics.TopicId;
import dev.tarn.topics.TopicMessage;
import dev.tarn.topics.TopicOperation;
import dev.tarn.topics.TopicOptions;
import dev.tarn.topics.TopicService;
import dev.tarn.writes.ReadYourWrites;
import dev.tarn.writes.RowVersions;
import dev.tarn.writes.StatementChanges;
import dev.tarn.writes.WritePath;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The realtime API's SQL: statements of one request run in order on one engine session, each
 * autocommitted unless inside BEGIN … COMMIT; the dialect's own statements (namespaces, typed
 * tables, EXECUTE AS) are handled here, everything else goes to DuckDB after the access rewrite
 * that scopes per-user tables to the acting user.
 */
public final class RealtimeSqlService {
    public static final String DEFAULT_NAMESPACE = "default";
    private static final int MAXIMUM_ROWS = 100_000;
    private static final Pattern NAMESPACE_NAME = Pattern.compile("[A-Za-z0-9_]{1,128}");
    private static final Set<String> RESERVED_NAMESPACES = Set.of("system", "sys", "root", "kalamdb", "kalam", "main", "default", "sql",
            "admin", "internal", "information_schema", "pg_catalog", "datafusion", "_tarn", "temp");

    private final Engine engine;
    private final TableRegistry tables;
    private final UserAdministration userAdministration;
    private final UserStore users;
    private final StatementGuard guard;
    private final RowScope scoper;
    private final ReadYourWrites readYourWrites;
    private final WritePath writes;
    private final FileColumns fileColumns;
    private final RowVersions rowVersions;
    private volatile LiveQueryStatements liveQueries = LiveQueryStatements.NONE;
    private final TopicService topics;

    public RealtimeSqlService(Engine engine, TableRegistry tables, UserAdministration userAdministration, UserStore users,
                              StatementGuard guard, RowScope scoper, ReadYourWrites readYourWrites, WritePath writes, TopicService topics) {
        this.engine = engine;
        this.tables = tables;
        this.userAdministration = userAdministration;
        this.users = users;
        this.guard = guard;
        this.scoper = scoper;
        this.readYourWrites = readYourWrites;
        this.writes = writes;
        this.fileColumns = new FileColumns(engine);
        this.rowVersions = new DialectRowVersions(tables);
        this.topics = topics;
        try (Session session = engine.openSession()) {
            session.execute("CREATE SCHEMA IF NOT EXISTS memory." + SqlQuoting.identifier(DEFAULT_NAMESPACE));
        }
    }

    /** Attaches the live-query service, which itself reads through this service (so it cannot be a constructor argument). */
    public void attachLiveQueries(LiveQueryStatements liveQueries) {
        this.liveQueries = liveQueries;
    }

    /** The state of one request: where unqualified names resolve, and whether a transaction is open. */
    private static final class Request {
        private String namespace;
        /** The user the session variable names now; set lazily, since most reads never need it. */
        private String variableUser;

        private long inserted;
        private long updated;
        private long deleted;
        private final StatementChanges changes;

        private Request(String namespace, StatementChanges changes) {
            this.namespace = namespace;
            this.changes = changes;
        }
    }

    /** Runs the statements of one request; the first failure stops it (earlier autocommitted statements stay). */
    public List<SqlResult> execute(Principal principal, String sql, List<Object> parameters, Optional<String> namespace) {
        if (sql.isBlank()) {
            throw new TarnException(ErrorCode.REALTIME_EMPTY_SQL, "The SQL is empty");
        }
        List<SqlScript.Statement> statements = SqlScript.split(sql);
        if (statements.isEmpty()) {
            throw new TarnException(ErrorCode.REALTIME_EMPTY_SQL, "The SQL holds no statement");
        }
        if (!parameters.isEmpty() && statements.size() > 1) {
            throw new TarnException(ErrorCode.REALTIME_PARAMS_WITH_BATCH, "Parameters can be used with one statement only; send the statements separately");
        }
        readYourWrites.await(principal.userName(), Duration.ofSeconds(30));
        Request request = new Request(namespace.filter(n -> !n.isBlank()).orElse(DEFAULT_NAMESPACE),
                new StatementChanges(writes, principal.userName()));
        List<SqlResult> results = new ArrayList<>();
        try (Session session = engine.openSession()) {
            useNamespace(session, request, request.namespace);
            for (int i = 0; i < statements.size(); i++) {
                try {
                    run(session, request, principal, principal, statements.get(i), parameters, results);
                } catch (TarnException e) {
                    throw statements.size() == 1 ? e : new TarnException(e.code(), "Statement " + (i + 1) + " failed: " + e.getMessage(), e);
                }
            }
            if (request.changes.inTransaction()) {
                session.execute("ROLLBACK");
                throw new TarnException(ErrorCode.SQL_ERROR, "A transaction was still open at the end of the request and was rolled back; end it with COMMIT");
            }
        }
        aggregate(results, request, principal.userName());
        return results;
    }

    private void run(Session session, Request request, Principal authenticated, Principal acting, SqlScript.Statement statement,
                     List<Object> parameters, List<SqlResult> results) {
        List<SqlToken> tokens = statement.tokens();
        refuseVariables(tokens);
        Optional<DialectStatement> dialect = DialectReader.read(statement.text());
        if (dialect.isPresent()) {
            runDialect(session, request, authenticated, acting, dialect.get(), results);
            return;
        }
        if (userAdministration.recognises(tokens)) {
            results.add(SqlResult.message(userAdministration.run(acting, tokens), 0, acting.userName()));
            return;
        }
        guard.check(acting, statement);
        SharedTableAccess.check(acting, tokens, statement.kind(), request.namespace, tables);
        if (readsSystemTables(tokens)) {
            requireAdministrator(acting, "read system tables");
            refreshSystemTables(session);
        }
        if (statement.kind() == StatementKind.TRANSACTION) {
            if (tokens.get(0).isKeyword("COMMIT") || tokens.get(0).isKeyword("END")) {
                // commit and publish as one step in commit order, as autocommitted writes do: a live
                // query's initial read must never fall between a commit and its publication
                writes.inCommitOrder(() -> {
                    session.execute(statement.text());
                    request.changes.transaction(tokens);
                    return null;
                });
            } else {
                session.execute(statement.text());
                request.changes.transaction(tokens);
            }
            results.add(SqlResult.message(request.changes.inTransaction() ? "Transaction started" : "Transaction ended", 0, acting.userName()));
            return;
        }
        String text = CurrentUser.expand(statement.text());
        if (statement.kind() != StatementKind.QUERY || text.contains(CurrentUser.EXPRESSION)) {
            // column defaults and CURRENT_USER() read the acting user from the session variable
            actAs(session, request, acting.userName());
        }
        if (readsSystemTables(tokens)) {
            text = SystemTables.qualify(text);
        }
        String scoped = scoper.apply(text, acting.userName(), request.namespace);
        scoped = rowVersions.versioned(scoped, tokens, Engine.DEFAULT_CATALOG, request.namespace);
        // a data change of a table that live queries or topics watch runs so that its rows are captured
        boolean watched = statement.kind() == StatementKind.DATA_CHANGE && request.changes.watched(tokens, "memory", request.namespace);
        StatementResult result;
        if (watched) {
            result = request.changes.runWatched(session, tokens, scoped, parameters, "memory", request.namespace);
        } else if (statement.kind() == StatementKind.DATA_CHANGE && !request.changes.inTransaction() && StatementChanges.returnsRows(tokens)) {
            result = allOrNothing(session, scoped, parameters);
        } else {
            result = session.run(scoped, parameters, MAXIMUM_ROWS);
        }
        if (result.returnsRows()) {
            if (statement.kind() == StatementKind.DATA_CHANGE && !watched) {
                // INSERT … RETURNING: one row per changed row, and the whole result is read here
                request.changes.dataChanged(tokens, result.rows().size(), "memory", request.namespace);
            }
            results.add(new SqlResult(fileColumns.mark(result.columns(), tokens, request.namespace), result.rows(), result.rows().size(),
                    Optional.empty(), acting.userName()));
            return;
        }
        long changed = result.changedRows();
        if (!watched) {
            request.changes.dataChanged(tokens, changed, "memory", request.namespace);
        }
        switch (tokens.get(0).text().toUpperCase(Locale.ROOT)) {
            case "INSERT" -> request.inserted += changed;
            case "UPDATE" -> request.updated += changed;
            case "DELETE" -> request.deleted += changed;
            default -> results.add(SqlResult.message("Statement executed", changed, acting.userName()));
        }
    }

    /**
     * CONSUME and ACK are open to every role (contract 1.5), but a topic's messages are whole rows
     * of every user: a role reads a topic only if it may read every row of every source table.
     */
    private void requireMayConsume(Principal acting, TopicId topic) {
        for (var source : topics.find(topic).map(found -> found.sources()).orElse(List.of())) {
            TableName table = source.table();
            Optional<RealtimeTable> registered = table.catalog().equalsIgnoreCase(Engine.DEFAULT_CATALOG)
                    ? tables.find(table.schema(), table.table()) : Optional.empty();
            if (registered.isPresent() && !SharedTableAccess.readsEveryRow(acting.role(), registered.get())) {
                throw new TarnException(ErrorCode.PERMISSION_DENIED, "Permission Error: the topic " + topic + " carries rows of "
                        + registered.get().type() + " table " + table.schema() + "." + table.table()
                        + " that role " + acting.role().wireName() + " may not read");
            }
        }
    }

    /**
     * A data change with RETURNING, in a transaction of its own: the engine has changed the rows
     * before their answer is read, so an answer too large to send must undo the change rather
     * than report an error for a change that stays.
     */
    private static StatementResult allOrNothing(Session session, String sql, List<Object> parameters) {
        session.execute("BEGIN TRANSACTION");
        try {
            StatementResult result = session.run(sql, parameters, MAXIMUM_ROWS);
            session.execute("COMMIT");
            return result;
        } catch (TarnException e) {
            try {
                session.execute("ROLLBACK");
            } catch (TarnException ignored) {
                // the failed statement may have ended the transaction already
            }
            throw e.getMessage().contains("more than " + MAXIMUM_ROWS + " rows")
                    ? new TarnException(ErrorCode.SQL_ERROR, "RETURNING would answer more than " + MAXIMUM_ROWS
                            + " rows, so nothing was changed; change fewer rows at a time or drop RETURNING", e)
                    : e;
        }
    }

    private void runDialect(Session session, Request request, Principal authenticated, Principal acting, DialectStatement statement,
                            List<SqlResult> results) {
        String as = acting.userName();
        switch (statement) {
            case DialectStatement.CreateNamespace create -> {
                requireAdministrator(acting, "create namespaces");
                requireNamespaceName(create.name());
                session.execute("CREATE SCHEMA " + (create.ifNotExists() ? "IF NOT EXISTS " : "") + "memory." + SqlQuoting.identifier(create.name()));
                results.add(SqlResult.message("Namespace '" + create.name() + "' created", 0, as));
            }
            case DialectStatement.DropNamespace drop -> {
                requireAdministrator(acting, "drop namespaces");
                if (drop.name().equalsIgnoreCase(DEFAULT_NAMESPACE)) {
                    throw new TarnException(ErrorCode.INVALID_STATEMENT, "The default namespace cannot be dropped");
                }
                session.execute("DROP SCHEMA " + (drop.ifExists() ? "IF EXISTS " : "") + "memory." + SqlQuoting.identifier(drop.name())
                        + (drop.cascade() ? " CASCADE" : ""));
                tables.forgetNamespace(drop.name());
                fileColumns.forgetNamespace(drop.name());
                results.add(SqlResult.message("Namespace '" + drop.name() + "' dropped", 0, as));
            }
            case DialectStatement.AlterNamespace alter -> {
                requireAdministrator(acting, "alter namespaces");
                requireNamespace(session, alter.name());
                results.add(SqlResult.message("Namespace '" + alter.name() + "' altered", 0, as));
            }
            case DialectStatement.ShowNamespaces show -> results.add(rows(session.run(
                    "SELECT schema_name AS namespace FROM duckdb_schemas() WHERE database_name = 'memory' AND NOT internal "
                            + "AND schema_name NOT IN ('main', '_tarn', 'system', 'pg_catalog', 'information_schema') ORDER BY 1",
                    List.of(), MAXIMUM_ROWS), as));
            case DialectStatement.UseNamespace use -> {
                useNamespace(session, request, use.name());
                results.add(SqlResult.message("Using namespace '" + use.name() + "'", 0, as));
            }
            case DialectStatement.CreateTable create -> createTable(session, request, acting, create, results);
            case DialectStatement.DropTable drop -> {
                requireAdministrator(acting, "drop tables");
                String namespace = drop.namespace().orElse(request.namespace);
                session.execute("DROP TABLE " + (drop.ifExists() ? "IF EXISTS " : "") + qualified(namespace, drop.name()));
                tables.forget(namespace, drop.name());
                fileColumns.forget(namespace, drop.name());
                results.add(SqlResult.message("Table '" + namespace + "." + drop.name() + "' dropped", 0, as));
            }
            case DialectStatement.ShowTables show -> {
                String namespace = show.namespace().orElse(request.namespace);
                StatementResult found = session.run("SELECT table_name FROM duckdb_tables() WHERE database_name = 'memory' AND schema_name = ? ORDER BY 1",
                        List.of(namespace), MAXIMUM_ROWS);
                List<Object[]> rows = new ArrayList<>();
                for (Object[] row : found.rows()) {
                    String name = (String) row[0];
                    rows.add(new Object[] {namespace, name, tables.find(namespace, name).map(t -> t.type().name()).orElse("SHARED")});
                }
                results.add(new SqlResult(List.of(new Column("namespace", "VARCHAR"), new Column("table_name", "VARCHAR"),
                        new Column("table_type", "VARCHAR")), rows, rows.size(), Optional.empty(), as));
            }
            case DialectStatement.DescribeTable describe -> {
                String namespace = describe.namespace().orElse(request.namespace);
                // a FILE column is text in the engine, told apart by its comment; DESCRIBE names the type it was declared with
                results.add(rows(session.run("SELECT column_name, CASE WHEN comment = ? THEN ? ELSE data_type END AS data_type, is_nullable "
                                + "FROM duckdb_columns() WHERE database_name = 'memory' "
                                + "AND schema_name = ? AND table_name = ? AND column_name <> ? ORDER BY column_index",
                        List.of(FileColumns.MARK, FileColumns.TYPE, namespace, describe.name(), TableDefinition.OWNER_COLUMN), MAXIMUM_ROWS), as));
            }
            case DialectStatement.SubscribeTo subscribe ->
                    results.add(liveQueries.subscribe(acting, subscribe.namespace(), subscribe.table(), subscribe.where(), subscribe.options()));
            case DialectStatement.KillLiveQuery kill -> results.add(liveQueries.kill(acting, kill.liveId()));
            case DialectStatement.ExecuteAs executeAs -> {
                Principal target = impersonate(authenticated, executeAs.userName());
                List<SqlScript.Statement> inner = SqlScript.split(executeAs.statement());
                if (inner.size() != 1) {
                    throw new TarnException(ErrorCode.INVALID_STATEMENT, "EXECUTE AS wraps exactly one statement");
                }
                try {
                    run(session, request, authenticated, target, inner.get(0), List.of(), results);
                } finally {
                    actAs(session, request, acting.userName());
                }
            }
            case DialectStatement.CreateTopic create -> results.add(SqlResult.message(
                    topics.create(acting, TopicId.parse(create.topic(), request.namespace), create.partitions(), create.ifNotExists()), 0, as));
            case DialectStatement.DropTopic drop -> results.add(SqlResult.message(
                    topics.drop(acting, TopicId.parse(drop.topic(), request.namespace), drop.ifExists()), 0, as));
            case DialectStatement.ClearTopic clear -> results.add(SqlResult.message(
                    topics.clear(acting, TopicId.parse(clear.topic(), request.namespace)), 0, as));
            case DialectStatement.AddTopicSource add -> {
                List<String> parts = add.table();
                TableName table = parts.size() == 3 ? TableName.of(parts.get(0), parts.get(1), parts.get(2))
                        : TableName.of("memory", parts.size() == 2 ? parts.get(0) : request.namespace, parts.get(parts.size() - 1));
                results.add(SqlResult.message(topics.addSource(acting, session, TopicId.parse(add.topic(), request.namespace), table,
                        TopicOperation.parse(add.operation()), add.filter(), TopicOptions.payload(add.options())), 0, as));
            }
            case DialectStatement.TopicRetention retention -> results.add(SqlResult.message(topics.retention(acting,
                    TopicId.parse(retention.topic(), request.namespace), TopicOptions.retention(retention.options())), 0, as));
            case DialectStatement.ConsumeTopic consume -> {
                requireMayConsume(acting, TopicId.parse(consume.topic(), request.namespace));
                results.add(consumed(topics.consume(new ConsumeRequest(
                        TopicId.parse(consume.topic(), request.namespace), consume.group(), consume.partition().orElse(0),
                        TopicOptions.start(consume.start().orElse("LATEST")), consume.limit().orElse(ConsumeRequest.DEFAULT_LIMIT), Duration.ZERO)), as));
            }
            case DialectStatement.AcknowledgeTopic ack -> {
                requireMayConsume(acting, TopicId.parse(ack.topic(), request.namespace));
                long acknowledged = topics.acknowledge(TopicId.parse(ack.topic(), request.namespace), ack.group(), ack.partition().orElse(0), ack.offset());
                results.add(SqlResult.message("Acknowledged offset " + acknowledged + " of '" + TopicId.parse(ack.topic(), request.namespace)
                        + "' for group '" + ack.group() + "'", 0, as));
            }
        }
    }

    /** CONSUME answers as rows; the payload is the message's JSON text. */
    private static SqlResult consumed(ConsumeResult result, String asUser) {
        List<Column> columns = List.of(new Column("topic_id", "VARCHAR"), new Column("partition_id", "INTEGER"), new Column("offset", "BIGINT"),
                new Column("key", "VARCHAR"), new Column("payload", "VARCHAR"), new Column("timestamp_ms", "BIGINT"),
                new Column("user_id", "VARCHAR"), new Column("op", "VARCHAR"));
        List<Object[]> rows = new ArrayList<>();
        for (TopicMessage message : result.messages()) {
            rows.add(new Object[] {message.topic().toString(), message.partition(), message.offset(), message.key().orElse(null),
                    message.payload(), message.timestampMillis(), message.userId(), message.operation().wireName()});
        }
        return new SqlResult(columns, rows, rows.size(), Optional.empty(), asUser);
    }

    private void createTable(Session session, Request request, Principal acting, DialectStatement.CreateTable create, List<SqlResult> results) {
        String namespace = create.namespace().orElse(request.namespace);
        requireNamespace(session, namespace);
        RealtimeTable table = TableDefinition.metadata(create, namespace);
        boolean allowed = switch (acting.role()) {
            case USER -> table.type().perUser();
            case SERVICE, DBA, SYSTEM -> true;
        };
        if (!allowed) {
            throw new TarnException(ErrorCode.PERMISSION_DENIED, "Permission Error: role user may create USER and STREAM tables only");
        }
        boolean exists = !session.run("SELECT 1 FROM duckdb_tables() WHERE database_name = 'memory' AND schema_name = ? AND table_name = ?",
                List.of(namespace, create.name()), 1).rows().isEmpty();
        if (exists && create.ifNotExists()) {
            results.add(SqlResult.message("Table '" + namespace + "." + create.name() + "' already exists", 0, acting.userName()));
            return;
        }
        session.execute(TableDefinition.createSql(create, table));
        fileColumns.register(session, table, TableDefinition.fileColumns(create));
        tables.register(table);
        results.add(SqlResult.message("Table '" + namespace + "." + create.name() + "' created", 0, acting.userName()));
    }

    /** EXECUTE AS: who may act as whom (contract 1.3); the inner statement runs with role user. */
    private Principal impersonate(Principal authenticated, String targetName) {
        if (targetName.equalsIgnoreCase(authenticated.userName())) {
            return new Principal(authenticated.userName(), Role.USER);
        }
        Role targetRole = users.find(targetName).map(u -> u.role()).orElse(Role.USER);
        boolean allowed = switch (authenticated.role()) {
            case SYSTEM -> true;
            case DBA -> targetRole != Role.SYSTEM;
            case SERVICE -> targetRole == Role.SERVICE || targetRole == Role.USER;
            case USER -> false;
        };
        if (!allowed) {
            throw new TarnException(ErrorCode.PERMISSION_DENIED, "Permission Error: role " + authenticated.role().wireName()
                    + " may not execute as user '" + targetName + "'");
        }
        return new Principal(users.find(targetName).map(u -> u.name()).orElse(targetName), Role.USER);
    }

    private void useNamespace(Session session, Request request, String namespace) {
        try {
            session.execute("USE memory." + SqlQuoting.identifier(namespace));
        } catch (TarnException e) {
            throw new TarnException(ErrorCode.SQL_ERROR, "Namespace '" + namespace + "' does not exist");
        }
        request.namespace = namespace;
    }

    private static void requireNamespace(Session session, String namespace) {
        if (session.run("SELECT 1 FROM duckdb_schemas() WHERE database_name = 'memory' AND schema_name = ?", List.of(namespace), 1).rows().isEmpty()) {
            throw new TarnException(ErrorCode.SQL_ERROR, "Namespace '" + namespace + "' does not exist");
        }
    }

    private static void requireNamespaceName(String name) {
        if (!NAMESPACE_NAME.matcher(name).matches()) {
            throw new TarnException(ErrorCode.INVALID_STATEMENT, "A namespace name is letters, digits and underscores only");
        }
        if (RESERVED_NAMESPACES.contains(name.toLowerCase(Locale.ROOT))) {
            throw new TarnException(ErrorCode.INVALID_STATEMENT, "The namespace name '" + name + "' is reserved");
        }
    }

    /** The acting user, for column defaults and CURRENT_USER(); callers can never set variables themselves. */
    private static void actAs(Session session, Request request, String userName) {
        if (!userName.equals(request.variableUser)) {
            session.execute("SET VARIABLE tarn_user = " + SqlQuoting.literal(userName));
            request.variableUser = userName;
        }
    }

    private static void refuseVariables(List<SqlToken> tokens) {
        if (tokens.size() > 1 && (tokens.get(0).isKeyword("SET") || tokens.get(0).isKeyword("RESET")) && tokens.get(1).isKeyword("VARIABLE")) {
            throw new TarnException(ErrorCode.PERMISSION_DENIED, "Permission Error: session variables are set by the server");
        }
    }

    private static boolean readsSystemTables(List<SqlToken> tokens) {
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).isKeyword("system") && tokens.get(i + 1).text().equals(".")) {
                return true;
            }
        }
        return false;
    }

    /** system.users, system.namespaces, system.tables and the topics' tables, written afresh for the reading request. */
    private void refreshSystemTables(Session session) {
        session.execute("CREATE SCHEMA IF NOT EXISTS memory.system");
        session.execute("CREATE OR REPLACE TABLE memory.system.users (user_id VARCHAR, role VARCHAR, created_at TIMESTAMP)");
        for (var user : users.list()) {
            session.run("INSERT INTO memory.system.users VALUES (?, ?, ?)", List.of(user.name(), user.role().wireName(),
                    java.time.LocalDateTime.ofInstant(user.createdAt(), java.time.ZoneOffset.UTC)), 1);
        }
        session.execute("CREATE OR REPLACE TABLE memory.system.namespaces AS SELECT schema_name AS namespace_id FROM duckdb_schemas() "
                + "WHERE database_name = 'memory' AND NOT internal AND schema_name NOT IN ('main', '_tarn', 'system', 'pg_catalog', 'information_schema')");
        session.execute("CREATE OR REPLACE TABLE memory.system.tables (namespace_id VARCHAR, table_name VARCHAR, table_type VARCHAR, access_level VARCHAR)");
        for (RealtimeTable table : tables.all()) {
            session.run("INSERT INTO memory.system.tables VALUES (?, ?, ?, ?)", List.of(table.namespace(), table.name(), table.type().name(),
                    table.accessLevel().name()), 1);
        }
        session.execute("CREATE OR REPLACE TABLE memory.system.live (live_id VARCHAR, connection_id VARCHAR, subscription_id VARCHAR, "
                + "namespace_id VARCHAR, table_name VARCHAR, user_id VARCHAR, query VARCHAR, options VARCHAR, status VARCHAR, "
                + "created_at TIMESTAMP, last_update TIMESTAMP, changes BIGINT)");
        for (Object[] live : liveQueries.liveRows()) {
            session.run("INSERT INTO memory.system.live VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", java.util.Arrays.asList(live), 1);
        }
        topics.writeSystemTables(session);
    }

    private static void requireAdministrator(Principal principal, String what) {
        if (!principal.isAdministrator()) {
            throw new TarnException(ErrorCode.PERMISSION_DENIED, "Permission Error: only dba and system may " + what);
        }
    }

    private static String qualified(String namespace, String table) {
        return "memory." + SqlQuoting.identifier(namespace) + "." + SqlQuoting.identifier(table);
    }

    private static SqlResult rows(StatementResult result, String asUser) {
        return new SqlResult(result.columns(), result.rows(), result.rows().size(), Optional.empty(), asUser);
    }

    /** Data changes are reported as trailing totals, as the reference does. */
    private static void aggregate(List<SqlResult> results, Request request, String asUser) {
        Map<String, Long> totals = new java.util.LinkedHashMap<>();
        totals.put("Inserted", request.inserted);
        totals.put("Updated", request.updated);
        totals.put("Deleted", request.deleted);
        totals.forEach((verb, count) -> {
            if (count > 0) {
                results.add(SqlResult.message(verb + " " + count + " row(s)", count, asUser));
            }
        });
    }
}
