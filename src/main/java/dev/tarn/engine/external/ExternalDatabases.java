package dev.tarn.engine.external;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import org.duckdb.DuckDBConnection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Every database outside this server's own catalogs: one small connection pool per database
 * server, one open read-only instance per DuckDB file (opening one costs tens of milliseconds and
 * starts with a cold cache; each use gets a connection of its own on it), SQLite files opened per use
 * (that costs well under a millisecond), read-only connections, a statement timeout and a short connect
 * timeout, so a wrong host or a dropped firewall packet answers in seconds instead of hanging a request.
 */
public final class ExternalDatabases implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExternalDatabases.class);
    private static final Set<String> POSTGRESQL_SYSTEM_SCHEMAS = Set.of("information_schema", "pg_catalog", "pg_toast");

    private final Duration statementTimeout;
    private final Duration connectTimeout;
    private final Map<String, Pool> pools = new ConcurrentHashMap<>();
    private final Map<String, OpenFile> openFiles = new ConcurrentHashMap<>();

    private record Pool(ConnectionSettings settings, HikariDataSource source) {
    }

    /** A DuckDB file held open read-only; its connection is never lent out, only duplicated. */
    private record OpenFile(ConnectionSettings settings, DuckDBConnection instance) {
    }

    public ExternalDatabases(Duration statementTimeout, Duration connectTimeout) {
        this.statementTimeout = statementTimeout;
        this.connectTimeout = connectTimeout;
    }

    /** Connects once, outside any pool, and reports how it went; never throws for the database's own failures. */
    public ConnectionCheck check(ConnectionSettings settings) {
        long start = System.nanoTime();
        try (Connection connection = connect(settings)) {
            DatabaseMetaData metaData = connection.getMetaData();
            String version = metaData.getDatabaseProductName() + " " + metaData.getDatabaseProductVersion();
            return new ConnectionCheck(true, elapsedMillis(start), Optional.of(version), Optional.empty());
        } catch (SQLException | RuntimeException e) {
            return new ConnectionCheck(false, elapsedMillis(start), Optional.empty(), Optional.of(reason(e)));
        }
    }

    /** The tables and views of the database (for MySQL: of its one database), with columns, comments and keys. */
    public List<IntrospectedTable> introspect(String poolKey, ConnectionSettings settings, Predicate<String> schemaWanted) {
        return withConnection(poolKey, settings, connection -> {
            if (settings.kind() == ExternalKind.DUCKDB) {
                return DuckDbCatalog.introspect(lookup(connection), connection.getCatalog(), schemaWanted);
            }
            List<IntrospectedTable> tables = new ArrayList<>();
            DatabaseMetaData metaData = connection.getMetaData();
            for (TableName table : tableNames(connection, settings)) {
                if (!schemaWanted.test(table.schema())) {
                    continue;
                }
                tables.add(describe(metaData, settings, table));
            }
            return tables;
        });
    }

    /** A live listing of schemas and their tables and views, without columns: for picking what to sync. */
    public Map<String, List<Map.Entry<String, String>>> listTables(String poolKey, ConnectionSettings settings) {
        return withConnection(poolKey, settings, connection -> {
            Map<String, List<Map.Entry<String, String>>> listing = new LinkedHashMap<>();
            if (settings.kind() == ExternalKind.DUCKDB) {
                String catalog = connection.getCatalog();
                for (Map<String, Object> row : lookup(connection).rows(DuckDbCatalog.TABLES, catalog, catalog)) {
                    listing.computeIfAbsent(String.valueOf(row.get("schema_name")), k -> new ArrayList<>())
                            .add(Map.entry(String.valueOf(row.get("name")), String.valueOf(row.get("type"))));
                }
                return listing;
            }
            for (TableName table : tableNames(connection, settings)) {
                listing.computeIfAbsent(table.schema(), k -> new ArrayList<>()).add(Map.entry(table.name(), table.type()));
            }
            return listing;
        });
    }

    /**
     * Runs one query on a read-only connection with positional {@code ?} parameters, under the
     * statement timeout; unqualified names resolve in {@code searchPath} (PostgreSQL and DuckDB; a
     * MySQL connection already sits in its database, SQLite has one schema).
     */
    public QueryRows run(String poolKey, ConnectionSettings settings, List<String> searchPath, String sql, List<Object> parameters, int maximumRows) {
        return withConnection(poolKey, settings, connection -> {
            setSearchPath(connection, settings.kind(), searchPath);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setQueryTimeout((int) Math.max(1, statementTimeout.toSeconds()));
                statement.setMaxRows(maximumRows + 1);
                for (int i = 0; i < parameters.size(); i++) {
                    statement.setObject(i + 1, parameters.get(i));
                }
                try (ResultSet resultSet = statement.executeQuery()) {
                    return JdbcValues.read(resultSet, maximumRows);
                }
            }
        });
    }

    /** Closes the pool or the open file of one datasource (its settings or its file changed, or it is gone). */
    public void release(String poolKey) {
        Pool pool = pools.remove(poolKey);
        if (pool != null) {
            pool.source().close();
        }
        OpenFile file = openFiles.remove(poolKey);
        if (file != null) {
            closeQuietly(file.instance());
        }
    }

    @Override
    public void close() {
        pools.keySet().forEach(this::release);
        openFiles.keySet().forEach(this::release);
    }

    @FunctionalInterface
    private interface ConnectionWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    private <T> T withConnection(String poolKey, ConnectionSettings settings, ConnectionWork<T> work) {
        Connection connection;
        try {
            // a file opens in milliseconds, and pools reset flags (read-only) that SQLite and DuckDB fix when the file is opened
            connection = settings.kind() == ExternalKind.DUCKDB ? openFile(poolKey, settings).duplicate()
                    : settings.kind().isFile() ? connect(settings) : pool(poolKey, settings).getConnection();
        } catch (SQLException e) {
            throw new TarnException(ErrorCode.DATASOURCE_CONNECTION_FAILED, "Cannot connect to the datasource: " + reason(e), e);
        }
        try (connection) {
            return work.apply(connection);
        } catch (SQLTimeoutException e) {
            throw new TarnException(ErrorCode.SQL_ERROR, "The query ran longer than " + statementTimeout.toSeconds()
                    + " s and was stopped: " + reason(e), e);
        } catch (SQLException e) {
            throw new TarnException(ErrorCode.SQL_ERROR, reason(e), e);
        }
    }

    private DuckDBConnection openFile(String poolKey, ConnectionSettings settings) throws SQLException {
        OpenFile file = openFiles.get(poolKey);
        if (file != null && file.settings().equals(settings) && !file.instance().isClosed()) {
            return file.instance();
        }
        synchronized (openFiles) {
            file = openFiles.get(poolKey);
            if (file != null && file.settings().equals(settings) && !file.instance().isClosed()) {
                return file.instance();
            }
            if (file != null) {
                closeQuietly(file.instance());
            }
            DuckDBConnection opened = connect(settings).unwrap(DuckDBConnection.class);
            openFiles.put(poolKey, new OpenFile(settings, opened));
            return opened;
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing a read-only file: nothing to lose
        }
    }

    private HikariDataSource pool(String poolKey, ConnectionSettings settings) {
        Pool pool = pools.compute(poolKey, (key, existing) -> {
            if (existing != null && existing.settings().equals(settings) && !existing.source().isClosed()) {
                return existing;
            }
            if (existing != null) {
                existing.source().close();
            }
            return new Pool(settings, new HikariDataSource(poolConfiguration(poolKey, settings)));
        });
        return pool.source();
    }

    private HikariConfig poolConfiguration(String poolKey, ConnectionSettings settings) {
        HikariConfig configuration = new HikariConfig();
        configuration.setPoolName("datasource-" + poolKey);
        configuration.setJdbcUrl(settings.url());
        configuration.setDataSourceProperties(properties(settings));
        configuration.setMaximumPoolSize(4);
        configuration.setMinimumIdle(0);
        configuration.setIdleTimeout(Duration.ofMinutes(2).toMillis());
        configuration.setConnectionTimeout(connectTimeout.plusSeconds(1).toMillis());
        // a datasource that is down must not fail the server's start or the pool's creation: the request that needs it reports it
        configuration.setInitializationFailTimeout(-1);
        configuration.setReadOnly(true);
        if (settings.kind() == ExternalKind.MYSQL) {
            // the MariaDB driver's setReadOnly only steers replicas; the session itself must refuse writes
            configuration.setConnectionInitSql("SET SESSION TRANSACTION READ ONLY");
        }
        return configuration;
    }

    private Connection connect(ConnectionSettings settings) throws SQLException {
        Driver driver = DriverManager.getDriver(settings.url());
        Connection connection = driver.connect(settings.url(), properties(settings));
        if (connection == null) {
            throw new SQLException("No driver accepts " + settings.kind());
        }
        return connection;
    }

    private Properties properties(ConnectionSettings settings) {
        Properties properties = new Properties();
        long connectSeconds = Math.max(1, connectTimeout.toSeconds());
        long socketSeconds = statementTimeout.toSeconds() + connectSeconds + 5;
        switch (settings.kind()) {
            case POSTGRESQL -> {
                properties.setProperty("user", settings.user());
                settings.password().ifPresent(password -> properties.setProperty("password", password));
                properties.setProperty("connectTimeout", String.valueOf(connectSeconds));
                properties.setProperty("loginTimeout", String.valueOf(connectSeconds));
                properties.setProperty("socketTimeout", String.valueOf(socketSeconds));
                properties.setProperty("ApplicationName", "tarn");
                properties.setProperty("options", "-c default_transaction_read_only=on -c statement_timeout="
                        + statementTimeout.toMillis());
            }
            case MYSQL -> {
                properties.setProperty("user", settings.user());
                settings.password().ifPresent(password -> properties.setProperty("password", password));
                properties.setProperty("connectTimeout", String.valueOf(connectSeconds * 1000));
                properties.setProperty("socketTimeout", String.valueOf(socketSeconds * 1000));
                properties.setProperty("allowLocalInfile", "false");
            }
            case SQLITE -> {
                // SQLITE_OPEN_READONLY
                properties.setProperty("open_mode", "1");
                properties.setProperty("busy_timeout", String.valueOf(connectSeconds * 1000));
            }
            case DUCKDB -> {
                properties.setProperty("duckdb.read_only", "true");
                properties.setProperty("autoinstall_known_extensions", "false");
                properties.setProperty("autoload_known_extensions", "false");
                // a query must not read other files of this server (read_csv('/etc/passwd'))
                properties.setProperty("enable_external_access", "false");
                // each use opens its own instance: without bounds each would take every core and most of the memory
                properties.setProperty("threads", "2");
                properties.setProperty("memory_limit", "1GB");
            }
        }
        return properties;
    }

    private record TableName(String catalog, String schema, String name, String type) {
    }

    private List<TableName> tableNames(Connection connection, ConnectionSettings settings) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        String catalog = settings.kind() == ExternalKind.MYSQL ? settings.database() : null;
        List<TableName> names = new ArrayList<>();
        try (ResultSet tables = metaData.getTables(catalog, null, "%", null)) {
            while (tables.next()) {
                String type = String.valueOf(tables.getString("TABLE_TYPE")).toUpperCase(Locale.ROOT);
                String kind = switch (type) {
                    case "TABLE", "BASE TABLE", "PARTITIONED TABLE" -> "table";
                    case "VIEW", "MATERIALIZED VIEW" -> "view";
                    default -> "";
                };
                String name = tables.getString("TABLE_NAME");
                String schema = switch (settings.kind()) {
                    case MYSQL -> settings.database();
                    case SQLITE -> "main";
                    default -> tables.getString("TABLE_SCHEM");
                };
                if (kind.isEmpty() || schema == null || POSTGRESQL_SYSTEM_SCHEMAS.contains(schema) || schema.startsWith("pg_")
                        || name.startsWith("sqlite_")) {
                    continue;
                }
                names.add(new TableName(catalog, schema, name, kind));
            }
        }
        return names;
    }

    private IntrospectedTable describe(DatabaseMetaData metaData, ConnectionSettings settings, TableName table) throws SQLException {
        String schemaPattern = settings.kind() == ExternalKind.POSTGRESQL ? table.schema() : null;
        String comment = "";
        try (ResultSet rows = metaData.getTables(table.catalog(), schemaPattern, table.name(), null)) {
            if (rows.next()) {
                comment = rows.getString("REMARKS");
            }
        }
        List<IntrospectedTable.Column> columns = new ArrayList<>();
        try (ResultSet rows = metaData.getColumns(table.catalog(), schemaPattern, table.name(), "%")) {
            while (rows.next()) {
                columns.add(new IntrospectedTable.Column(rows.getString("COLUMN_NAME"), rows.getString("TYPE_NAME"), rows.getString("REMARKS")));
            }
        }
        Map<Integer, String> keyColumns = new java.util.TreeMap<>();
        try (ResultSet rows = metaData.getPrimaryKeys(table.catalog(), schemaPattern, table.name())) {
            while (rows.next()) {
                keyColumns.put(rows.getInt("KEY_SEQ"), rows.getString("COLUMN_NAME"));
            }
        }
        List<IntrospectedTable.ForeignKey> foreignKeys = new ArrayList<>();
        try (ResultSet rows = metaData.getImportedKeys(table.catalog(), schemaPattern, table.name())) {
            while (rows.next()) {
                String referencedSchema = switch (settings.kind()) {
                    case MYSQL -> rows.getString("PKTABLE_CAT");
                    case SQLITE -> "main";
                    default -> rows.getString("PKTABLE_SCHEM");
                };
                foreignKeys.add(new IntrospectedTable.ForeignKey(rows.getString("FKCOLUMN_NAME"),
                        referencedSchema == null ? table.schema() : referencedSchema, rows.getString("PKTABLE_NAME"), rows.getString("PKCOLUMN_NAME")));
            }
        }
        return new IntrospectedTable(table.schema(), table.name(), table.type(), comment, columns, List.copyOf(keyColumns.values()), foreignKeys);
    }

    private void setSearchPath(Connection connection, ExternalKind kind, List<String> searchPath) throws SQLException {
        if (searchPath.isEmpty() || (kind != ExternalKind.POSTGRESQL && kind != ExternalKind.DUCKDB)) {
            return;
        }
        String path = kind == ExternalKind.POSTGRESQL
                ? String.join(", ", searchPath.stream().map(kind::quote).toList())
                : "'" + String.join(",", searchPath.stream().map(kind::quote).toList()).replace("'", "''") + "'";
        try (Statement statement = connection.createStatement()) {
            statement.execute((kind == ExternalKind.POSTGRESQL ? "SET search_path TO " : "SET search_path = ") + path);
        }
    }

    private static DuckDbCatalog.Lookup lookup(Connection connection) {
        return (sql, parameters) -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                try (ResultSet resultSet = statement.executeQuery()) {
                    List<Map<String, Object>> rows = new ArrayList<>();
                    int count = resultSet.getMetaData().getColumnCount();
                    while (resultSet.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int i = 1; i <= count; i++) {
                            row.put(resultSet.getMetaData().getColumnLabel(i), resultSet.getObject(i));
                        }
                        rows.add(row);
                    }
                    return rows;
                }
            } catch (SQLException e) {
                throw new TarnException(ErrorCode.SQL_ERROR, reason(e), e);
            }
        };
    }

    /** The driver's own words, with the cause's when the outer message is only a wrapper. */
    static String reason(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        Throwable cause = failure.getCause();
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message = message + " (" + cause.getMessage() + ")";
        }
        return message;
    }

    private static long elapsedMillis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    static {
        // drivers found by the service loader are enough; naming them makes a shaded jar fail loudly if one is missing
        for (String name : List.of("org.postgresql.Driver", "org.mariadb.jdbc.Driver", "org.sqlite.JDBC", "org.duckdb.DuckDBDriver")) {
            try {
                Class.forName(name);
            } catch (ClassNotFoundException e) {
                LOG.warn("event=jdbc_driver_missing driver={}", name);
            }
        }
    }
}
