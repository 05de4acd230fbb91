package dev.tarn.ask.policy;

import dev.tarn.ask.nl.sql.SqlDialect;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Row filters on an in-memory DuckDB reached through its JDBC driver directly, as a DuckDB-file
 * datasource would be: the test stands in for the datasource, not for Tarn's engine.
 */
class DuckDbRowFiltersIT extends RowFiltersOnDatabaseSpecification {
    @Override
    Connection openWithFreshSchema(String schema) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET autoinstall_known_extensions = false");
            statement.execute("SET autoload_known_extensions = false");
            statement.execute("CREATE SCHEMA " + schema);
            statement.execute("USE " + schema);
        }
        return connection;
    }

    @Override
    void dropSchema(String schema) {
        // the database lives in memory and goes with its connection
    }

    @Override
    SqlDialect dialect() {
        return SqlDialect.DUCKDB;
    }

    @Override
    String timestampType() {
        return "TIMESTAMP";
    }

    @Override
    String daysAgo(int days) {
        return "CAST(NOW() AS TIMESTAMP) - INTERVAL " + days + " DAY";
    }

    @Override
    String catalogFor(String schemaName) {
        return null;
    }

    @Override
    String schemaFor(String schemaName) {
        return schemaName;
    }
}
