package dev.tarn.engine;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tarn's own state (users, and later keys, tasks and the like) in a database file of its own.
 * It is a separate DuckDB instance that user SQL cannot reach: the main database cannot attach it
 * (file access is locked down) and no session is ever opened on it for a caller.
 */
public final class SystemDatabase implements AutoCloseable {
    private final Connection connection;

    private SystemDatabase(Connection connection) {
        this.connection = connection;
    }

    public static SystemDatabase open(Path dataDirectory) {
        return open(dataDirectory, "tarn.duckdb");
    }

    /**
     * A system database in a file of its own under {@code system/}: state written as often as topic
     * messages would otherwise queue every login and token check behind it on the one connection.
     */
    public static SystemDatabase open(Path dataDirectory, String fileName) {
        Path folder = dataDirectory.toAbsolutePath().normalize().resolve("system");
        try {
            Files.createDirectories(folder);
            return new SystemDatabase(DriverManager.getConnection("jdbc:duckdb:" + folder.resolve(fileName)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new TarnException(ErrorCode.INTERNAL_ERROR, "cannot open the system database: " + e.getMessage(), e);
        }
    }

    /** Runs a statement with bound parameters; returns the number of changed rows. */
    public synchronized long update(String sql, Object... parameters) {
        try (PreparedStatement statement = prepare(sql, parameters)) {
            statement.execute();
            return Math.max(0, statement.getLargeUpdateCount());
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * Runs {@code work} in one transaction: its {@link #update}s and {@link #query}s (on this thread,
     * the monitor is held throughout) commit together, or none does when it throws. The commit has
     * reached DuckDB's write-ahead log when this returns.
     */
    public synchronized <T> T transaction(java.util.function.Supplier<T> work) {
        try {
            connection.setAutoCommit(false);
            T result;
            try {
                result = work.get();
                connection.commit();
            } catch (RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
            return result;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Runs a query with bound parameters; the rows as maps from column name to value. */
    public synchronized List<Map<String, Object>> query(String sql, Object... parameters) {
        try (PreparedStatement statement = prepare(sql, parameters); ResultSet resultSet = statement.executeQuery()) {
            ResultSetMetaData metaData = resultSet.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (resultSet.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= metaData.getColumnCount(); i++) {
                    Object value = resultSet.getObject(i);
                    // callers outside the engine never see java.sql types
                    row.put(metaData.getColumnName(i), value instanceof java.sql.Timestamp timestamp ? timestamp.toLocalDateTime() : value);
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private PreparedStatement prepare(String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }

    private static TarnException failure(SQLException e) {
        return new TarnException(ErrorCode.INTERNAL_ERROR, "system database: " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing left to do at shutdown
        }
    }
}
