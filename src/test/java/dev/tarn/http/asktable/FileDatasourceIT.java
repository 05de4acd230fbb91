package dev.tarn.http.asktable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tarn.ask.ResultTable;
import dev.tarn.ask.datasource.QuestionContext;
import dev.tarn.ask.nl.model.ColumnSchema;
import dev.tarn.ask.nl.model.DataType;
import dev.tarn.ask.nl.model.ForeignKey;
import dev.tarn.ask.nl.sql.SqlDialect;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import dev.tarn.support.HttpTestClient;
import dev.tarn.support.TestServer;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Datasources made of uploaded files: SQLite and DuckDB databases, CSV, Parquet and .xlsx files, each generated here. */
class FileDatasourceIT {
    private static TestServer server;
    private static DatasourceClient client;
    @TempDir
    static Path folder;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        client = new DatasourceClient(server.root());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void run(String url, String... statements) throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    @Test
    void anUploadedSqliteDatabaseIsSyncedWithItsKeysAndQueried() throws Exception {
        Path file = folder.resolve("zoo.sqlite");
        run("jdbc:sqlite:" + file,
                "CREATE TABLE keepers (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
                "CREATE TABLE animals (id INTEGER PRIMARY KEY, species TEXT, weight_kg REAL, keeper_id INTEGER REFERENCES keepers(id))",
                "INSERT INTO keepers VALUES (1, 'Mia'), (2, 'Tom')",
                "INSERT INTO animals VALUES (1, 'Okapi', 250.5, 1), (2, 'Red panda', 5.2, 2), (3, 'Tapir', 300.0, 1)");
        String id = client.create(Map.of("engine", "sqlite", "name", "Zoo")).path("id").asText();
        JsonNode before = client.post("/v1/datasources/" + id + "/test-connection", Map.of()).json();
        assertThat(before.path("ok").asBoolean()).isFalse();
        assertThat(before.path("error").asText()).contains("/files");

        HttpTestClient.Answer upload = client.upload(id, "zoo.sqlite", Files.readAllBytes(file));
        assertThat(upload.status()).as(upload.body()).isEqualTo(200);
        assertThat(upload.json().path("id").asText()).startsWith("file_");
        assertThat(client.post("/v1/datasources/" + id + "/test-connection", Map.of()).json().path("ok").asBoolean()).isTrue();

        JsonNode meta = client.sync(id);
        JsonNode animals = meta.path("schemas").path("main").path("tables").path("animals");
        assertThat(animals.path("primary_key").get(0).asText()).isEqualTo("id");
        assertThat(animals.path("foreign_keys").get(0).path("referenced_table").asText()).isEqualTo("keepers");

        QuestionContext context = server.server().datasources().questionContext(id);
        assertThat(context.dialect()).isEqualTo(SqlDialect.SQLITE);
        assertThat(context.schema().table("animals").orElseThrow().foreignKeys()).containsExactly(new ForeignKey("keeper_id", "keepers", "id"));
        ResultTable heavy = server.server().datasources().run(id, "SELECT k.name, COUNT(*) AS animals, SUM(a.weight_kg) AS weight FROM animals a "
                + "JOIN keepers k ON k.id = a.keeper_id WHERE a.weight_kg > ? GROUP BY k.name", List.of(100), 10);
        assertThat(heavy.columns()).extracting(ResultTable.Column::type).containsExactly(DataType.TEXT, DataType.INTEGER, DataType.DECIMAL);
        assertThat(heavy.rows()).containsExactly(List.of("Mia", 2L, 550.5));
        assertThatThrownBy(() -> server.server().datasources().run(id, "DELETE FROM animals", List.of(), 10))
                .isInstanceOfSatisfying(TarnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DATASOURCE_QUERY_REFUSED));
        assertThat(client.get("/v1/datasources/" + id).json().path("access_config").path("files").get(0).path("filename").asText())
                .isEqualTo("zoo.sqlite");
    }

    @Test
    void anUploadedDuckDbDatabaseIsOpenedReadOnlyWithoutFileAccess() throws Exception {
        Path file = folder.resolve("weather.duckdb");
        run("jdbc:duckdb:" + file,
                "CREATE TABLE stations (code VARCHAR PRIMARY KEY, city VARCHAR)",
                "CREATE TABLE readings (station VARCHAR REFERENCES stations(code), day DATE, celsius DOUBLE)",
                "COMMENT ON COLUMN readings.celsius IS 'Noon temperature'",
                "INSERT INTO stations VALUES ('LYS', 'Lyon'), ('KIX', 'Osaka')",
                "INSERT INTO readings VALUES ('LYS', DATE '2026-07-01', 31.5), ('KIX', DATE '2026-07-01', 33.0), ('LYS', DATE '2026-07-02', 29.0)",
                "CREATE SCHEMA archive", "CREATE TABLE archive.old_readings AS SELECT * FROM readings WHERE day < DATE '2026-07-02'");
        String id = client.create(Map.of("engine", "duckdb")).path("id").asText();
        assertThat(client.upload(id, "weather.duckdb", Files.readAllBytes(file)).status()).isEqualTo(200);
        JsonNode meta = client.sync(id);
        assertThat(meta.path("schemas").path("main").path("tables").path("readings").path("fields").path("celsius").path("origin_desc").asText())
                .isEqualTo("Noon temperature");
        QuestionContext context = server.server().datasources().questionContext(id);
        assertThat(context.schema().table("readings").orElseThrow().foreignKeys()).containsExactly(new ForeignKey("station", "stations", "code"));
        ResultTable hottest = server.server().datasources().run(id, "SELECT s.city, max(r.celsius) AS top FROM readings r JOIN stations s "
                + "ON s.code = r.station GROUP BY s.city ORDER BY top DESC", List.of(), 1);
        assertThat(hottest.rows()).containsExactly(List.of("Osaka", 33.0));
        assertThat(hottest.truncated()).isTrue();
        // a table of the second schema, named without it
        assertThat(server.server().datasources().run(id, "SELECT count(*) AS n FROM old_readings", List.of(), 1).rows()).containsExactly(List.of(2L));
        assertThatThrownBy(() -> server.server().datasources().run(id, "SELECT * FROM read_csv('/etc/passwd')", List.of(), 10))
                .isInstanceOfSatisfying(TarnException.class, e -> assertThat(e.getMessage()).doesNotContain("root:x:0"));
    }

    @Test
    void csvAndParquetUploadsBecomeTypedTablesOfOneDatasource() throws Exception {
        String id = client.create(Map.of("engine", "csv", "name", "Sales files")).path("id").asText();
        String csv = "region,sold_on,amount,note\nNorth,2026-03-01,12.5,\"with, comma\"\nSouth,2026-03-02,7,plain\nNorth,2026-03-05,3.25,\n";
        HttpTestClient.Answer first = client.upload(id, "Sales 2026.csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().path("tables").get(0).asText()).isEqualTo("sales_2026");

        Path parquet = folder.resolve("targets.parquet");
        run("jdbc:duckdb:", "COPY (SELECT * FROM (VALUES ('North', 20), ('South', 10)) AS t(region, target)) TO '" + parquet + "' (FORMAT parquet)");
        HttpTestClient.Answer second = client.upload(id, "targets.parquet", Files.readAllBytes(parquet));
        assertThat(second.status()).as(second.body()).isEqualTo(200);

        client.sync(id);
        QuestionContext context = server.server().datasources().questionContext(id);
        assertThat(context.schema().table("sales_2026").orElseThrow().columns()).containsExactly(
                new ColumnSchema("region", DataType.TEXT), new ColumnSchema("sold_on", DataType.DATE),
                new ColumnSchema("amount", DataType.DECIMAL), new ColumnSchema("note", DataType.TEXT));
        ResultTable joined = server.server().datasources().run(id, "SELECT s.region, sum(s.amount) AS sold, t.target FROM sales_2026 s "
                + "JOIN targets t USING (region) GROUP BY s.region, t.target ORDER BY s.region", List.of(), 10);
        assertThat(joined.rows()).containsExactly(List.of("North", 15.75, 20L), List.of("South", 7.0, 10L));

        String fileId = first.json().path("id").asText();
        assertThat(client.delete("/v1/datasources/" + id + "/files/" + fileId).status()).isEqualTo(200);
        assertThat(server.server().datasources().questionContext(id).schema().table("sales_2026")).isEmpty();
        assertThatThrownBy(() -> server.server().datasources().run(id, "SELECT * FROM sales_2026", List.of(), 10))
                .isInstanceOfSatisfying(TarnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SQL_ERROR));
    }

    @Test
    void eachSheetOfAnXlsxWorkbookBecomesATableWithDatesAndNumbers() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Workbook workbook = new Workbook(bytes, "tarn-test", "1.0")) {
            Worksheet staff = workbook.newWorksheet("Staff");
            staff.value(0, 0, "name");
            staff.value(0, 1, "hired");
            staff.value(0, 2, "salary");
            staff.value(1, 0, "Alice");
            staff.value(1, 1, LocalDate.of(2021, 4, 1));
            staff.style(1, 1).format("yyyy-mm-dd").set();
            staff.value(1, 2, 52000);
            staff.value(2, 0, "Bob");
            staff.value(2, 1, LocalDate.of(2023, 9, 15));
            staff.style(2, 1).format("yyyy-mm-dd").set();
            staff.value(2, 2, 48500.5);
            Worksheet offices = workbook.newWorksheet("Offices");
            offices.value(0, 0, "city");
            offices.value(1, 0, "Lyon");
        }
        String id = client.create(Map.of("engine", "excel")).path("id").asText();
        HttpTestClient.Answer upload = client.upload(id, "company.xlsx", bytes.toByteArray());
        assertThat(upload.status()).as(upload.body()).isEqualTo(200);
        assertThat(List.of(upload.json().path("tables").get(0).asText(), upload.json().path("tables").get(1).asText()))
                .containsExactly("company_staff", "company_offices");
        client.sync(id);
        QuestionContext context = server.server().datasources().questionContext(id);
        assertThat(context.schema().table("company_staff").orElseThrow().columns()).extracting(ColumnSchema::type)
                .containsExactly(DataType.TEXT, DataType.DATE, DataType.DECIMAL);
        ResultTable hired = server.server().datasources().run(id, "SELECT name, hired FROM company_staff WHERE hired > ? ORDER BY name",
                List.of(LocalDate.of(2022, 1, 1)), 10);
        assertThat(hired.rows()).containsExactly(List.of("Bob", LocalDate.of(2023, 9, 15)));
    }

    @Test
    void aFileDatasourceCannotPointAtAServerPathAndRefusesWrongFiles() {
        for (String engine : List.of("sqlite", "duckdb", "csv", "excel")) {
            HttpTestClient.Answer answer = client.post("/v1/datasources", Map.of("engine", engine, "access_config", Map.of("db", "/etc/passwd")));
            assertThat(answer.status()).as(engine).isEqualTo(400);
            assertThat(answer.json().path("detail").asText()).contains("/files");
        }
        HttpTestClient.Answer files = client.post("/v1/datasources", Map.of("engine", "excel", "access_config", Map.of("files", List.of("file:///etc/passwd"))));
        assertThat(files.status()).isEqualTo(400);

        String sqlite = client.create(Map.of("engine", "sqlite")).path("id").asText();
        HttpTestClient.Answer notSqlite = client.upload(sqlite, "passwd.sqlite", "root:x:0:0:root:/root:/bin/bash\n".getBytes(StandardCharsets.UTF_8));
        assertThat(notSqlite.status()).isEqualTo(400);
        assertThat(notSqlite.json().path("code").asText()).isEqualTo("DATASOURCE_FILE_INVALID");

        String csv = client.create(Map.of("engine", "csv")).path("id").asText();
        HttpTestClient.Answer unknown = client.upload(csv, "notes.docx", new byte[]{1, 2, 3});
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("detail").asText()).contains(".csv", ".parquet", ".xlsx");
        HttpTestClient.Answer traversal = client.upload(csv, "../../../../tmp/evil.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8));
        assertThat(traversal.status()).isEqualTo(200);
        assertThat(traversal.json().path("filename").asText()).isEqualTo("evil.csv");
        assertThat(Files.exists(server.dataDirectory().resolve("datasources").resolve(csv))).isTrue();

        String postgres = client.post("/v1/datasources", Map.of("engine", "tarn")).json().path("id").asText();
        assertThat(client.upload(postgres, "x.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(400);
    }

    @Test
    void aFileAboveTheUploadLimitIsRefusedAndNothingIsLoaded() {
        try (TestServer small = TestServer.start(Map.of(dev.tarn.config.ConfigKey.ASK_DATASOURCE_MAX_FILE_BYTES, "1000"))) {
            DatasourceClient smallClient = new DatasourceClient(small.root());
            String id = smallClient.create(Map.of("engine", "csv")).path("id").asText();
            HttpTestClient.Answer answer = smallClient.upload(id, "big.csv", ("x\n" + "1\n".repeat(5_000)).getBytes(StandardCharsets.UTF_8));
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.json().path("code").asText()).isEqualTo("FILE_TOO_LARGE");
            assertThat(answer.json().path("detail").asText()).contains("1000 bytes");
            assertThat(smallClient.get("/v1/datasources/" + id).json().path("access_config").path("files").size()).isZero();
        }
    }

    @Test
    void deletingADatasourceRemovesItsFilesAndItsListing() {
        String id = client.create(Map.of("engine", "csv")).path("id").asText();
        assertThat(client.upload(id, "a.csv", "x\n1\n".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
        Path own = server.dataDirectory().resolve("datasources").resolve(id);
        assertThat(own).exists();
        assertThat(client.delete("/v1/datasources/" + id).status()).isEqualTo(200);
        assertThat(own).doesNotExist();
        assertThat(client.get("/v1/datasources/" + id).status()).isEqualTo(404);
    }
}
