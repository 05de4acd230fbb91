package dev.tarn.ask.policy;

import dev.tarn.ask.nl.sql.SqlDialect;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Row filters on the local PostgreSQL (127.0.0.1:5432, user postgres, trust authentication). */
class PostgresRowFiltersIT extends RowFiltersOnDatabaseSpecification {
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

    @Override
    Connection openWithFreshSchema(String schema) throws SQLException {
        Connection connection = DriverManager.getConnection(URL);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
            statement.execute("SET search_path TO " + schema);
        }
        return connection;
    }

    @Override
    void dropSchema(String schema) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Override
    SqlDialect dialect() {
        return SqlDialect.POSTGRESQL;
    }

    @Override
    String timestampType() {
        return "TIMESTAMPTZ";
    }

    @Override
    String daysAgo(int days) {
        return "NOW() - INTERVAL '" + days + " days'";
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
