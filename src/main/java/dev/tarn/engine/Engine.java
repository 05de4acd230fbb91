package dev.tarn.engine;

import dev.tarn.config.TarnConfig;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The embedded DuckDB database every table lives in. The default catalog is the file
 * {@code memory.duckdb}, which DuckDB names {@code memory}: the name every Altertable client
 * expects, but persistent. Further catalogs are files under {@code catalogs/}.
 * <p>
 * At start the engine turns off extension downloads (no network here; a query must never hang on
 * one) and all file access from SQL except its own staging and catalog folders. That setting cannot
 * be turned back on while the database runs, so no statement of any user can read or write other files.
 */
public final class Engine implements AutoCloseable {
    public static final String DEFAULT_CATALOG = "memory";
    public static final String DEFAULT_SCHEMA = "main";
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final Pattern CATALOG_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final Path dataDirectory;
    private final Path stagingDirectory;
    private final Path catalogDirectory;
    private final DuckDBConnection root;
    private final Semaphore permits;
    private final long connectionWaitMillis;
    private final Object catalogLock = new Object();
    private final Optional<ResultPipes> pipes;
    private final java.util.concurrent.ExecutorService copies =
            java.util.concurrent.Executors.newCachedThreadPool(Thread.ofPlatform().daemon(true).name("tarn-copy-", 0).factory());
    private volatile java.util.Set<String> knownCatalogs = java.util.Set.of();

    private Engine(Path dataDirectory, DuckDBConnection root, TarnConfig.EngineSettings settings) {
        this.dataDirectory = dataDirectory;
        this.stagingDirectory = dataDirectory.resolve("staging");
        this.catalogDirectory = dataDirectory.resolve("catalogs");
        this.root = root;
        this.permits = new Semaphore(settings.connections(), true);
        this.connectionWaitMillis = settings.connectionWaitMillis();
        this.pipes = ResultPipes.create(dataDirectory.resolve("pipes"), settings.connections());
    }

    /** Opens (or creates) the database in {@code dataDirectory}. */
    public static Engine open(Path dataDirectory, TarnConfig.EngineSettings settings) {
        Path data = dataDirectory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(data.resolve("staging"));
            Files.createDirectories(data.resolve("catalogs"));
            clearStaging(data.resolve("staging"));
            Properties properties = new Properties();
            properties.setProperty("jdbc_stream_results", "true");
            properties.setProperty("autoinstall_known_extensions", "false");
            properties.setProperty("autoload_known_extensions", "false");
            if (settings.threads() > 0) {
                properties.setProperty("threads", String.valueOf(settings.threads()));
            }
            settings.memoryLimit().ifPresent(limit -> properties.setProperty("memory_limit", limit));
            DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection(
                    "jdbc:duckdb:" + data.resolve(DEFAULT_CATALOG + ".duckdb"), properties);
            Engine engine = new Engine(data, connection, settings);
            engine.defineFunctions();
            engine.attachCatalogs();
            engine.lockDownFileAccess();
            return engine;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the data directory " + data, e);
        } catch (SQLException e) {
            throw new TarnException(ErrorCode.INTERNAL_ERROR, "cannot open the database in " + data + ": " + e.getMessage(), e);
        }
    }

    /** A new session on its own connection; waits for a free one up to the configured time. */
    public Session openSession() {
        try {
            if (!permits.tryAcquire(connectionWaitMillis, TimeUnit.MILLISECONDS)) {
                throw new TarnException(ErrorCode.ENGINE_BUSY, "All engine connections are busy; retry shortly");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TarnException(ErrorCode.SHUTTING_DOWN, "interrupted while waiting for an engine connection");
        }
        try {
            return new Session(root.duplicate(), permits::release, pipes, copies);
        } catch (SQLException e) {
            permits.release();
            throw new TarnException(ErrorCode.INTERNAL_ERROR, "cannot open an engine connection: " + e.getMessage(), e);
        }
    }

    /**
     * A session outside the bounded pool, for the server's own short metadata work (parsing a
     * statement to check it) done while a request already holds its pooled session: taking a
     * second permit there could wait forever once every request holds one.
     */
    public Session openInternalSession() {
        try {
            return new Session(root.duplicate(), () -> { }, pipes, copies);
        } catch (SQLException e) {
            throw new TarnException(ErrorCode.INTERNAL_ERROR, "cannot open an engine connection: " + e.getMessage(), e);
        }
    }

    /** Where uploads and exports are staged; the only folder besides catalogs that SQL may read. */
    public Path stagingDirectory() {
        return stagingDirectory;
    }

    /** A fresh path in the staging folder for one temporary file. */
    public Path stagingFile(String suffix) {
        return stagingDirectory.resolve(UUID.randomUUID() + suffix);
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * Whether a catalog of this name exists (names compare without regard to case). Answered from
     * the names seen last, and looked up afresh only for a name not seen: this is on the path of
     * every append, and a lookup costs a connection and a query.
     */
    public boolean hasCatalog(String name) {
        String wanted = name.toLowerCase(java.util.Locale.ROOT);
        if (knownCatalogs.contains(wanted)) {
            return true;
        }
        catalogs();
        return knownCatalogs.contains(wanted);
    }

    /** The names of all catalogs, the default one first. */
    public List<String> catalogs() {
        try (Session session = openSession()) {
            List<String> names = new ArrayList<>();
            names.add(DEFAULT_CATALOG);
            session.rows("SELECT database_name FROM duckdb_databases() WHERE NOT internal AND database_name <> ? ORDER BY 1", DEFAULT_CATALOG)
                    .forEach(row -> names.add(String.valueOf(row.get("database_name"))));
            knownCatalogs = names.stream().map(n -> n.toLowerCase(java.util.Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
            return names;
        }
    }

    /** Creates a persistent catalog stored in its own file. */
    public void createCatalog(String name) {
        requireCatalogName(name);
        synchronized (catalogLock) {
            if (catalogs().contains(name)) {
                throw new TarnException(ErrorCode.CATALOG_EXISTS, "Catalog \"" + name + "\" already exists");
            }
            Path file = catalogDirectory.resolve(name + ".duckdb");
            // File access from SQL is locked down, and ATTACH cannot create a file then; a short-lived
            // second database instance creates it, and the main one attaches the existing file.
            try (var creator = DriverManager.getConnection("jdbc:duckdb:" + file)) {
                creator.isValid(1);
            } catch (SQLException e) {
                throw new TarnException(ErrorCode.INTERNAL_ERROR, "cannot create catalog file: " + e.getMessage(), e);
            }
            try (Statement statement = root.createStatement()) {
                statement.execute("ATTACH " + SqlQuoting.literal(file.toString()) + " AS " + SqlQuoting.identifier(name));
            } catch (SQLException e) {
                throw new TarnException(ErrorCode.INTERNAL_ERROR, "cannot attach catalog: " + e.getMessage(), e);
            }
        }
    }

    /** Detaches a catalog and deletes its file. */
    public void dropCatalog(String name) {
        requireCatalogName(name);
        if (name.equals(DEFAULT_CATALOG)) {
            throw new TarnException(ErrorCode.INVALID_STATEMENT, "The default catalog \"memory\" cannot be dropped");
        }
        synchronized (catalogLock) {
            if (!catalogs().contains(name)) {
                throw new TarnException(ErrorCode.CATALOG_NOT_FOUND, "Catalog \"" + name + "\" does not exist");
            }
            try (Statement statement = root.createStatement()) {
                statement.execute("DETACH " + SqlQuoting.identifier(name));
                Files.deleteIfExists(catalogDirectory.resolve(name + ".duckdb"));
                Files.deleteIfExists(catalogDirectory.resolve(name + ".duckdb.wal"));
                catalogs();
            } catch (SQLException | IOException e) {
                throw new TarnException(ErrorCode.INTERNAL_ERROR, "cannot drop catalog: " + e.getMessage(), e);
            }
        }
    }

    private static void requireCatalogName(String name) {
        if (!CATALOG_NAME.matcher(name).matches()) {
            throw new TarnException(ErrorCode.INVALID_STATEMENT,
                    "A catalog name must be lower-case letters, digits and underscores, starting with a letter, at most 63 characters");
        }
    }

    /**
     * Functions of the realtime dialect, usable in column defaults: SNOWFLAKE_ID() (time in the high
     * bits, a sequence in the low 22), UUID_V7(), ULID() (26 characters that sort by time; made from a
     * UUIDv7, so not Crockford's alphabet) and the acting user, read from a session variable.
     */
    private void defineFunctions() throws SQLException {
        try (Statement statement = root.createStatement()) {
            statement.execute("CREATE SEQUENCE IF NOT EXISTS memory.main.tarn_snowflake");
            // created once: a table whose default calls a macro makes DuckDB refuse to replace it at the next start
            defineMacro(statement, "snowflake_id",
                    "((epoch_ms(current_timestamp)::BIGINT - 1288834974657) << 22) | (nextval('memory.main.tarn_snowflake') % 4194304)");
            defineMacro(statement, "uuid_v7", "uuidv7()");
            defineMacro(statement, "ulid", "upper(substr(replace(uuidv7()::VARCHAR, '-', ''), 1, 26))");
        }
    }

    private static void defineMacro(Statement statement, String name, String body) throws SQLException {
        try (var existing = statement.executeQuery("SELECT 1 FROM duckdb_functions() WHERE database_name = 'memory' "
                + "AND schema_name = 'main' AND function_name = " + SqlQuoting.literal(name))) {
            if (existing.next()) {
                return;
            }
        }
        statement.execute("CREATE MACRO memory.main." + name + "() AS " + body);
    }

    private void attachCatalogs() throws SQLException, IOException {
        try (Stream<Path> files = Files.list(catalogDirectory); Statement statement = root.createStatement()) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".duckdb")).sorted().toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.duckdb$", "");
                if (CATALOG_NAME.matcher(name).matches()) {
                    statement.execute("ATTACH " + SqlQuoting.literal(file.toString()) + " AS " + SqlQuoting.identifier(name));
                    LOG.info("event=catalog_attached catalog={}", name);
                }
            }
        }
    }

    private void lockDownFileAccess() throws SQLException {
        try (Statement statement = root.createStatement()) {
            statement.execute("SET allowed_directories = [" + SqlQuoting.literal(stagingDirectory + "/") + ", "
                    + SqlQuoting.literal(catalogDirectory + "/") + ", " + SqlQuoting.literal(dataDirectory.resolve("pipes") + "/") + "]");
            statement.execute("SET enable_external_access = false");
        }
    }

    private static void clearStaging(Path staging) throws IOException {
        try (Stream<Path> leftovers = Files.list(staging)) {
            for (Path file : leftovers.toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Waits for running sessions up to the given time, then checkpoints and closes the database. */
    @Override
    public void close() {
        try (Statement statement = root.createStatement()) {
            statement.execute("CHECKPOINT");
        } catch (SQLException e) {
            LOG.warn("event=checkpoint_failed message=\"{}\"", e.getMessage());
        }
        copies.shutdownNow();
        try {
            root.close();
        } catch (SQLException e) {
            LOG.warn("event=close_failed message=\"{}\"", e.getMessage());
        }
    }
}
