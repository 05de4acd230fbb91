package dev.tarn.ask.policy;

import dev.tarn.ask.nl.sql.SqlDialect;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Row filters on the local MariaDB (127.0.0.1:3306, user root without password); a database plays the schema. */
class MariaDbRowFiltersIT extends RowFiltersOnDatabaseSpecification {
    private static final String SERVER = "jdbc:mariadb://127.0.0.1:3306/";

    @Override
    Connection openWithFreshSchema(String schema) throws SQLException {
        try (Connection server = DriverManager.getConnection(SERVER + "?user=root&sslMode=disable"); Statement statement = server.createStatement()) {
            statement.execute("CREATE DATABASE " + schema);
        }
        return DriverManager.getConnection(SERVER + schema + "?user=root&sslMode=disable");
    }

    @Override
    void dropSchema(String schema) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE " + schema);
        }
    }

    @Override
    SqlDialect dialect() {
        return SqlDialect.MYSQL;
    }

    @Override
    String timestampType() {
        return "DATETIME";
    }

    @Override
    String daysAgo(int days) {
        return "NOW() - INTERVAL " + days + " DAY";
    }

    @Override
    String catalogFor(String schemaName) {
        return schemaName;
    }

    @Override
    String schemaFor(String schemaName) {
        return null;
    }
}
