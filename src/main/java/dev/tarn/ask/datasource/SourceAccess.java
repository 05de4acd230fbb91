package dev.tarn.ask.datasource;

import dev.tarn.engine.external.ConnectionCheck;
import dev.tarn.engine.external.ConnectionSettings;
import dev.tarn.engine.external.ExternalDatabases;
import dev.tarn.engine.external.ExternalKind;
import dev.tarn.engine.external.IntrospectedTable;
import dev.tarn.engine.external.LocalCatalogs;
import dev.tarn.engine.external.QueryRows;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Where each kind of datasource is reached: this server's own catalogs for {@code tarn}, a pooled
 * JDBC connection for servers, the files under the datasource's own folder for file datasources.
 * Queries here are the server's own (introspection, samples, value indexes) or already checked by
 * {@link ReadOnlyQuery}.
 */
final class SourceAccess {
    private final ExternalDatabases external;
    private final LocalCatalogs local;
    private final Path directory;
    /** Reads of a datasource's files share; replacing or loading them waits until no read runs (and stops new ones). */
    private final Map<String, java.util.concurrent.locks.ReadWriteLock> fileLocks = new java.util.concurrent.ConcurrentHashMap<>();

    SourceAccess(ExternalDatabases external, LocalCatalogs local, Path directory) {
        this.external = external;
        this.local = local;
        this.directory = directory;
    }

    Path folder(String datasourceId) {
        return directory.resolve(datasourceId);
    }

    /** The database file a file datasource reads: the uploaded SQLite or DuckDB file, or the DuckDB file its data files are loaded into. */
    Path databaseFile(String datasourceId, DatasourceEngine engine) {
        return folder(datasourceId).resolve(switch (engine) {
            case SQLITE -> "database.sqlite";
            case DUCKDB -> "database.duckdb";
            default -> "tables.duckdb";
        });
    }

    ConnectionCheck check(String datasourceId, DatasourceEngine engine, AccessConfig config) {
        if (engine == DatasourceEngine.TARN) {
            return local.check(config.catalogOrDefault());
        }
        return reading(datasourceId, () -> {
            if (engine.isDatabaseFile() && !Files.exists(databaseFile(datasourceId, engine))) {
                return new ConnectionCheck(false, 0, Optional.empty(), Optional.of("No database file yet: upload the ." + engine.wireName()
                        + " file with POST /v1/datasources/{id}/files"));
            }
            return external.check(settings(datasourceId, engine, config));
        });
    }

    List<IntrospectedTable> introspect(Datasource datasource, Predicate<String> schemaWanted) {
        if (datasource.engine() == DatasourceEngine.TARN) {
            return local.introspect(datasource.accessConfig().catalogOrDefault(), schemaWanted);
        }
        return reading(datasource.id(), () -> external.introspect(datasource.id(), settings(datasource), schemaWanted));
    }

    Map<String, List<Map.Entry<String, String>>> listTables(Datasource datasource) {
        if (datasource.engine() == DatasourceEngine.TARN) {
            return local.listTables(datasource.accessConfig().catalogOrDefault());
        }
        return reading(datasource.id(), () -> external.listTables(datasource.id(), settings(datasource)));
    }

    QueryRows query(Datasource datasource, List<String> searchPath, String sql, List<Object> parameters, int maximumRows) {
        if (datasource.engine() == DatasourceEngine.TARN) {
            return local.run(datasource.accessConfig().catalogOrDefault(), searchPath, sql, parameters, maximumRows);
        }
        return reading(datasource.id(), () -> external.run(datasource.id(), settings(datasource), searchPath, sql, parameters, maximumRows));
    }

    /** Runs a change of the datasource's files (an upload, a removal) while no query reads them. */
    <T> T changingFiles(String datasourceId, java.util.function.Supplier<T> change) {
        var lock = fileLock(datasourceId).writeLock();
        lock.lock();
        try {
            return change.get();
        } finally {
            lock.unlock();
        }
    }

    private <T> T reading(String datasourceId, java.util.function.Supplier<T> read) {
        var lock = fileLock(datasourceId).readLock();
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    private java.util.concurrent.locks.ReadWriteLock fileLock(String datasourceId) {
        return fileLocks.computeIfAbsent(datasourceId, id -> new java.util.concurrent.locks.ReentrantReadWriteLock());
    }

    /** A table's name as this datasource's SQL spells it, qualified where the schema matters. */
    String qualifiedName(Datasource datasource, String schema, String table) {
        var dialect = datasource.engine().dialect();
        return switch (datasource.engine()) {
            case SQLITE -> dialect.quoteIdentifier(table);
            default -> dialect.quoteIdentifier(schema) + "." + dialect.quoteIdentifier(table);
        };
    }

    /** Closes the datasource's connections, before its file is replaced or it is deleted. */
    void release(String datasourceId) {
        external.release(datasourceId);
    }

    private ConnectionSettings settings(Datasource datasource) {
        return settings(datasource.id(), datasource.engine(), datasource.accessConfig());
    }

    private ConnectionSettings settings(String datasourceId, DatasourceEngine engine, AccessConfig config) {
        return switch (engine) {
            case POSTGRESQL -> ConnectionSettings.server(ExternalKind.POSTGRESQL, config.host().orElseThrow(), config.port().orElse(5432),
                    config.db().orElse("postgres"), config.user().orElseThrow(), config.password());
            case MYSQL -> ConnectionSettings.server(ExternalKind.MYSQL, config.host().orElseThrow(), config.port().orElse(3306),
                    config.db().orElseThrow(), config.user().orElseThrow(), config.password());
            case SQLITE -> ConnectionSettings.file(ExternalKind.SQLITE, existing(databaseFile(datasourceId, engine), engine));
            case DUCKDB, EXCEL, CSV, PARQUET -> ConnectionSettings.file(ExternalKind.DUCKDB, existing(databaseFile(datasourceId, engine), engine));
            case TARN -> throw new IllegalStateException("tarn datasources are read through the engine");
        };
    }

    private static Path existing(Path file, DatasourceEngine engine) {
        if (!Files.exists(file)) {
            throw new TarnException(ErrorCode.DATASOURCE_CONNECTION_FAILED, "The datasource has no database file yet: upload its "
                    + (engine.isDatabaseFile() ? "." + engine.wireName() + " file" : "files") + " with POST /v1/datasources/{id}/files");
        }
        return file;
    }

    /** The schemas unqualified names resolve in, the configured one first. */
    static List<String> searchPath(Datasource datasource) {
        List<String> path = new ArrayList<>();
        datasource.accessConfig().schema().ifPresent(path::add);
        datasource.meta().ifPresent(meta -> meta.schemas().keySet().stream().filter(schema -> !path.contains(schema)).forEach(path::add));
        if (path.isEmpty()) {
            switch (datasource.engine()) {
                case POSTGRESQL -> path.add("public");
                case MYSQL -> datasource.accessConfig().db().ifPresent(path::add);
                case SQLITE -> path.add("main");
                default -> path.add("main");
            }
        }
        return path;
    }
}
