package dev.tarn.http.lakehouse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tarn.config.ConfigKey;
import dev.tarn.support.HttpTestClient;
import dev.tarn.support.HttpTestClient.Answer;
import dev.tarn.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /append: inferred and evolving schemas, exact error codes, tasks, and read-your-writes. */
class AppendIT {
    private static TestServer server;
    private static HttpTestClient root;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(ConfigKey.INGEST_APPEND_MAX_BODY_BYTES, "65536", ConfigKey.INGEST_APPEND_MAX_FIELDS, "50",
                ConfigKey.INGEST_APPEND_MAX_DEPTH, "8"));
        root = server.root();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Answer append(String table, String body) {
        return root.post("/append?table=" + table, body);
    }

    private static List<JsonNode> rows(String sql) {
        List<JsonNode> lines = root.query(sql).lines();
        assertThat(lines.get(1).has("error")).as(lines.toString()).isFalse();
        return lines.subList(2, lines.size());
    }

    @Test
    void aFirstAppendCreatesTheTableWithInferredTypes() {
        Answer answer = append("inferred", """
                {"id": 1, "price": 2.5, "name": "ada", "active": true, "tags": ["a","b"], "meta": {"k": 1},
                 "seen": "2024-03-01T10:11:12.123456Z", "local": "2024-03-01T10:11:12", "nothing": null}""");
        assertThat(answer.status()).isEqualTo(200);
        JsonNode body = answer.json();
        assertThat(body.get("ok").asBoolean()).isTrue();
        assertThat(body.get("error_code").isNull()).isTrue();
        assertThat(body.get("error_message").isNull()).isTrue();
        UUID.fromString(body.get("task_id").asText());
        List<JsonNode> columns = rows("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'inferred' ORDER BY column_index");
        assertThat(columns.toString()).isEqualTo("[[\"id\",\"BIGINT\"], [\"price\",\"DOUBLE\"], [\"name\",\"VARCHAR\"], [\"active\",\"BOOLEAN\"], "
                + "[\"tags\",\"JSON\"], [\"meta\",\"JSON\"], [\"seen\",\"TIMESTAMP WITH TIME ZONE\"], [\"local\",\"TIMESTAMP\"]]");
        assertThat(rows("SELECT id, name, tags, seen FROM inferred").toString())
                .isEqualTo("[[1,\"ada\",[\"a\",\"b\"],\"2024-03-01T10:11:12.123456Z\"]]");
    }

    @Test
    void anAppendIsVisibleToTheSameUsersNextQueryWithoutSync() {
        for (int i = 0; i < 20; i++) {
            assertThat(append("visible", "[{\"n\": " + i + "}, {\"n\": " + (i + 100) + "}]").json().get("ok").asBoolean()).isTrue();
            assertThat(rows("SELECT count(*) FROM visible").get(0).get(0).asInt()).isEqualTo(2 * (i + 1));
        }
    }

    @Test
    void newFieldsAddColumnsAndNumbersWidenNeverNarrow() {
        append("evolving", "{\"a\": 1}");
        append("evolving", "{\"a\": 2, \"b\": \"new\"}");
        append("evolving", "{\"a\": 2.5}");
        append("evolving", "{\"a\": 3}");
        assertThat(rows("SELECT data_type FROM duckdb_columns() WHERE table_name = 'evolving' AND column_name = 'a'").get(0).get(0).asText())
                .isEqualTo("DOUBLE");
        assertThat(rows("SELECT a, b FROM evolving ORDER BY a").toString()).isEqualTo("[[1.0,null], [2.0,\"new\"], [2.5,null], [3.0,null]]");
    }

    @Test
    void aManuallyCreatedTableKeepsItsTypesAndRefusesValuesThatDoNotFit() {
        root.query("CREATE TABLE manual(id INTEGER, happened_at TIMESTAMP, label VARCHAR)");
        assertThat(append("manual", "{\"id\": 7, \"happened_at\": \"2024-01-02T03:04:05Z\", \"label\": 42}").json().get("ok").asBoolean()).isTrue();
        Answer misfit = append("manual", "{\"id\": 1.5}");
        assertThat(misfit.status()).isEqualTo(400);
        assertThat(misfit.json().get("ok").asBoolean()).isFalse();
        assertThat(misfit.json().get("error_code").asText()).isEqualTo("incompatible-schema");
        assertThat(misfit.json().get("error_message").asText()).contains("'id'").contains("INTEGER");
        assertThat(append("manual", "{\"id\": \"seven\"}").json().get("error_code").asText()).isEqualTo("incompatible-schema");
        assertThat(rows("SELECT id, happened_at, label FROM manual").toString()).isEqualTo("[[7,\"2024-01-02T03:04:05.000000\",\"42\"]]");
        assertThat(rows("SELECT data_type FROM duckdb_columns() WHERE table_name = 'manual' AND column_name = 'id'").get(0).get(0).asText())
                .isEqualTo("INTEGER");
    }

    @Test
    void bodiesThatAreNotObjectsAreInvalidData() {
        for (String body : new String[] {"\"text\"", "42", "[1, 2]", "[{\"a\":1}, \"x\"]", "{\"a\":", "", "{\"a\":1}{\"b\":2}", "{\"a\":1,\"a\":2}", "{\"a\":1,\"A\":2}"}) {
            Answer answer = append("invalid", body);
            assertThat(answer.status()).as(body).isEqualTo(400);
            assertThat(answer.json().get("ok").asBoolean()).as(body).isFalse();
            assertThat(answer.json().get("error_code").asText()).as(body).isEqualTo("invalid-data");
            assertThat(answer.json().get("error_message").asText()).as(body).isNotBlank();
        }
        assertThat(rows("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'invalid'").get(0).get(0).asInt()).isZero();
    }

    @Test
    void anEmptyArrayIsOkWithoutATask() {
        JsonNode body = append("empty_batch", "[]").json();
        assertThat(body.get("ok").asBoolean()).isTrue();
        assertThat(body.get("task_id").isNull()).isTrue();
    }

    @Test
    void limitsAreEnforcedWithClearMessages() {
        Answer tooLarge = append("limits", "[" + ("{\"text\":\"" + "x".repeat(1000) + "\"},").repeat(80) + "{}]");
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.json().get("error_message").asText()).contains("ingest.append_max_body_bytes");
        StringBuilder wide = new StringBuilder("{");
        for (int i = 0; i < 51; i++) {
            wide.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":1");
        }
        Answer tooWide = append("limits", wide.append("}").toString());
        assertThat(tooWide.json().get("error_message").asText()).contains("ingest.append_max_fields");
        Answer tooDeep = append("limits", "{\"a\":" + "[".repeat(20) + "]".repeat(20) + "}");
        assertThat(tooDeep.status()).isEqualTo(400);
        assertThat(tooDeep.json().get("error_message").asText()).contains("ingest.append_max_depth");
    }

    @Test
    void hostileTableNamesAreRefused() {
        for (String table : new String[] {"a.b", "x%22y", "a%27b", ""}) {
            Answer answer = append(table, "{\"a\":1}");
            assertThat(answer.status()).as(table).isEqualTo(400);
            assertThat(answer.json().get("error_code").asText()).as(table).isEqualTo("invalid-data");
        }
    }

    @Test
    void aMissingCatalogIsOkFalseOnA200AsTheRustClientExpects() {
        Answer answer = root.post("/append?catalog=nowhere&table=t", "{\"a\":1}");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("ok").asBoolean()).isFalse();
        assertThat(answer.json().get("error_message").asText()).contains("nowhere");
    }

    @Test
    void syncAnswersOnceTheRowsAreInTheTable() {
        Answer answer = root.post("/append?table=synced&sync=true", "[{\"v\": 1}, {\"v\": 2}]");
        assertThat(answer.json().get("ok").asBoolean()).isTrue();
        String task = answer.json().get("task_id").asText();
        assertThat(root.get("/tasks/" + task).json().toString()).isEqualTo("{\"task_id\":\"" + task + "\",\"status\":\"completed\"}");
    }

    @Test
    void tasksAreKnownPendingOrCompletedAndOthersAre404() {
        String task = append("tasks", "{\"v\": 1}").json().get("task_id").asText();
        String status = root.get("/tasks/" + task).json().get("status").asText();
        assertThat(status).isIn("pending", "completed");
        assertThat(root.get("/tasks/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(root.get("/tasks/not-a-uuid").status()).isEqualTo(400);
    }

    @Test
    void anAppendThatFailsInTheBackgroundIsCompletedAndItsErrorIsInTheQueryLog() {
        root.query("CREATE TABLE changed_under_us(a INTEGER)");
        assertThat(root.post("/append?table=changed_under_us&sync=true", "{\"a\": 1}").json().get("ok").asBoolean()).isTrue();
        // changed with SQL right after: the append below is checked against the schema seen a moment ago
        root.query("ALTER TABLE changed_under_us ALTER a TYPE BOOLEAN USING a = 1");
        Answer answer = root.post("/append?table=changed_under_us&sync=true", "{\"a\": 5}");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("ok").asBoolean()).isFalse();
        assertThat(answer.json().get("error_code").asText()).isEqualTo("invalid-data");
        String task = answer.json().get("task_id").asText();
        assertThat(root.get("/tasks/" + task).json().get("status").asText()).isEqualTo("completed");
        JsonNode logged = root.get("/query/" + task).json();
        assertThat(logged.get("error").asText()).contains("boolean");
        assertThat(logged.get("query").asText()).isEqualTo("APPEND INTO memory.main.changed_under_us");
        assertThat(rows("SELECT count(*) FROM changed_under_us").get(0).get(0).asInt()).isEqualTo(1);
    }

    @Test
    void theTaskOfAnUploadIsCompleted() {
        Answer upload = root.send(root.request("/upload?table=uploaded_for_task&mode=create")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("a,b\n1,2\n")));
        String task = upload.json().get("task_id").asText();
        assertThat(root.get("/tasks/" + task).json().get("status").asText()).isEqualTo("completed");
    }

    @Test
    void concurrentAppendersLoseNothing() throws Exception {
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int client = t;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 25; i++) {
                    StringBuilder batch = new StringBuilder("[");
                    for (int r = 0; r < 10; r++) {
                        batch.append(r == 0 ? "" : ",").append("{\"client\":").append(client).append(",\"i\":").append(i * 10 + r).append('}');
                    }
                    assertThat(append("concurrent", batch.append(']').toString()).json().get("ok").asBoolean()).isTrue();
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(rows("SELECT count(*), count(DISTINCT (client, i)) FROM concurrent").toString()).isEqualTo("[[2000,2000]]");
    }

    @Test
    void appendsSurviveARestartExactlyOnce() {
        TestServer first = TestServer.start();
        HttpTestClient client = first.root();
        for (int i = 0; i < 50; i++) {
            client.post("/append?table=durable", "{\"i\": " + i + "}");
        }
        first.stopKeepingData();
        try (TestServer second = TestServer.startOn(first.dataDirectory())) {
            List<JsonNode> lines = second.root().query("SELECT count(*), count(DISTINCT i) FROM durable").lines();
            assertThat(lines.get(2).toString()).isEqualTo("[50,50]");
        }
    }

    @Test
    void ordinaryUsersCannotTouchTheBookkeepingSchema() {
        root.query("CREATE USER appender WITH PASSWORD 'appender-password' ROLE user");
        String error = server.as("appender", "appender-password").query("DELETE FROM _tarn.appends_applied").lines().get(1).get("error").asText();
        assertThat(error).startsWith("Permission Error");
    }
}
