package dev.tarn.ask.datasource;

import dev.tarn.ask.nl.sql.SqlDialect;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of datasource Tarn reaches, with the SQL dialect each answers in. */
public enum DatasourceEngine {
    /** A catalog (or catalog.schema) of this very server. */
    TARN(SqlDialect.DUCKDB),
    POSTGRESQL(SqlDialect.POSTGRESQL),
    /** MySQL and MariaDB. */
    MYSQL(SqlDialect.MYSQL),
    /** An uploaded SQLite database file. */
    SQLITE(SqlDialect.SQLITE),
    /** An uploaded DuckDB database file. */
    DUCKDB(SqlDialect.DUCKDB),
    /** Uploaded .xlsx, CSV or Parquet files, loaded into a DuckDB file of the datasource's own. */
    EXCEL(SqlDialect.DUCKDB),
    CSV(SqlDialect.DUCKDB),
    PARQUET(SqlDialect.DUCKDB);

    private final SqlDialect dialect;

    DatasourceEngine(SqlDialect dialect) {
        this.dialect = dialect;
    }

    public SqlDialect dialect() {
        return dialect;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A database server reached over the network with host, port and credentials. */
    public boolean isServer() {
        return this == POSTGRESQL || this == MYSQL;
    }

    /** A database file uploaded as a whole. */
    public boolean isDatabaseFile() {
        return this == SQLITE || this == DUCKDB;
    }

    /** Data files uploaded one by one, each becoming a table. */
    public boolean isDataFiles() {
        return this == EXCEL || this == CSV || this == PARQUET;
    }

    public static DatasourceEngine parse(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (wanted.equals("mariadb")) {
            return MYSQL;
        }
        return Arrays.stream(values()).filter(engine -> engine.wireName().equals(wanted)).findFirst()
                .orElseThrow(() -> new TarnException(ErrorCode.DATASOURCE_ENGINE_UNKNOWN, "Unknown engine '" + name + "': use one of "
                        + Arrays.stream(values()).map(DatasourceEngine::wireName).collect(Collectors.joining(", ")) + " (mariadb is accepted for mysql)"));
    }
}
