package dev.tarn.http.lakehouse;

import dev.tarn.support.HttpTestClient;
import dev.tarn.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Users who are not administrators get no file, network, extension or settings access from SQL. */
class FileAccessIT {
    private static TestServer server;
    private static HttpTestClient user;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        server.root().query("CREATE USER analyst WITH PASSWORD 'analyst-password' ROLE user");
        server.root().query("CREATE TABLE facts(x INT); INSERT INTO facts VALUES (1)");
        user = server.as("analyst", "analyst-password");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT * FROM read_csv('/etc/passwd')",
            "SELECT * FROM read_text('/etc/hostname')",
            "SELECT * FROM '/etc/hosts.csv'",
            "COPY facts TO '/tmp/tarn-leak.csv'",
            "ATTACH '/tmp/tarn-other.duckdb' AS other",
            "INSTALL httpfs",
            "LOAD httpfs",
            "SET enable_external_access = true",
            "SET memory_limit = '1KB'",
            "PRAGMA database_size",
            "SELECT * FROM query('SELECT 1')",
            "CREATE TABLE copied AS SELECT * FROM read_parquet('/tmp/x.parquet')",
            "CREATE MACRO sneaky() AS TABLE SELECT * FROM read_text('/etc/hostname')",
            "CREATE SECRET s (TYPE s3, KEY_ID 'x', SECRET 'y')"
    })
    void isRefusedWithAPermissionError(String statement) {
        var lines = user.query(statement).lines();
        assertThat(lines.get(1).has("error")).as(statement).isTrue();
        assertThat(lines.get(1).get("error").asText()).as(statement).containsIgnoringCase("permission");
    }

    @Test
    void administratorsAreAlsoKeptOutOfFilesOutsideTheEngine() {
        var lines = server.root().query("SELECT * FROM read_csv('/etc/passwd')").lines();
        assertThat(lines.get(1).get("error").asText()).startsWith("Permission Error");
    }

    @Test
    void ordinaryQueriesStillWork() {
        assertThat(user.query("SELECT x FROM facts").lines().get(2).get(0).asInt()).isEqualTo(1);
        assertThat(user.query("CREATE TABLE mine AS SELECT 2 AS y; SELECT y FROM mine").lines().get(2).get(0).asInt()).isEqualTo(2);
    }

    @Test
    void validateReportsThePermissionErrorToo() {
        var answer = user.post("/validate", java.util.Map.of("statement", "COPY facts TO '/tmp/x.csv'")).json();
        assertThat(answer.get("valid").asBoolean()).isFalse();
        assertThat(answer.get("error").asText()).startsWith("Permission Error");
    }
}
