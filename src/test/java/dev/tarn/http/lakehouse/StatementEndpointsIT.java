package dev.tarn.http.lakehouse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tarn.support.HttpTestClient;
import dev.tarn.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** /validate, /explain and /autocomplete look at SQL without running it, and report SQL problems in a 200. */
class StatementEndpointsIT {
    private static TestServer server;
    private static HttpTestClient root;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        root = server.root();
        root.query("CREATE TABLE events(user_id BIGINT, event VARCHAR, amount DOUBLE); INSERT INTO events SELECT i, 'e' || (i % 3), i FROM range(1000) t(i)");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void validSqlIsValidWithoutAnError() {
        JsonNode answer = root.post("/validate", Map.of("statement", "SELECT 1")).json();
        assertThat(answer.toString()).isEqualTo("{\"valid\":true,\"statement\":\"SELECT 1\",\"connections_errors\":{},\"error\":null}");
    }

    @Test
    void aSyntaxErrorIsInvalidWithTheParserMessage() {
        JsonNode answer = root.post("/validate", Map.of("statement", "NOT VALID SQL !!!")).json();
        assertThat(answer.get("valid").asBoolean()).isFalse();
        assertThat(answer.get("statement").asText()).isEqualTo("NOT VALID SQL !!!");
        assertThat(answer.get("error").asText()).startsWith("Parser Error: syntax error at or near \"NOT\"");
    }

    @Test
    void unknownTablesAndColumnsAreInvalidBecauseValidationPlans() {
        assertThat(root.post("/validate", Map.of("statement", "SELECT * FROM missing")).json().get("error").asText()).startsWith("Catalog Error");
        assertThat(root.post("/validate", Map.of("statement", "SELECT nope FROM events")).json().get("error").asText()).startsWith("Binder Error");
    }

    @Test
    void validationRunsNothingButSeesTablesAnEarlierStatementCreates() {
        JsonNode answer = root.post("/validate", Map.of("statement", "CREATE TABLE fresh(x INT); INSERT INTO fresh VALUES (1); SELECT x FROM fresh")).json();
        assertThat(answer.get("valid").asBoolean()).as(answer.toString()).isTrue();
        assertThat(root.query("SELECT * FROM fresh").lines().get(1).get("error").asText()).contains("does not exist");
        root.post("/validate", Map.of("statement", "DELETE FROM events"));
        assertThat(root.query("SELECT count(*) FROM events").lines().get(2).get(0).asInt()).isEqualTo(1000);
    }

    @Test
    void validationIsLoggedAsHttpValidate() {
        JsonNode answer = root.post("/validate", Map.of("statement", "SELECT 1")).json();
        assertThat(answer.get("valid").asBoolean()).isTrue();
    }

    @Test
    void explainNamesTheScannedTablesWithEstimatesAndFilters() {
        JsonNode answer = root.post("/explain", Map.of("statement", "SELECT event, sum(amount) FROM events WHERE user_id > 10 GROUP BY event")).json();
        assertThat(answer.has("error")).isFalse();
        JsonNode table = answer.get("tables").get(0);
        assertThat(table.get("table_name").asText()).isEqualTo("memory.main.events");
        assertThat(table.get("estimated_rows").isIntegralNumber()).isTrue();
        assertThat(table.get("filters").asText()).contains("user_id");
        assertThat(answer.has("plan")).isFalse();
        assertThat(answer.get("connections_errors").isObject()).isTrue();
    }

    @Test
    void explainIncludesThePlanTreeWhenAsked() {
        JsonNode answer = root.post("/explain", Map.of("statement", "SELECT * FROM events", "include_plan", true)).json();
        JsonNode plan = answer.get("plan");
        assertThat(plan.isArray()).isTrue();
        assertThat(plan.get(0).has("name")).isTrue();
        assertThat(plan.get(0).has("children")).isTrue();
    }

    @Test
    void explainOfBadSqlIsA200WithTheError() {
        HttpTestClient.Answer answer = root.post("/explain", Map.of("statement", "SELECT * FROM nowhere"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("error").asText()).startsWith("Catalog Error");
    }

    @Test
    void autocompleteSuggestsSelectForSel() {
        JsonNode answer = root.post("/autocomplete", Map.of("statement", "SEL")).json();
        List<String> suggestions = texts(answer);
        assertThat(suggestions).contains("SELECT ");
        JsonNode first = answer.get("suggestions").get(0);
        assertThat(first.get("suggestion_start").asInt()).isZero();
        assertThat(first.get("suggestion_score").isIntegralNumber()).isTrue();
        assertThat(answer.get("statement").asText()).isEqualTo("SEL");
    }

    @Test
    void autocompleteKnowsTablesAndTheirColumns() {
        JsonNode tables = root.post("/autocomplete", Map.of("statement", "SELECT * FROM ev")).json();
        JsonNode events = tables.get("suggestions").get(0);
        assertThat(events.get("suggestion").asText()).isEqualTo("events");
        assertThat(events.get("suggestion_type").asText()).isEqualTo("table");
        assertThat(events.get("suggestion_start").asInt()).isEqualTo(14);
        JsonNode columns = root.post("/autocomplete", Map.of("statement", "SELECT * FROM events WHERE us")).json();
        assertThat(columns.get("suggestions").get(0).get("suggestion").asText()).isEqualTo("user_id");
        assertThat(columns.get("suggestions").get(0).get("suggestion_type").asText()).isEqualTo("column");
    }

    @Test
    void autocompleteReturnsExactlyMaxSuggestionsRankedBestFirst() {
        JsonNode answer = root.post("/autocomplete", Map.of("statement", "SELECT ", "max_suggestions", 5)).json();
        assertThat(answer.get("suggestions")).hasSize(5);
        List<Integer> scores = new ArrayList<>();
        answer.get("suggestions").forEach(s -> scores.add(s.get("suggestion_score").asInt()));
        assertThat(scores).isSorted();
        assertThat(root.post("/autocomplete", Map.of("statement", "SELECT ")).json().get("suggestions")).hasSize(20);
    }

    private static List<String> texts(JsonNode answer) {
        List<String> texts = new ArrayList<>();
        answer.get("suggestions").forEach(s -> texts.add(s.get("suggestion").asText()));
        return texts;
    }
}
