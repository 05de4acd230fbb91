package dev.tarn.engine.external;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The connections themselves are read-only, whatever SQL reaches them: the parser's refusal above is
 * the first line, these are the second. Real PostgreSQL, MariaDB, SQLite and DuckDB.
 */
class ExternalDatabasesIT {
    private static final String NAME = "tarn_ro_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    @TempDir
    static Path folder;
    private static ExternalDatabases databases;

    @BeforeAll
    static void start() throws Exception {
        databases = new ExternalDatabases(Duration.ofSeconds(10), Duration.ofSeconds(3));
        execute("jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres", "CREATE SCHEMA " + NAME, "CREATE TABLE " + NAME + ".t (x INT)",
                "INSERT INTO " + NAME + ".t VALUES (1)");
        execute("jdbc:mariadb://127.0.0.1:3306/?user=root", "CREATE DATABASE " + NAME, "CREATE TABLE " + NAME + ".t (x INT)",
                "INSERT INTO " + NAME + ".t VALUES (1)");
    }

    @AfterAll
    static void stop() throws Exception {
        databases.close();
        execute("jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres", "DROP SCHEMA IF EXISTS " + NAME + " CASCADE");
        execute("jdbc:mariadb://127.0.0.1:3306/?user=root", "DROP DATABASE IF EXISTS " + NAME);
    }

    private static void execute(String url, String... statements) throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static void assertRefused(ConnectionSettings settings, List<String> searchPath, String write, String reason) {
        assertThatThrownBy(() -> databases.run(settings.kind().name(), settings, searchPath, write, List.of(), 10))
                .as(settings.kind() + ": " + write)
                .isInstanceOfSatisfying(TarnException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SQL_ERROR);
                    assertThat(e.getMessage()).containsIgnoringCase(reason);
                });
    }

    @Test
    void postgresqlRunsEveryStatementInAReadOnlyTransaction() {
        ConnectionSettings settings = ConnectionSettings.server(ExternalKind.POSTGRESQL, "127.0.0.1", 5432, "postgres", "postgres", Optional.empty());
        assertRefused(settings, List.of(NAME), "UPDATE t SET x = 2 RETURNING x", "read-only transaction");
        assertThat(databases.run("pg", settings, List.of(NAME), "SELECT x FROM t", List.of(), 10).rows()).containsExactly(List.of(1L));
    }

    @Test
    void mariadbSessionsAreReadOnly() {
        ConnectionSettings settings = ConnectionSettings.server(ExternalKind.MYSQL, "127.0.0.1", 3306, NAME, "root", Optional.empty());
        assertRefused(settings, List.of(), "UPDATE t SET x = 2", "READ ONLY");
        assertThat(databases.run("my", settings, List.of(), "SELECT x FROM t", List.of(), 10).rows()).containsExactly(List.of(1L));
    }

    @Test
    void sqliteFilesAreOpenedReadOnly() throws Exception {
        Path file = folder.resolve("ro.sqlite");
        execute("jdbc:sqlite:" + file, "CREATE TABLE t (x INTEGER)", "INSERT INTO t VALUES (1)");
        ConnectionSettings settings = ConnectionSettings.file(ExternalKind.SQLITE, file);
        assertRefused(settings, List.of(), "UPDATE t SET x = 2 RETURNING x", "readonly");
        assertThat(databases.run("sqlite", settings, List.of(), "SELECT x FROM t", List.of(), 10).rows()).containsExactly(List.of(1L));
    }

    @Test
    void duckdbFilesAreOpenedReadOnlyAndCannotReachOtherFiles() throws Exception {
        Path file = folder.resolve("ro.duckdb");
        execute("jdbc:duckdb:" + file, "CREATE TABLE t (x INTEGER)", "INSERT INTO t VALUES (1)");
        ConnectionSettings settings = ConnectionSettings.file(ExternalKind.DUCKDB, file);
        assertRefused(settings, List.of("main"), "UPDATE t SET x = 2 RETURNING x", "read-only");
        assertRefused(settings, List.of("main"), "SELECT * FROM read_csv('/etc/passwd')", "disabled");
        assertRefused(settings, List.of("main"), "COPY t TO '" + folder.resolve("stolen.csv") + "'", "disabled");
        assertThat(folder.resolve("stolen.csv")).doesNotExist();
        assertThat(databases.run("duck", settings, List.of("main"), "SELECT x FROM t", List.of(), 10).rows()).containsExactly(List.of(1L));
    }
}
