package dev.tarn.engine.external;

import dev.tarn.engine.SqlQuoting;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;

/**
 * The DuckDB database file a file datasource owns: each uploaded CSV or Parquet file (and each
 * sheet of a workbook, turned into CSV first) becomes one table in it. It is opened writable only
 * here, on a connection of its own, while the datasource's read-only pool is closed.
 */
public final class FileDatabase {
    /** The formats DuckDB reads by itself. */
    public enum Format { CSV, PARQUET }

    private static final byte[] SQLITE_HEADER = "SQLite format 3\u0000".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] DUCKDB_MAGIC = "DUCK".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private FileDatabase() {
    }

    /** Creates or replaces {@code table} with the rows of {@code source}; the types are DuckDB's detection. */
    public static void load(Path databaseFile, String table, Path source, Format format) {
        String reader = switch (format) {
            case CSV -> "read_csv(" + SqlQuoting.literal(source.toString()) + ", header = true, sample_size = -1)";
            case PARQUET -> "read_parquet(" + SqlQuoting.literal(source.toString()) + ")";
        };
        execute(databaseFile, "CREATE OR REPLACE TABLE " + SqlQuoting.identifier(table) + " AS SELECT * FROM " + reader,
                "The file could not be read as " + format.name().toLowerCase(java.util.Locale.ROOT));
    }

    public static void dropTable(Path databaseFile, String table) {
        execute(databaseFile, "DROP TABLE IF EXISTS " + SqlQuoting.identifier(table), "The table could not be dropped");
    }

    /** Creates an empty database file, so that a file datasource without files can still be introspected. */
    public static void create(Path databaseFile) {
        execute(databaseFile, "CHECKPOINT", "The datasource's database file could not be created");
    }

    private static void execute(Path databaseFile, String sql, String failure) {
        try {
            Files.createDirectories(databaseFile.getParent());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Properties properties = new Properties();
        properties.setProperty("autoinstall_known_extensions", "false");
        properties.setProperty("autoload_known_extensions", "false");
        properties.setProperty("threads", "2");
        properties.setProperty("memory_limit", "1GB");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + databaseFile, properties);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
            statement.execute("CHECKPOINT");
        } catch (SQLException e) {
            throw new TarnException(ErrorCode.DATASOURCE_FILE_INVALID, failure + ": " + ExternalDatabases.reason(e), e);
        }
    }

    /** Fails with 400 unless the file starts as an SQLite database does. */
    public static void requireSqlite(Path file) {
        if (!startsWith(file, 0, SQLITE_HEADER)) {
            throw new TarnException(ErrorCode.DATASOURCE_FILE_INVALID, "The file is not an SQLite database (it lacks the 'SQLite format 3' header)");
        }
    }

    /** Fails with 400 unless the file carries DuckDB's magic bytes. */
    public static void requireDuckDb(Path file) {
        if (!startsWith(file, 8, DUCKDB_MAGIC)) {
            throw new TarnException(ErrorCode.DATASOURCE_FILE_INVALID, "The file is not a DuckDB database (it lacks DuckDB's header)");
        }
    }

    private static boolean startsWith(Path file, int offset, byte[] expected) {
        try (InputStream input = Files.newInputStream(file)) {
            byte[] head = input.readNBytes(offset + expected.length);
            return head.length == offset + expected.length && Arrays.equals(Arrays.copyOfRange(head, offset, head.length), expected);
        } catch (IOException e) {
            return false;
        }
    }
}
