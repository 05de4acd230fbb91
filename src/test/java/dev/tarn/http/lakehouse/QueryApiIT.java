package dev.tarn.http.lakehouse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tarn.config.ConfigKey;
import dev.tarn.support.HttpTestClient;
import dev.tarn.support.HttpTestClient.Answer;
import dev.tarn.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /query as the Altertable clients use it: the JSON-lines envelope, formats, options and leniency. */
class QueryApiIT {
    private static TestServer server;
    private static HttpTestClient root;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        root = server.root();
        root.query("CREATE TABLE users(id INTEGER, plan VARCHAR); INSERT INTO users VALUES (1, 'pro'), (2, NULL), (3, 'free')");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void streamsMetadataColumnsAndOneArrayPerRow() {
        Answer answer = root.query("SELECT id, plan FROM users ORDER BY id");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/x-ndjson"));
        assertThat(answer.body()).endsWith("\n");
        List<JsonNode> lines = answer.lines();
        JsonNode metadata = lines.get(0);
        assertThat(iterable(metadata.fieldNames())).containsExactly(
                "statement", "rows_limit", "rows_offset", "init_time_ms", "connections_errors", "session_id", "query_id", "worker_slug");
        assertThat(metadata.get("statement").asText()).isEqualTo("SELECT id, plan FROM users ORDER BY id");
        assertThat(metadata.get("rows_limit").isNull()).isTrue();
        assertThat(metadata.get("init_time_ms").asLong()).isPositive();
        assertThat(metadata.get("connections_errors").isObject()).isTrue();
        assertThat(UUID.fromString(metadata.get("query_id").asText()).version()).isEqualTo(7);
        assertThat(lines.get(1).toString()).isEqualTo("[\"id\",\"plan\"]");
        assertThat(lines.subList(2, lines.size()).toString()).isEqualTo("[[1,\"pro\"], [2,null], [3,\"free\"]]");
    }

    @Test
    void countsArriveAsNumbersAndEmptyResultsStillNameTheirColumns() {
        assertThat(root.query("SELECT COUNT(*) AS n FROM users").lines().get(2).get(0).isNumber()).isTrue();
        List<JsonNode> empty = root.query("SELECT id, plan FROM users WHERE false").lines();
        assertThat(empty).hasSize(2);
        assertThat(empty.get(1).toString()).isEqualTo("[\"id\",\"plan\"]");
    }

    @Test
    void encodesValuesAsTheContractSays() {
        List<JsonNode> lines = root.query("""
                SELECT 9007199254740993::HUGEINT AS big, 1.25::DOUBLE AS d, 2.50::DECIMAL(5,2) AS dec, true AS b,
                       DATE '2024-03-01' AS day, TIMESTAMP '2024-03-01 10:11:12.5' AS ts,
                       TIMESTAMPTZ '2024-03-01 10:11:12+02' AS tz, '{"a":[1,2]}'::JSON AS j, [1,2] AS l,
                       {'k': 'v'} AS s, 'nan'::DOUBLE AS not_a_number, '00000000-0000-0000-0000-000000000001'::UUID AS u,
                       NULL::DOUBLE AS missing, '-inf'::DOUBLE AS minus_infinity
                """).lines();
        JsonNode row = lines.get(2);
        assertThat(row.get(0).isIntegralNumber()).isTrue();
        assertThat(row.get(0).bigIntegerValue().toString()).isEqualTo("9007199254740993");
        assertThat(row.get(1).asDouble()).isEqualTo(1.25);
        assertThat(row.get(2).decimalValue()).isEqualByComparingTo("2.50");
        assertThat(row.get(3).asBoolean()).isTrue();
        assertThat(row.get(4).asText()).isEqualTo("2024-03-01");
        assertThat(row.get(5).asText()).isEqualTo("2024-03-01T10:11:12.500000");
        assertThat(row.get(6).asText()).isEqualTo("2024-03-01T08:11:12.000000Z");
        assertThat(row.get(7).toString()).isEqualTo("{\"a\":[1,2]}");
        assertThat(row.get(8).toString()).isEqualTo("[1,2]");
        assertThat(row.get(9).toString()).isEqualTo("{\"k\":\"v\"}");
        assertThat(row.get(10).asText()).isEqualTo("NaN");
        assertThat(row.get(11).asText()).isEqualTo("00000000-0000-0000-0000-000000000001");
        assertThat(row.get(12).isNull()).isTrue();
        assertThat(row.get(13).asText()).isEqualTo("-Infinity");
    }

    @Test
    void aQueryWithoutATableRendersItsValuesExactlyLikeOneThatReadsATable() {
        String values = "1::INTEGER AS i, 9007199254740993::HUGEINT AS h, 1.5::DOUBLE AS d, 'nan'::DOUBLE AS n, '-inf'::FLOAT AS f, "
                + "NULL::DOUBLE AS missing, 2.50::DECIMAL(5,2) AS dec, 'text \"quoted\"' AS v, true AS b, DATE '2024-03-01' AS day, "
                + "TIMESTAMP '2024-03-01 10:11:12.5' AS ts, TIMESTAMPTZ '2024-03-01 10:11:12+02' AS tz, '{\"a\":[1]}'::JSON AS j, "
                + "'00000000-0000-0000-0000-000000000001'::UUID AS u";
        List<JsonNode> withoutTable = root.query("SELECT " + values).lines();
        List<JsonNode> fromTable = root.query("SELECT " + values + " FROM range(1)").lines();
        assertThat(withoutTable.get(1)).isEqualTo(fromTable.get(1));
        assertThat(withoutTable.get(2).toString()).isEqualTo(fromTable.get(2).toString());
        assertThat(withoutTable.get(2).toString()).isEqualTo("[1,9007199254740993,1.5,\"NaN\",\"-Infinity\",null,2.5,\"text \\\"quoted\\\"\","
                + "true,\"2024-03-01\",\"2024-03-01T10:11:12.500000\",\"2024-03-01T08:11:12.000000Z\",{\"a\":[1]},\"00000000-0000-0000-0000-000000000001\"]");
    }

    @Test
    void reportsSqlErrorsInsideTheStreamWithDuckDbsMessage() {
        Answer answer = root.query("SELECT * FROM nope");
        assertThat(answer.status()).isEqualTo(200);
        List<JsonNode> lines = answer.lines();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1).get("error").asText()).startsWith("Catalog Error: Table with name nope does not exist!");
    }

    @Test
    void runsEveryStatementOfAScriptAndReturnsTheLast() {
        List<JsonNode> lines = root.query("CREATE TABLE script_t(x INT); INSERT INTO script_t VALUES (7), (8); SELECT sum(x) FROM script_t;").lines();
        assertThat(lines.get(2).get(0).asInt()).isEqualTo(15);
    }

    @Test
    void ddlStillSendsAColumnLine() {
        List<JsonNode> lines = root.query("CREATE TABLE ddl_only(x INT)").lines();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1).isArray()).isTrue();
    }

    @Test
    void dataChangesReportTheirRowCount() {
        root.query("CREATE TABLE changed(x INT)");
        List<JsonNode> lines = root.query("INSERT INTO changed VALUES (1), (2), (3)").lines();
        assertThat(lines.get(1).toString()).isEqualTo("[\"Count\"]");
        assertThat(lines.get(2).get(0).asInt()).isEqualTo(3);
    }

    @Test
    void aDataChangeWithReturningIsKeptWhollyEvenWhenTheLimitShowsOnlyPartOfIt() {
        root.query("CREATE TABLE returned(x INT)");
        Answer answer = root.post("/query", Map.of("statement", "INSERT INTO returned SELECT range FROM range(50000) RETURNING x", "limit", 2));
        assertThat(answer.lines().subList(2, answer.lines().size())).hasSize(2);
        assertThat(root.query("SELECT count(*) FROM returned").lines().get(2).get(0).asLong()).isEqualTo(50000);
    }

    @Test
    void limitAndOffsetPageTheResultAndAreEchoed() {
        Answer answer = root.post("/query", Map.of("statement", "SELECT * FROM range(100) t(i) ORDER BY i", "limit", 3, "offset", 10));
        List<JsonNode> lines = answer.lines();
        assertThat(lines.get(0).get("rows_limit").asInt()).isEqualTo(3);
        assertThat(lines.get(0).get("rows_offset").asInt()).isEqualTo(10);
        assertThat(lines.subList(2, lines.size()).toString()).isEqualTo("[[10], [11], [12]]");
    }

    @Test
    void usesTheCallersQueryAndSessionIds() {
        String queryId = UUID.randomUUID().toString();
        JsonNode metadata = root.post("/query", Map.of("statement", "SELECT 1", "query_id", queryId, "session_id", "real-session"))
                .lines().get(0);
        assertThat(metadata.get("query_id").asText()).isEqualTo(queryId);
        assertThat(metadata.get("session_id").asText()).isEqualTo("real-session");
        JsonNode logged = root.get("/query/" + queryId).json();
        assertThat(logged.get("session_id").asText()).isEqualTo("real-session");
        assertThat(logged.get("query").asText()).isEqualTo("SELECT 1");
    }

    @Test
    void catalogAndSchemaSetTheDefaultsForUnqualifiedNames() {
        root.query("CREATE SCHEMA IF NOT EXISTS shop; CREATE TABLE shop.orders(id INT); INSERT INTO shop.orders VALUES (42)");
        Answer answer = root.post("/query", Map.of("statement", "SELECT id FROM orders", "catalog", "memory", "schema", "shop"));
        assertThat(answer.lines().get(2).get(0).asInt()).isEqualTo(42);
        assertThat(root.query("SELECT * FROM memory.shop.orders").lines().get(2).get(0).asInt()).isEqualTo(42);
    }

    @Test
    void theTimezoneFieldSetsTheSessionTimeZoneForThatQueryOnly() {
        Answer zoned = root.post("/query", Map.of("statement", "SELECT current_setting('TimeZone'), TIMESTAMPTZ '2024-01-01 12:00:00+00'::VARCHAR", "timezone", "America/New_York"));
        assertThat(zoned.lines().get(2).toString()).isEqualTo("[\"America/New_York\",\"2024-01-01 07:00:00-05\"]");
        assertThat(root.query("SELECT current_setting('TimeZone')").lines().get(2).get(0).asText()).isNotEqualTo("America/New_York");
        assertThat(root.post("/query", Map.of("statement", "SELECT 1", "timezone", "Mars/Olympus")).lines().get(1).get("error").asText())
                .contains("Mars/Olympus");
    }

    @Test
    void aMissingCatalogIsAnErrorThatNamesIt() {
        Answer answer = root.post("/query", Map.of("statement", "SELECT 1", "catalog", "demo"));
        assertThat(answer.lines().get(1).get("error").asText()).contains("demo");
    }

    @Test
    void formatJsonlGivesOneObjectPerRowAndNothingElse() {
        Answer answer = root.post("/query", Map.of("statement", "SELECT id, plan FROM users ORDER BY id", "format", "jsonl"));
        assertThat(answer.body()).isEqualTo("{\"id\":1,\"plan\":\"pro\"}\n{\"id\":2,\"plan\":null}\n{\"id\":3,\"plan\":\"free\"}\n");
    }

    @Test
    void formatCsvGivesAHeaderAndQuotedFields() {
        root.query("CREATE TABLE quoted(a VARCHAR, b INT); INSERT INTO quoted VALUES ('x,y', 1), ('say \"hi\"', NULL)");
        Answer answer = root.post("/query", Map.of("statement", "SELECT * FROM quoted ORDER BY a DESC", "format", "csv"));
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(answer.body()).isEqualTo("a,b\n\"x,y\",1\n\"say \"\"hi\"\"\",\n");
    }

    @Test
    void formatParquetGivesAParquetFileWithTheRealTypes() throws Exception {
        var response = HttpTestClient.client().send(root.request("/query")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"statement\":\"SELECT id, plan FROM users ORDER BY id\",\"format\":\"parquet\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/parquet");
        byte[] body = response.body();
        assertThat(new String(body, 0, 4)).isEqualTo("PAR1");
        assertThat(new String(body, body.length - 4, 4)).isEqualTo("PAR1");
    }

    @Test
    void anUnknownFormatIsA400BeforeAnyStream() {
        Answer answer = root.post("/query", Map.of("statement", "SELECT 1", "format", "xml"));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("error").asText()).isEqualTo("Unsupported query format: xml (use default, csv, jsonl or parquet)");
    }

    @Test
    void sqlErrorsInOtherFormatsAreA400WithTheMessage() {
        Answer answer = root.post("/query", Map.of("statement", "SELECT * FROM nope", "format", "csv"));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("error").asText()).startsWith("Catalog Error");
    }

    @Test
    void acceptsJsonWithoutContentTypeWithExplicitNullsAndUnknownFields() {
        Map<String, Object> body = new HashMap<>();
        body.put("statement", "SELECT 2");
        body.put("catalog", null);
        body.put("schema", null);
        body.put("limit", null);
        body.put("dialect", null);
        body.put("compute_size", "XS");
        body.put("cache", true);
        Answer answer = root.send(root.request("/query")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(toJson(body))));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.lines().get(2).get(0).asInt()).isEqualTo(2);
    }

    @Test
    void typedColumnLineWhenTheServerIsConfiguredForIt() {
        try (TestServer typed = TestServer.start(Map.of(ConfigKey.QUERY_TYPED_COLUMNS, "true"))) {
            JsonNode columns = typed.root().query("SELECT 1::INTEGER AS id, 'x' AS plan").lines().get(1);
            assertThat(columns.toString()).isEqualTo("[{\"name\":\"id\",\"type\":\"INTEGER\"},{\"name\":\"plan\",\"type\":\"VARCHAR\"}]");
        }
    }

    @Test
    void everyResponseCarriesARequestId() {
        assertThat(root.query("SELECT 1").headers().firstValue("X-Request-Id")).isPresent();
        assertThat(server.anonymous().query("SELECT 1").headers().firstValue("X-Request-Id")).isPresent();
        Answer echoed = root.send(root.request("/query").header("X-Request-Id", "trace-123")
                .POST(HttpRequest.BodyPublishers.ofString("{\"statement\":\"SELECT 1\"}")));
        assertThat(echoed.headers().firstValue("X-Request-Id")).hasValue("trace-123");
    }

    private static String toJson(Object value) {
        try {
            return HttpTestClient.JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> List<T> iterable(java.util.Iterator<T> iterator) {
        List<T> items = new java.util.ArrayList<>();
        iterator.forEachRemaining(items::add);
        return items;
    }
}
