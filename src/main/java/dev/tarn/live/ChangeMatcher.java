package dev.tarn.live;

import dev.tarn.engine.Column;
import dev.tarn.engine.Engine;
import dev.tarn.engine.Session;
import dev.tarn.engine.StatementResult;
import dev.tarn.engine.TableAppender;
import dev.tarn.engine.TableName;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import dev.tarn.writes.Change;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Lets the engine decide which changed rows each live query sees. For every subscribed table it
 * keeps a temporary table of the same columns in its own session; a change's row images go in,
 * one query per distinct (projection, predicate) computes the matching images and their projected
 * values, and the staging is emptied. So any predicate DuckDB can evaluate works, and ten thousand
 * subscriptions sharing a few queries cost a few statements per change.
 */
final class ChangeMatcher implements AutoCloseable {
    static final String IMAGE_COLUMN = "__live_image";
    static final String OLD_COLUMN = "__live_old";
    static final String SEQ_COLUMN = "__live_seq";
    static final String OWNER_ALIAS = "__live_owner";
    static final String SEQUENCE = "_seq";
    private static final int MAXIMUM_ROWS = 1_000_000;
    private static final int PREDICATES_PER_STATEMENT = 256;

    private final Engine engine;
    private final String ownerColumn;
    private final Map<String, StagingTable> staging = new HashMap<>();
    private Session session;
    private int tables;

    /** The temporary table that mirrors one subscribed table, with its columns and primary key. */
    record StagingTable(String name, List<String> columns, List<String> primaryKey) {
    }

    /** One row image that matched a query: which image, old or new, its owner and version, and its projected values. */
    record Match(int image, boolean old, String owner, long seq, Map<String, Object> projected) {
    }

    ChangeMatcher(Engine engine, String ownerColumn) {
        this.engine = engine;
        this.ownerColumn = ownerColumn;
    }

    /** Checks that the query's table exists and has the row version {@code _seq}; reads none of the caller's text. */
    synchronized void stage(LiveQuery query) {
        staging(query.namespace(), query.table());
    }

    /** Checks that the query's projection and predicate bind on the staged table; returns the primary key. */
    synchronized List<String> validate(LiveQuery query, boolean perUser) {
        StagingTable table = staging(query.namespace(), query.table());
        try {
            session().describe(matchSql(query, table.name(), perUser));
        } catch (TarnException e) {
            throw new TarnException(ErrorCode.LIVE_INVALID_SQL, "The subscription query cannot run on " + query.namespace() + "."
                    + query.table() + ": " + e.getMessage(), e);
        }
        return table.primaryKey();
    }

    /**
     * The matches of one change for each query (keyed by {@link LiveQueries#groupKey}); images are
     * numbered from 0 in {@code rows} then {@code oldRows} order. Queries that fail to run map to an error.
     */
    synchronized Map<String, Object> match(Change change, Map<String, LiveQuery> queries, boolean perUser) {
        TableName name = change.table();
        StagingTable table = staging(name.schema(), name.table());
        List<Map<String, Object>> images = new ArrayList<>(change.rows());
        images.addAll(change.oldRows());
        if (!images.isEmpty() && (images.get(0).size() != table.columns().size() || !images.get(0).keySet().containsAll(table.columns()))) {
            // the table changed shape since it was staged: stage it again
            forget(name.schema(), name.table());
            table = staging(name.schema(), name.table());
        }
        fill(table, images, change.rows().size());
        Map<String, Object> results = new HashMap<>();
        try {
            combined(queries, table.name(), perUser, results);
            for (Map.Entry<String, LiveQuery> entry : queries.entrySet()) {
                if (results.containsKey(entry.getKey())) {
                    continue;
                }
                try {
                    results.put(entry.getKey(), matches(entry.getValue(), table.name(), perUser));
                } catch (TarnException e) {
                    results.put(entry.getKey(), perUser ? ownerByOwner(entry.getValue(), table, images) : e);
                }
            }
        } finally {
            session().execute("DELETE FROM temp.main." + LiveQuery.quote(table.name()));
        }
        return results;
    }

    synchronized void forget(String namespace, String tableName) {
        StagingTable table = staging.remove(key(namespace, tableName));
        if (table != null) {
            session().execute("DROP TABLE IF EXISTS temp.main." + LiveQuery.quote(table.name()));
        }
    }

    /**
     * A query that failed on a per-user table's change, run again on each owner's rows alone: an
     * error raised by another user's row must not tell a subscriber anything, nor end its
     * subscription. The answer maps each owner to its matches, or to the error its own rows raised.
     */
    private Map<String, Object> ownerByOwner(LiveQuery query, StagingTable table, List<Map<String, Object>> images) {
        Map<String, Object> byOwner = new HashMap<>();
        String ownRows = "live_owner_rows";
        for (Map<String, Object> image : images) {
            String owner = String.valueOf(image.get(ownerColumn));
            if (byOwner.containsKey(owner)) {
                continue;
            }
            try {
                session().run("CREATE OR REPLACE TEMP TABLE " + LiveQuery.quote(ownRows) + " AS SELECT * FROM temp.main."
                        + LiveQuery.quote(table.name()) + " WHERE " + LiveQuery.quote(ownerColumn) + " = $1", List.of(owner), 1);
                byOwner.put(owner, matches(query, ownRows, true));
            } catch (TarnException e) {
                byOwner.put(owner, e);
            }
        }
        session().execute("DROP TABLE IF EXISTS temp.main." + LiveQuery.quote(ownRows));
        return byOwner;
    }

    /**
     * Queries that share a projection but not a predicate are evaluated together, up to
     * {@link #PREDICATES_PER_STATEMENT} predicates per statement, each as a boolean column: a
     * thousand subscriptions with distinct predicates cost a few statements, not a thousand. A
     * statement that fails leaves its queries to be run one by one (which finds the failing one).
     */
    private void combined(Map<String, LiveQuery> queries, String stagingName, boolean perUser, Map<String, Object> results) {
        Map<String, List<Map.Entry<String, LiveQuery>>> byProjection = new LinkedHashMap<>();
        for (Map.Entry<String, LiveQuery> entry : queries.entrySet()) {
            if (entry.getValue().predicate().isPresent()) {
                byProjection.computeIfAbsent(entry.getValue().alias() + "\u0000" + entry.getValue().projection(), key -> new ArrayList<>()).add(entry);
            }
        }
        for (List<Map.Entry<String, LiveQuery>> sharing : byProjection.values()) {
            if (sharing.size() < 2) {
                continue;
            }
            for (int start = 0; start < sharing.size(); start += PREDICATES_PER_STATEMENT) {
                List<Map.Entry<String, LiveQuery>> chunk = sharing.subList(start, Math.min(sharing.size(), start + PREDICATES_PER_STATEMENT));
                LiveQuery first = chunk.get(0).getValue();
                StringBuilder sql = new StringBuilder(selectHead(perUser));
                for (int i = 0; i < chunk.size(); i++) {
                    sql.append(", coalesce((").append(chunk.get(i).getValue().predicate().orElseThrow()).append("), false)");
                }
                sql.append(", ").append(first.projection()).append(" FROM temp.main.").append(LiveQuery.quote(stagingName))
                        .append(" AS ").append(LiveQuery.quote(first.alias()));
                StatementResult result;
                try {
                    result = session().run(sql.toString(), List.of(), MAXIMUM_ROWS);
                } catch (TarnException e) {
                    continue;
                }
                int projectionStart = (perUser ? 4 : 3) + chunk.size();
                List<List<Match>> found = new ArrayList<>();
                chunk.forEach(entry -> found.add(new ArrayList<>()));
                for (Object[] row : result.rows()) {
                    Match match = match(row, result.columns(), projectionStart, perUser);
                    for (int i = 0; i < chunk.size(); i++) {
                        if (Boolean.TRUE.equals(row[(perUser ? 4 : 3) + i])) {
                            found.get(i).add(match);
                        }
                    }
                }
                for (int i = 0; i < chunk.size(); i++) {
                    results.put(chunk.get(i).getKey(), found.get(i));
                }
            }
        }
    }

    private String selectHead(boolean perUser) {
        return "SELECT " + LiveQuery.quote(IMAGE_COLUMN) + ", " + LiveQuery.quote(OLD_COLUMN) + ", " + LiveQuery.quote(SEQUENCE)
                + " AS " + LiveQuery.quote(SEQ_COLUMN) + (perUser ? ", " + LiveQuery.quote(ownerColumn) + " AS " + LiveQuery.quote(OWNER_ALIAS) : "");
    }

    private Match match(Object[] row, List<Column> columns, int projectionStart, boolean perUser) {
        Map<String, Object> projected = new LinkedHashMap<>();
        for (int i = projectionStart; i < columns.size(); i++) {
            String column = columns.get(i).name();
            if (!column.startsWith("__live_") && !column.equalsIgnoreCase(ownerColumn)) {
                projected.put(column, row[i]);
            }
        }
        return new Match(((Number) row[0]).intValue(), (Boolean) row[1], perUser ? (String) row[3] : "",
                row[2] == null ? 0 : ((Number) row[2]).longValue(), projected);
    }

    private List<Match> matches(LiveQuery query, String stagingName, boolean perUser) {
        StatementResult result = session().run(matchSql(query, stagingName, perUser), List.of(), MAXIMUM_ROWS);
        List<Match> found = new ArrayList<>(result.rows().size());
        for (Object[] row : result.rows()) {
            found.add(match(row, result.columns(), perUser ? 4 : 3, perUser));
        }
        return found;
    }

    private String matchSql(LiveQuery query, String stagingName, boolean perUser) {
        return selectHead(perUser) + ", " + query.projection() + " FROM temp.main." + LiveQuery.quote(stagingName) + " AS " + LiveQuery.quote(query.alias())
                + query.predicate().map(predicate -> " WHERE (" + predicate + ")").orElse("");
    }

    private void fill(StagingTable table, List<Map<String, Object>> images, int newImages) {
        List<Object[]> rows = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            Object[] values = new Object[table.columns().size() + 2];
            for (int c = 0; c < table.columns().size(); c++) {
                values[c] = images.get(i).get(table.columns().get(c));
            }
            values[values.length - 2] = i;
            values[values.length - 1] = i >= newImages;
            rows.add(values);
        }
        try (TableAppender appender = session().appender(new TableName("temp", "main", table.name()))) {
            for (Object[] row : rows) {
                appender.row(row);
            }
            return;
        } catch (IllegalArgumentException | TarnException e) {
            // a value the appender cannot take (an array, a struct): insert row by row, JDBC converts anything
            session().execute("DELETE FROM temp.main." + LiveQuery.quote(table.name()));
        }
        String placeholders = String.join(", ", java.util.Collections.nCopies(table.columns().size() + 2, "?"));
        for (Object[] row : rows) {
            session().run("INSERT INTO temp.main." + LiveQuery.quote(table.name()) + " VALUES (" + placeholders + ")",
                    java.util.Arrays.asList(row), 1);
        }
    }

    private StagingTable staging(String namespace, String tableName) {
        StagingTable existing = staging.get(key(namespace, tableName));
        if (existing != null) {
            return existing;
        }
        Session session = session();
        TableName source = new TableName(Engine.DEFAULT_CATALOG, namespace, tableName);
        List<String> columns = session.tableSchema(source)
                .orElseThrow(() -> new TarnException(ErrorCode.TABLE_MISSING, "Table " + namespace + "." + tableName + " does not exist"))
                .columns().stream().map(Column::name).toList();
        if (columns.stream().noneMatch(SEQUENCE::equalsIgnoreCase)) {
            throw new TarnException(ErrorCode.LIVE_UNSUPPORTED, "Table " + namespace + "." + tableName
                    + " has no _seq row version; subscribe to tables made with CREATE [USER|SHARED|STREAM] TABLE");
        }
        String name = "live_rows_" + (++tables);
        session.execute("CREATE TEMP TABLE " + LiveQuery.quote(name) + " AS SELECT *, 0::INTEGER AS " + LiveQuery.quote(IMAGE_COLUMN)
                + ", false AS " + LiveQuery.quote(OLD_COLUMN) + " FROM " + source.sql() + " LIMIT 0");
        List<String> primaryKey = new ArrayList<>();
        for (Map<String, Object> row : session.rows("SELECT unnest(constraint_column_names) AS name FROM duckdb_constraints() "
                + "WHERE database_name = ? AND schema_name ILIKE ? AND table_name ILIKE ? AND constraint_type = 'PRIMARY KEY'",
                Engine.DEFAULT_CATALOG, namespace, tableName)) {
            String column = String.valueOf(row.get("name"));
            if (!column.equalsIgnoreCase(ownerColumn)) {
                primaryKey.add(column);
            }
        }
        StagingTable table = new StagingTable(name, List.copyOf(columns), List.copyOf(primaryKey));
        staging.put(key(namespace, tableName), table);
        return table;
    }

    private Session session() {
        if (session == null) {
            session = engine.openInternalSession();
        }
        return session;
    }

    private static String key(String namespace, String table) {
        return (namespace + "." + table).toLowerCase(Locale.ROOT);
    }

    @Override
    public synchronized void close() {
        if (session != null) {
            session.close();
            session = null;
        }
        staging.clear();
    }

    static Set<String> internalColumns() {
        return Set.of(IMAGE_COLUMN, OLD_COLUMN, SEQ_COLUMN, OWNER_ALIAS);
    }
}
