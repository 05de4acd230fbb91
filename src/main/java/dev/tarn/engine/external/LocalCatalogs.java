package dev.tarn.engine.external;

import dev.tarn.engine.Column;
import dev.tarn.engine.Engine;
import dev.tarn.engine.Session;
import dev.tarn.engine.SqlQuoting;
import dev.tarn.engine.StatementResult;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A catalog of this very server read as a datasource (engine {@code tarn}): the same introspection
 * and the same timeout as a DuckDB file, through the engine's own sessions, whose file access is
 * already locked down.
 */
public final class LocalCatalogs implements AutoCloseable {
    private final Engine engine;
    private final Duration statementTimeout;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon(true).name("tarn-datasource-timeout").factory());

    public LocalCatalogs(Engine engine, Duration statementTimeout) {
        this.engine = engine;
        this.statementTimeout = statementTimeout;
    }

    /** Fails with 400 unless the catalog exists. */
    public void requireCatalog(String catalog) {
        if (!engine.hasCatalog(catalog)) {
            throw new TarnException(ErrorCode.DATASOURCE_CONNECTION_FAILED, "This server has no catalog \"" + catalog
                    + "\"; the catalogs are " + engine.catalogs());
        }
    }

    public ConnectionCheck check(String catalog) {
        long start = System.nanoTime();
        try {
            requireCatalog(catalog);
            return new ConnectionCheck(true, (System.nanoTime() - start) / 1_000_000, Optional.of("Tarn (DuckDB " + version() + ")"), Optional.empty());
        } catch (TarnException e) {
            return new ConnectionCheck(false, (System.nanoTime() - start) / 1_000_000, Optional.empty(), Optional.of(e.getMessage()));
        }
    }

    private String version() {
        try (Session session = engine.openSession()) {
            return String.valueOf(session.rows("SELECT version() AS v").getFirst().get("v"));
        }
    }

    public List<IntrospectedTable> introspect(String catalog, Predicate<String> schemaWanted) {
        requireCatalog(catalog);
        try (Session session = engine.openSession()) {
            return DuckDbCatalog.introspect(session::rows, catalog, schemaWanted);
        }
    }

    public Map<String, List<Map.Entry<String, String>>> listTables(String catalog) {
        requireCatalog(catalog);
        Map<String, List<Map.Entry<String, String>>> listing = new LinkedHashMap<>();
        try (Session session = engine.openSession()) {
            for (Map<String, Object> row : session.rows(DuckDbCatalog.TABLES, catalog, catalog)) {
                listing.computeIfAbsent(String.valueOf(row.get("schema_name")), k -> new ArrayList<>())
                        .add(Map.entry(String.valueOf(row.get("name")), String.valueOf(row.get("type"))));
            }
        }
        return listing;
    }

    /** Runs one query in the catalog, unqualified names resolving in {@code searchPath}; cancelled after the statement timeout. */
    public QueryRows run(String catalog, List<String> searchPath, String sql, List<Object> parameters, int maximumRows) {
        requireCatalog(catalog);
        try (Session session = engine.openSession()) {
            session.use(Optional.of(catalog), searchPath.isEmpty() ? Optional.empty() : Optional.of(searchPath.getFirst()));
            if (searchPath.size() > 1) {
                // unqualified names of the question engine resolve in every synced schema, the first one first
                session.execute("SET search_path = " + SqlQuoting.literal(String.join(",", searchPath.stream()
                        .map(schema -> SqlQuoting.identifier(catalog) + "." + SqlQuoting.identifier(schema)).toList())));
            }
            ScheduledFuture<?> deadline = timer.schedule(session::cancel, statementTimeout.toMillis(), TimeUnit.MILLISECONDS);
            StatementResult result;
            try {
                result = session.runFirstRows(sql, parameters, maximumRows);
            } catch (TarnException e) {
                if (e.code() == ErrorCode.QUERY_CANCELLED) {
                    throw new TarnException(ErrorCode.SQL_ERROR, "The query ran longer than " + statementTimeout.toSeconds() + " s and was stopped", e);
                }
                throw e;
            } finally {
                deadline.cancel(false);
            }
            if (!result.returnsRows()) {
                throw new TarnException(ErrorCode.DATASOURCE_QUERY_REFUSED, "Only a query that returns rows may run on a datasource");
            }
            List<List<Object>> rows = new ArrayList<>();
            for (Object[] row : result.rows()) {
                List<Object> values = new ArrayList<>(row.length);
                for (Object value : Arrays.asList(row)) {
                    try {
                        values.add(JdbcValues.value(value));
                    } catch (java.sql.SQLException e) {
                        throw new TarnException(ErrorCode.SQL_ERROR, e.getMessage(), e);
                    }
                }
                rows.add(values);
            }
            List<Column> columns = result.columns();
            return new QueryRows(columns, rows, result.changedRows() > rows.size());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
