package dev.tarn.http.asktable;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same question flow on every kind of datasource: the same twelve orders are put into MariaDB,
 * an SQLite file, a DuckDB file, a CSV file, a Parquet file, an .xlsx workbook and a table of this
 * server; each datasource is created, synced and indexed over HTTP, then asked for SQL, an answer
 * and a chart, and the numbers are checked against the orders themselves.
 */
class AskEveryEngineIT {
    private static final String MARIADB_DATABASE = "ask_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    /** id, country, amount, ordered_at: generated, the expectations are computed from this list. */
    private static final List<Object[]> ORDERS = new ArrayList<>();

    static {
        String[] countries = {"France", "Spain", "France", "Italy"};
        for (int id = 1; id <= 12; id++) {
            ORDERS.add(new Object[]{id, countries[id % countries.length], 10.0 * id + 0.25, LocalDate.of(2024, 1 + id % 6, 1 + id)});
        }
    }

    private static TestServer server;
    private static DatasourceClient client;
    @TempDir
    static Path folder;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        client = new DatasourceClient(server.root());
        try (Connection connection = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + MARIADB_DATABASE);
        }
        run("jdbc:mariadb://127.0.0.1:3306/" + MARIADB_DATABASE + "?user=root", statements("DECIMAL(10,2)"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        try (Connection connection = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + MARIADB_DATABASE);
        }
    }

    @Test
    void mariaDb() {
        String id = client.create(Map.of("engine", "mysql", "access_config",
                Map.of("host", "127.0.0.1", "port", 3306, "db", MARIADB_DATABASE, "user", "root", "password", ""))).path("id").asText();
        askEverything(id, MARIADB_DATABASE, "orders", "`");

        // MySQL's date grains are the hardest to spell; each quarter's total must add up to the whole
        JsonNode quarters = ask("q2a", id, "total amount of orders by quarter");
        assertThat(quarters.path("status").asText()).as(quarters.toString()).isEqualTo("success");
        assertThat(quarters.at("/answer/dataframe/content/0/0").asText()).isEqualTo("2024-01-01");
        double total = 0;
        for (JsonNode row : quarters.at("/answer/dataframe/content")) {
            total += row.get(1).asDouble();
        }
        assertThat(total).isCloseTo(ORDERS.stream().mapToDouble(order -> (Double) order[2]).sum(), org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void sqliteFile() throws Exception {
        Path file = folder.resolve("shop.sqlite");
        run("jdbc:sqlite:" + file, statements("REAL"));
        String id = client.create(Map.of("engine", "sqlite")).path("id").asText();
        assertThat(client.upload(id, "shop.sqlite", Files.readAllBytes(file)).status()).isEqualTo(200);
        askEverything(id, "main", "orders", "\"");
    }

    @Test
    void duckDbFile() throws Exception {
        Path file = folder.resolve("shop.duckdb");
        run("jdbc:duckdb:" + file, statements("DECIMAL(10,2)"));
        String id = client.create(Map.of("engine", "duckdb")).path("id").asText();
        assertThat(client.upload(id, "shop.duckdb", Files.readAllBytes(file)).status()).isEqualTo(200);
        askEverything(id, "main", "orders", "\"");
    }

    @Test
    void csvFile() {
        StringBuilder csv = new StringBuilder("id,country,amount,ordered_at\n");
        ORDERS.forEach(order -> csv.append(order[0]).append(',').append(order[1]).append(',').append(order[2]).append(',').append(order[3]).append('\n'));
        String id = client.create(Map.of("engine", "csv")).path("id").asText();
        HttpTestClient.Answer upload = client.upload(id, "orders.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(upload.status()).as(upload.body()).isEqualTo(200);
        askEverything(id, "main", upload.json().path("tables").get(0).asText(), "\"");

        // the datasource's database stays open between questions: a later upload must still reach it, and the questions after it
        HttpTestClient.Answer second = client.upload(id, "returns.csv", "id,reason\n1,late\n2,broken\n3,late\n".getBytes(StandardCharsets.UTF_8));
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        client.sync(id);
        assertThat(ask("q2a", id, "how many returns are there").at("/answer/dataframe/content/0/0").asLong()).isEqualTo(3);
        assertThat(ask("q2a", id, "how many orders are there").at("/answer/dataframe/content/0/0").asLong()).isEqualTo(ORDERS.size());
    }

    @Test
    void parquetFile() throws Exception {
        Path file = folder.resolve("orders.parquet");
        Path database = folder.resolve("parquet-source.duckdb");
        List<String> statements = new ArrayList<>(List.of(statements("DECIMAL(10,2)")));
        statements.add("COPY orders TO '" + file + "' (FORMAT parquet)");
        run("jdbc:duckdb:" + database, statements.toArray(String[]::new));
        String id = client.create(Map.of("engine", "parquet")).path("id").asText();
        HttpTestClient.Answer upload = client.upload(id, "orders.parquet", Files.readAllBytes(file));
        assertThat(upload.status()).as(upload.body()).isEqualTo(200);
        askEverything(id, "main", upload.json().path("tables").get(0).asText(), "\"");
    }

    @Test
    void excelWorkbook() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Workbook workbook = new Workbook(bytes, "tarn-test", "1.0")) {
            Worksheet sheet = workbook.newWorksheet("orders");
            String[] header = {"id", "country", "amount", "ordered_at"};
            for (int column = 0; column < header.length; column++) {
                sheet.value(0, column, header[column]);
            }
            for (int row = 0; row < ORDERS.size(); row++) {
                Object[] order = ORDERS.get(row);
                sheet.value(row + 1, 0, (Integer) order[0]);
                sheet.value(row + 1, 1, (String) order[1]);
                sheet.value(row + 1, 2, (Double) order[2]);
                sheet.value(row + 1, 3, (LocalDate) order[3]);
                sheet.style(row + 1, 3).format("yyyy-mm-dd").set();
            }
        }
        String id = client.create(Map.of("engine", "excel")).path("id").asText();
        HttpTestClient.Answer upload = client.upload(id, "shop.xlsx", bytes.toByteArray());
        assertThat(upload.status()).as(upload.body()).isEqualTo(200);
        askEverything(id, "main", upload.json().path("tables").get(0).asText(), "\"");
    }

    @Test
    void tableOfThisServer() {
        assertThat(server.root().query("CREATE SCHEMA asked").status()).isEqualTo(200);
        for (String statement : statements("DECIMAL(10,2)")) {
            HttpTestClient.Answer answer = server.root().query(statement.replace("orders", "asked.orders"));
            assertThat(answer.status()).as(statement + ": " + answer.body()).isEqualTo(200);
        }
        String id = client.create(Map.of("engine", "tarn", "access_config", Map.of("catalog", "memory", "schema", "asked"))).path("id").asText();
        askEverything(id, "asked", "orders", "\"");
    }

    /** Sync, index the country, then SQL, an answer, a value from the index and a chart, each checked against ORDERS. */
    private static void askEverything(String datasource, String schema, String table, String quote) {
        client.sync(datasource);
        HttpTestClient.Answer index = client.post("/v1/datasources/" + datasource + "/indexes",
                Map.of("schema_name", schema, "table_name", table, "field_name", "country"));
        assertThat(index.status()).as(index.body()).isEqualTo(200);
        assertThat(index.json().path("distinct_count").asInt()).isEqualTo(3);
        String things = table.replace('_', ' ');

        JsonNode sql = ask("q2s", datasource, "total amount of " + things + " by country");
        assertThat(sql.path("status").asText()).as(sql.toString()).isEqualTo("success");
        assertThat(sql.at("/query/parameterized_sql").asText()).contains(quote + "country" + quote).containsIgnoringCase("group by");

        JsonNode count = ask("q2a", datasource, "how many " + things + " are there");
        assertThat(count.path("status").asText()).as(count.toString()).isEqualTo("success");
        assertThat(count.at("/answer/dataframe/content/0/0").asLong()).isEqualTo(ORDERS.size());
        assertThat(count.at("/answer/text").asText()).contains(Integer.toString(ORDERS.size()));

        long inFrance = ORDERS.stream().filter(order -> order[1].equals("France")).count();
        JsonNode france = ask("q2a", datasource, "how many " + things + " in france");
        assertThat(france.at("/answer/dataframe/content/0/0").asLong()).as(france.toString()).isEqualTo(inFrance);

        JsonNode chart = ask("q2w", datasource, "total amount of " + things + " by country");
        assertThat(chart.at("/chart/kind").asText()).as(chart.toString()).isEqualTo("bar");
        assertThat(chart.at("/chart/svg").asText()).contains("<svg");
        assertThat(chart.at("/dataframe/row_count").asInt()).isEqualTo(3);
        double total = 0;
        for (JsonNode row : chart.at("/dataframe/content")) {
            total += row.get(1).asDouble();
        }
        assertThat(total).isCloseTo(ORDERS.stream().mapToDouble(order -> (Double) order[2]).sum(), org.assertj.core.data.Offset.offset(0.001));
    }

    private static JsonNode ask(String endpoint, String datasource, String question) {
        HttpTestClient.Answer answer = server.root().post("/v1/single-turn/" + endpoint, Map.of("datasource_id", datasource, "question", question));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static String[] statements(String decimal) {
        List<String> statements = new ArrayList<>();
        statements.add("CREATE TABLE orders (id INTEGER PRIMARY KEY, country VARCHAR(40), amount " + decimal + ", ordered_at DATE)");
        for (Object[] order : ORDERS) {
            statements.add("INSERT INTO orders VALUES (" + order[0] + ", '" + order[1] + "', " + order[2] + ", DATE '" + order[3] + "')");
        }
        return statements.toArray(String[]::new);
    }

    private static void run(String url, String... statements) throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql.startsWith("INSERT") && url.startsWith("jdbc:sqlite") ? sql.replace("DATE '", "'") : sql);
            }
        }
    }
}
