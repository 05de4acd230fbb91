package dev.tarn.http.asktable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tarn.support.BearerClient;
import dev.tarn.support.HttpTestClient;
import dev.tarn.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ask surfaces end to end over real HTTP against a real PostgreSQL: a datasource is created,
 * synced and indexed, then questions become SQL (q2s), answers (q2a), charts (q2w) and streamed
 * answers (/v1/ask); training pairs and synonyms change what is understood; a row policy bound to a
 * temp token holds against the question, the request body and stored SQL.
 */
class AskSurfacesIT {
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String SCHEMA = "ask_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private static TestServer server;
    private static BearerClient admin;
    private static BearerClient asker;
    private static BearerClient visitor;
    private static String datasource;

    @BeforeAll
    static void startWithAPostgresDatasource() throws SQLException {
        try (Connection connection = postgres(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + SCHEMA);
            statement.execute("CREATE TABLE " + SCHEMA + ".customers (id INTEGER PRIMARY KEY, name TEXT, country TEXT, region TEXT)");
            statement.execute("COMMENT ON TABLE " + SCHEMA + ".customers IS 'people who buy'");
            statement.execute("CREATE TABLE " + SCHEMA + ".orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES " + SCHEMA
                    + ".customers(id), amount NUMERIC(10,2), ordered_at DATE, region TEXT)");
            statement.execute("INSERT INTO " + SCHEMA + ".customers VALUES (1, 'Ada', 'France', 'EMEA'), (2, 'Bo', 'Spain', 'EMEA'),"
                    + " (3, 'Cy', 'United States', 'AMER'), (4, 'Di', 'Canada', 'AMER'), (5, 'Ed', 'France', 'EMEA')");
            statement.execute("INSERT INTO " + SCHEMA + ".orders SELECT i, i % 5 + 1, 10 * i + 0.5, DATE '2024-01-01' + i * 13, "
                    + "(SELECT region FROM " + SCHEMA + ".customers c WHERE c.id = i % 5 + 1) FROM generate_series(1, 24) AS i");
        }
        server = TestServer.start();
        HttpTestClient root = server.root();
        admin = new BearerClient(server.baseUrl(), createKey(root, "admin"));
        asker = new BearerClient(server.baseUrl(), createKey(root, "priv_asker"));
        visitor = new BearerClient(server.baseUrl(), createKey(root, "visitor"));

        HttpTestClient.Answer created = admin.post("/v1/datasources", Map.of("engine", "postgresql", "name", "shop",
                "access_config", Map.of("host", "127.0.0.1", "port", 5432, "db", "test", "user", "postgres", "password", "", "schema", SCHEMA)));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        datasource = created.json().get("id").asText();
        HttpTestClient.Answer synced = admin.post("/v1/datasources/" + datasource + "/meta", Map.of());
        assertThat(synced.status()).as(synced.body()).isEqualTo(200);
        for (String[] field : new String[][]{{"customers", "country"}, {"customers", "name"}, {"orders", "region"}}) {
            HttpTestClient.Answer indexed = admin.post("/v1/datasources/" + datasource + "/indexes",
                    Map.of("schema_name", SCHEMA, "table_name", field[0], "field_name", field[1]));
            assertThat(indexed.status()).as(indexed.body()).isEqualTo(200);
        }
    }

    @AfterAll
    static void stop() throws SQLException {
        if (server != null) {
            server.close();
        }
        try (Connection connection = postgres(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    @Test
    void questionToSqlAnswersWithRunnableSqlAndItsBoundForm() {
        HttpTestClient.Answer answer = asker.post("/v1/single-turn/q2s", Map.of("datasource_id", datasource,
                "question", "total amount of orders by country"));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode body = answer.json();
        assertThat(body.get("status").asText()).isEqualTo("success");
        assertThat(body.get("id").asText()).startsWith("q_");
        assertThat(body.at("/query/parameterized_sql").asText()).containsIgnoringCase("GROUP BY").contains("\"country\"");
        assertThat(body.at("/request/question").asText()).isEqualTo("total amount of orders by country");
        assertThat(body.get("interpretation").asText()).isNotBlank();
        assertThat(body.get("confidence").asDouble()).isBetween(0.0, 1.0);

        HttpTestClient.Answer history = asker.get("/api/v1/single-turn/q2s?datasource_id=" + datasource);
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.json().get("items").findValuesAsText("id")).contains(body.get("id").asText());
    }

    @Test
    void questionToAnswerGivesTheNumberInASentenceAndTheDataframe() throws SQLException {
        long orders = count("SELECT count(*) FROM " + SCHEMA + ".orders");

        HttpTestClient.Answer answer = asker.post("/v1/single-turn/q2a", Map.of("datasource_id", datasource,
                "question", "how many orders are there", "with_json", true));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode body = answer.json();
        assertThat(body.at("/answer/dataframe/content/0/0").asLong()).isEqualTo(orders);
        assertThat(body.at("/answer/text").asText()).contains(Long.toString(orders));
        assertThat(body.at("/answer/attachments/0/type").asText()).isEqualTo("json");
        assertThat(body.at("/timing/total_duration").isNumber()).isTrue();
    }

    @Test
    void questionToChartDrawsATimeSeriesAsALine() {
        HttpTestClient.Answer answer = asker.post("/v1/single-turn/q2w", Map.of("datasource_id", datasource,
                "question", "total amount of orders by month"));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode body = answer.json();
        assertThat(body.at("/chart/kind").asText()).as(body.toString()).isEqualTo("line");
        assertThat(body.at("/chart/vega_lite/$schema").asText()).contains("vega-lite");
        assertThat(body.at("/chart/svg").asText()).contains("<svg");
        assertThat(body.get("chart_code").asText()).contains("vega-embed");
        assertThat(body.at("/dataframe/row_count").asInt()).isGreaterThan(1);
    }

    @Test
    void aQuestionItCannotPlaceIsRefusedNamingTheWords() {
        HttpTestClient.Answer answer = asker.post("/v1/single-turn/q2s", Map.of("datasource_id", datasource,
                "question", "what is the weather of the orders"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("status").asText()).isEqualTo("failed");
        assertThat(answer.json().get("err_msg").asText()).isNotBlank();
        assertThat(answer.json().at("/refusal/unplaced_words").toString()).contains("weather");
    }

    @Test
    void aSynonymTeachesAWordAtOnce() {
        Map<String, Object> question = Map.of("datasource_id", datasource, "question", "total takings by country");
        assertThat(asker.post("/v1/single-turn/q2s", question).json().get("status").asText()).isEqualTo("failed");

        HttpTestClient.Answer taught = admin.post("/v1/datasources/" + datasource + "/synonyms",
                Map.of("phrase", "takings", "table", "orders", "column", "amount"));
        assertThat(taught.status()).as(taught.body()).isEqualTo(200);

        HttpTestClient.Answer answer = asker.post("/v1/single-turn/q2s", question);
        assertThat(answer.json().get("status").asText()).as(answer.body()).isEqualTo("success");
        assertThat(answer.json().at("/query/sql").asText()).contains("\"amount\"");

        assertThat(admin.post("/v1/datasources/" + datasource + "/synonyms", Map.of("phrase", "x", "table", "no_such_table")).status())
                .isEqualTo(400);
        assertThat(admin.post("/v1/datasources/" + datasource + "/synonyms", Map.of("phrase", "x", "table", "orders", "column", "amount",
                "operator", "~", "number", 1)).status()).isEqualTo(400);
        assertThat(asker.post("/v1/datasources/" + datasource + "/synonyms", Map.of("phrase", "y", "table", "orders")).status())
                .isEqualTo(403);
    }

    @Test
    void aComparisonPhrasingStandsForItsCondition() throws SQLException {
        long big = count("SELECT count(*) FROM " + SCHEMA + ".orders WHERE amount > 200");
        HttpTestClient.Answer taught = admin.post("/v1/datasources/" + datasource + "/synonyms",
                Map.of("phrase", "big", "table", "orders", "column", "amount", "operator", ">", "number", 200));
        assertThat(taught.status()).as(taught.body()).isEqualTo(200);
        assertThat(taught.json().get("operator").asText()).isEqualTo(">");

        HttpTestClient.Answer answer = asker.post("/v1/single-turn/q2a", Map.of("datasource_id", datasource, "question", "how many big orders are there"));
        assertThat(answer.json().get("status").asText()).as(answer.body()).isEqualTo("success");
        assertThat(answer.json().at("/answer/dataframe/content/0/0").asLong()).isEqualTo(big);
    }

    @Test
    void aTrainingPairIsPlannedWhenAddedAndReusedForItsQuestion() {
        String sql = "SELECT name FROM customers WHERE id IN (SELECT customer_id FROM orders GROUP BY customer_id HAVING SUM(amount) > 200)";
        HttpTestClient.Answer added = admin.post("/v1/training?datasource_id=" + datasource, List.of(Map.of("question", "who are the big spenders", "sql", sql)));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(added.json().get(0).get("id").asText()).isNotBlank();

        HttpTestClient.Answer answer = asker.post("/v1/single-turn/q2s", Map.of("datasource_id", datasource, "question", "who are the big spenders"));
        assertThat(answer.json().get("status").asText()).as(answer.body()).isEqualTo("success");
        assertThat(answer.json().at("/query/sql").asText()).containsIgnoringCase("HAVING");

        assertThat(admin.post("/v1/training?datasource_id=" + datasource, List.of(Map.of("question", "q", "sql", "SELECT nope FROM orders"))).status())
                .isEqualTo(400);
        assertThat(admin.post("/v1/training?datasource_id=" + datasource, List.of(Map.of("question", "q", "sql", "DELETE FROM orders"))).status())
                .isEqualTo(400);
        assertThat(asker.post("/v1/training?datasource_id=" + datasource, List.of(Map.of("question", "q", "sql", "SELECT 1"))).status())
                .isEqualTo(403);
        assertThat(admin.get("/v1/training?datasource_id=" + datasource).json().get("total").asInt()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aRowPolicyOnATokenHoldsAgainstTheQuestionTheBodyAndStoredSql() throws SQLException {
        long emeaOrders = count("SELECT count(*) FROM " + SCHEMA + ".orders WHERE region = 'EMEA'");
        long allOrders = count("SELECT count(*) FROM " + SCHEMA + ".orders");
        assertThat(emeaOrders).isLessThan(allOrders);
        String role = policyRole("orders.region = '{{region}}'");
        HttpTestClient.Answer minted = asker.post("/v1/auth/tokens", Map.of("ak_role", "asker",
                "chat_role", Map.of("role_id", role, "role_variables", Map.of("region", "EMEA")), "token_ttl", 600));
        assertThat(minted.status()).as(minted.body()).isEqualTo(200);
        BearerClient emea = new BearerClient(server.baseUrl(), minted.json().get("token").asText());

        assertThat(ordersCounted(emea, Map.of())).isEqualTo(emeaOrders);
        // the request body cannot swap the token's role or its variables
        assertThat(ordersCounted(emea, Map.of("role_id", "role_nothing", "role_variables", Map.of("region", "AMER")))).isEqualTo(emeaOrders);
        // a question naming another region still reads only the token's rows
        HttpTestClient.Answer amer = emea.post("/v1/single-turn/q2a", Map.of("datasource_id", datasource, "question", "how many orders in AMER"));
        assertThat(amer.status()).as(amer.body()).isEqualTo(200);
        assertThat(amer.json().at("/answer/dataframe/content/0/0").asLong()).isZero();
        // stored SQL an administrator wrote runs under the asker's filters too
        admin.post("/v1/training?datasource_id=" + datasource, List.of(Map.of("question", "count every order of every region",
                "sql", "SELECT count(*) FROM (SELECT id FROM orders UNION ALL SELECT id FROM orders WHERE region <> 'EMEA') AS everything")));
        HttpTestClient.Answer stored = emea.post("/v1/single-turn/q2a", Map.of("datasource_id", datasource, "question", "count every order of every region"));
        assertThat(stored.json().at("/answer/dataframe/content/0/0").asLong()).as(stored.body()).isEqualTo(emeaOrders);
        // without the token the key sees everything: the policy is the token's, not the datasource's
        assertThat(ordersCounted(asker, Map.of())).isEqualTo(allOrders);
    }

    @Test
    void eachKeyRoleIsRefusedWhereItMayNotGo() {
        assertThat(visitor.post("/v1/single-turn/q2s", Map.of("datasource_id", datasource, "question", "how many orders are there")).status()).isEqualTo(403);
        assertThat(visitor.post("/v1/ask", Map.of("table", datasource, "question", "how many orders are there", "customer", "c", "user", "u")).status())
                .isEqualTo(403);
        assertThat(asker.get("/v1/datasources").status()).isEqualTo(403);
        assertThat(asker.post("/v1/policies", Map.of("name", "p", "permission", "allow", "dataset_config", Map.of("datasource_ids", List.of(datasource))))
                .status()).isEqualTo(403);
        assertThat(asker.post("/v1/roles", Map.of("name", "r")).status()).isEqualTo(403);
        assertThat(asker.post("/v1/sys/projects/p_default/api-keys", Map.of("ak_role", "admin")).status()).isEqualTo(403);
        assertThat(admin.post("/v1/sys/projects/p_default/api-keys", Map.of("ak_role", "sys")).status()).isEqualTo(403);
        assertThat(asker.get("/v1/training?datasource_id=" + datasource).status()).isEqualTo(403);
        assertThat(asker.get("/v1/ask/usage?customer=c").status()).isEqualTo(403);
        assertThat(new BearerClient(server.baseUrl(), "not-a-key").post("/v1/single-turn/q2s", Map.of()).status()).isEqualTo(401);
        assertThat(new BearerClient(server.baseUrl(), null).get("/v1/auth/me").status()).isEqualTo(401);
    }

    @Test
    void anotherProjectsKeysCannotAskTrainOrTeachADatasourceTheyDoNotOwn() {
        HttpTestClient.Answer created = server.root().post("/v1/sys/projects/p_other/api-keys", Map.of("ak_role", "admin"));
        BearerClient stranger = new BearerClient(server.baseUrl(), created.json().get("original_ak_value").asText());

        assertThat(stranger.post("/v1/single-turn/q2a", Map.of("datasource_id", datasource, "question", "how many orders are there")).status())
                .isEqualTo(404);
        assertThat(stranger.get("/v1/training?datasource_id=" + datasource).status()).isEqualTo(404);
        assertThat(stranger.post("/v1/training?datasource_id=" + datasource, List.of(Map.of("question", "q", "sql", "SELECT 1"))).status())
                .isEqualTo(404);
        assertThat(stranger.get("/v1/datasources/" + datasource + "/synonyms").status()).isEqualTo(404);
        assertThat(stranger.post("/v1/datasources/" + datasource + "/synonyms", Map.of("phrase", "p", "table", "orders")).status()).isEqualTo(404);
        HttpTestClient.Answer asked = stranger.post("/v1/ask/keys", Map.of("kind", "secret"));
        BearerClient strangersBackend = new BearerClient(server.baseUrl(), asked.json().get("key").asText());
        assertThat(strangersBackend.post("/v1/ask", Map.of("table", datasource, "question", "how many orders are there", "customer", "c", "user", "u"))
                .status()).isEqualTo(404);
        // nor read the usage this project counted for a customer of the same name
        BearerClient ours = new BearerClient(server.baseUrl(), askKey("secret", List.of()));
        assertThat(ours.post("/v1/ask", Map.of("table", datasource, "question", "how many orders are there", "customer", "initech", "user", "u"))
                .status()).isEqualTo(200);
        assertThat(admin.get("/v1/ask/usage?customer=initech").json().get("users")).isNotEmpty();
        assertThat(stranger.get("/v1/ask/usage?customer=initech").json().get("users")).isEmpty();
    }

    @Test
    void askStreamsItsAnswerAsServerSentEventsAndResumesAfterTheLastEventSeen() throws SQLException {
        BearerClient secret = new BearerClient(server.baseUrl(), askKey("secret", List.of()));
        long orders = count("SELECT count(*) FROM " + SCHEMA + ".orders");

        BearerClient.Stream stream = secret.postStream("/v1/ask", Map.of("table", datasource, "question", "how many orders are there",
                "customer", "acme", "user", "u1", "mode", "local_template", "stream", true));

        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.contentType()).startsWith("text/event-stream");
        List<String> names = stream.events().stream().map(BearerClient.Event::name).toList();
        assertThat(names).startsWith("session", "status", "sql", "status", "table").contains("answer_delta", "insight", "usage").endsWith("done");
        assertThat(stream.events().stream().mapToLong(BearerClient.Event::id)).isSorted().doesNotHaveDuplicates();
        JsonNode table = stream.events().stream().filter(event -> event.name().equals("table")).findFirst().orElseThrow().data();
        assertThat(table.at("/rows/0/0").asLong()).isEqualTo(orders);
        String answer = stream.events().stream().filter(event -> event.name().equals("answer_delta"))
                .map(event -> event.data().get("text").asText()).reduce("", String::concat);
        assertThat(answer).contains(Long.toString(orders));
        String session = stream.events().getFirst().data().get("session_id").asText();

        BearerClient.Stream resumed = secret.with(Map.of("Last-Event-ID", "3"))
                .getStream("/v1/ask/sessions/" + session + "/events?customer=acme&user=u1");
        assertThat(resumed.events()).isNotEmpty();
        assertThat(resumed.events().getFirst().id()).isEqualTo(4);
        assertThat(resumed.events().getLast().name()).isEqualTo("done");

        // another customer, even with the same key, cannot see this session
        assertThat(secret.get("/v1/ask/sessions/" + session + "/events?customer=globex&user=u1").status()).isEqualTo(404);
        // and usage is counted per customer and user
        JsonNode usage = admin.get("/v1/ask/usage?customer=acme").json();
        assertThat(usage.at("/users/0/user").asText()).isEqualTo("u1");
        assertThat(usage.at("/users/0/questions").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(admin.get("/v1/ask/usage?customer=globex").json().get("users")).isEmpty();
    }

    @Test
    void aStreamResumedWhileTheAnswerRunsFollowsItToTheEnd() throws Exception {
        // a stored pair whose SQL takes seconds (24^6 rows counted) keeps the answer running long enough to resume into it
        HttpTestClient.Answer pair = admin.post("/v1/training?datasource_id=" + datasource, List.of(Map.of(
                "question", "take a slow look at the orders", "sql", "SELECT count(*) FROM orders a, orders b, orders c, orders d, orders e, orders f")));
        assertThat(pair.status()).as(pair.body()).isEqualTo(200);
        String key = askKey("secret", List.of());
        BearerClient secret = new BearerClient(server.baseUrl(), key);
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + "/v1/ask"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(HttpTestClient.JSON.writeValueAsString(Map.of("table", datasource,
                        "question", "take a slow look at the orders", "customer", "acme", "user", "u5", "stream", true)))).build();
        java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<java.util.stream.Stream<String>>> first =
                HttpTestClient.client().sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofLines());
        String session = first.get(10, java.util.concurrent.TimeUnit.SECONDS).body()
                .filter(line -> line.startsWith("data: ") && line.contains("session_id")).findFirst().orElseThrow()
                .replaceAll(".*\"session_id\":\"([^\"]+)\".*", "$1");

        BearerClient.Stream resumed = secret.with(Map.of("Last-Event-ID", "1"))
                .getStream("/v1/ask/sessions/" + session + "/events?customer=acme&user=u5");

        List<String> names = resumed.events().stream().map(BearerClient.Event::name).toList();
        assertThat(names).as(resumed.events().toString()).contains("sql", "table").endsWith("done");
        assertThat(resumed.events().getFirst().id()).isEqualTo(2);
        assertThat(resumed.events().stream().mapToLong(BearerClient.Event::id)).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aSecondQuestionInASessionRefinesTheFirst() {
        BearerClient secret = new BearerClient(server.baseUrl(), askKey("secret", List.of()));
        HttpTestClient.Answer first = secret.post("/v1/ask", Map.of("table", datasource, "question", "total amount of orders by country",
                "customer", "acme", "user", "u4"));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().at("/table/rows").size()).isGreaterThan(2);

        HttpTestClient.Answer refined = secret.post("/v1/ask", Map.of("table", datasource, "question", "just the top 2",
                "customer", "acme", "user", "u4", "session_id", first.json().get("session_id").asText()));
        assertThat(refined.status()).as(refined.body()).isEqualTo(200);
        assertThat(refined.json().at("/table/rows").size()).isEqualTo(2);
        assertThat(refined.json().at("/sql/sql").asText()).containsIgnoringCase("LIMIT");

        // alone, the same words are not a question
        assertThat(secret.post("/v1/ask", Map.of("table", datasource, "question", "just the top 2", "customer", "acme", "user", "u4"))
                .status()).isEqualTo(422);
    }

    @Test
    void askWithoutStreamingAnswersInOneObjectAndRefusesWhatItCannotAnswer() {
        BearerClient secret = new BearerClient(server.baseUrl(), askKey("secret", List.of()));

        HttpTestClient.Answer answer = secret.post("/v1/ask", Map.of("table", datasource, "question", "total amount of orders by country",
                "customer", "acme", "user", "u2"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("answer").asText()).isNotBlank();
        assertThat(answer.json().at("/sql/sql").asText()).containsIgnoringCase("GROUP BY");
        assertThat(answer.json().at("/chart/type").asText()).isEqualTo("bar");

        HttpTestClient.Answer refused = secret.post("/v1/ask", Map.of("table", datasource, "question", "what is the weather of the orders",
                "customer", "acme", "user", "u2"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().at("/error/code").asText()).isEqualTo("unanswerable");
        assertThat(refused.json().at("/error/suggestions").isArray()).isTrue();

        assertThat(secret.post("/v1/ask", Map.of("table", datasource, "question", "how many orders are there", "customer", "acme",
                "user", "u2", "mode", "full_ai")).status()).isEqualTo(403);
        assertThat(secret.post("/v1/ask", Map.of("table", datasource, "question", "how many orders are there", "user", "u2")).status())
                .isEqualTo(400);
        assertThat(secret.post("/v1/ask", "{not json").status()).isEqualTo(400);
    }

    @Test
    void aPublishableKeyAsksOnlyFromItsOwnOrigin() {
        String key = askKey("publishable", List.of("https://app.example.com"));
        Map<String, Object> question = Map.of("table", datasource, "question", "how many orders are there", "customer", "acme", "user", "u3");

        assertThat(new BearerClient(server.baseUrl(), key).with(Map.of("Origin", "https://app.example.com")).post("/v1/ask", question).status())
                .isEqualTo(200);
        assertThat(new BearerClient(server.baseUrl(), key).with(Map.of("Origin", "https://evil.example.com")).post("/v1/ask", question).status())
                .isEqualTo(403);
        assertThat(new BearerClient(server.baseUrl(), key).post("/v1/ask", question).status()).isEqualTo(403);
        assertThat(new BearerClient(server.baseUrl(), key).with(Map.of("Origin", "https://app.example.com"))
                .post("/v1/single-turn/q2s", Map.of("datasource_id", datasource, "question", "how many orders are there")).status()).isEqualTo(200);
        assertThat(new BearerClient(server.baseUrl(), key).with(Map.of("Origin", "https://app.example.com")).get("/v1/datasources").status())
                .isEqualTo(403);
    }

    @Test
    void anAskKeyBoundToARoleAndACustomerReadsOnlyThatCustomersRows() throws SQLException {
        long emeaOrders = count("SELECT count(*) FROM " + SCHEMA + ".orders WHERE region = 'EMEA'");
        long amerOrders = count("SELECT count(*) FROM " + SCHEMA + ".orders WHERE region = 'AMER'");
        String tenantRole = policyRole("orders.region = '{{customer}}'");
        HttpTestClient.Answer created = admin.post("/v1/ask/keys", Map.of("kind", "publishable", "allowed_origins", List.of("https://emea.example.com"),
                "role_id", tenantRole, "customer", "EMEA"));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(created.json().get("customer").asText()).isEqualTo("EMEA");
        BearerClient widget = new BearerClient(server.baseUrl(), created.json().get("key").asText())
                .with(Map.of("Origin", "https://emea.example.com"));

        HttpTestClient.Answer own = widget.post("/v1/ask", Map.of("table", datasource, "question", "how many orders are there", "customer", "EMEA", "user", "w1"));
        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertThat(own.json().at("/table/rows/0/0").asLong()).isEqualTo(emeaOrders);
        assertThat(own.headers().firstValue("Access-Control-Allow-Origin")).contains("https://emea.example.com");
        // the page's user cannot name another customer, nor shake off the role through the body
        assertThat(widget.post("/v1/ask", Map.of("table", datasource, "question", "how many orders are there", "customer", "AMER", "user", "w1"))
                .status()).isEqualTo(403);
        HttpTestClient.Answer withOtherRole = widget.post("/v1/ask", Map.of("table", datasource, "question", "how many orders are there",
                "customer", "EMEA", "user", "w1", "role_id", "role_nothing", "role_variables", Map.of("customer", "AMER")));
        assertThat(withOtherRole.json().at("/table/rows/0/0").asLong()).as(withOtherRole.body()).isEqualTo(emeaOrders);

        // a server-side key bound to the role only: the trusted back end names the customer, the filter follows it
        HttpTestClient.Answer secret = admin.post("/v1/ask/keys", Map.of("kind", "secret", "role_id", tenantRole));
        BearerClient backend = new BearerClient(server.baseUrl(), secret.json().get("key").asText());
        assertThat(backend.post("/v1/ask", Map.of("table", datasource, "question", "how many orders are there", "customer", "AMER", "user", "b1"))
                .json().at("/table/rows/0/0").asLong()).isEqualTo(amerOrders);
    }

    private static long ordersCounted(BearerClient client, Map<String, Object> extra) {
        java.util.Map<String, Object> body = new java.util.HashMap<>(Map.of("datasource_id", datasource, "question", "how many orders are there"));
        body.putAll(extra);
        HttpTestClient.Answer answer = client.post("/v1/single-turn/q2a", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().at("/answer/dataframe/content/0/0").asLong();
    }

    private static String policyRole(String filter) {
        String name = "regional_" + UUID.randomUUID().toString().substring(0, 8);
        HttpTestClient.Answer policy = admin.post("/v1/policies", Map.of("name", name, "permission", "allow",
                "dataset_config", Map.of("datasource_ids", List.of(datasource),
                        "rows_filters", Map.of(datasource, List.of(SCHEMA + "." + filter)))));
        assertThat(policy.status()).as(policy.body()).isEqualTo(200);
        HttpTestClient.Answer role = admin.post("/v1/roles", Map.of("name", name, "policy_ids", List.of(policy.json().get("id").asText())));
        assertThat(role.status()).as(role.body()).isEqualTo(200);
        return role.json().get("id").asText();
    }

    private static String createKey(HttpTestClient root, String role) {
        HttpTestClient.Answer answer = root.post("/v1/sys/projects/p_default/api-keys", Map.of("ak_role", role));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("original_ak_value").asText();
    }

    private static String askKey(String kind, List<String> origins) {
        HttpTestClient.Answer answer = admin.post("/v1/ask/keys", Map.of("kind", kind, "allowed_origins", origins));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("key").asText();
    }

    private static long count(String sql) throws SQLException {
        try (Connection connection = postgres(); Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Connection postgres() throws SQLException {
        return DriverManager.getConnection(POSTGRES, "postgres", "");
    }
}
