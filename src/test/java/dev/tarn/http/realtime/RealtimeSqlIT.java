package dev.tarn.http.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tarn.support.HttpTestClient;
import dev.tarn.support.HttpTestClient.Answer;
import dev.tarn.support.RealtimeClient;
import dev.tarn.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /v1/api/sql as the realtime clients use it: envelope, codes, namespaces, typed tables, roles. */
class RealtimeSqlIT {
    private static final String ALICE_PASSWORD = "alice-Tq8#wR2x";
    private static final String BOB_PASSWORD = "bob-Lm5!vK9z";
    private static final String SERVICE_PASSWORD = "svc-Hn3$pQ7w";
    private static TestServer server;
    private static RealtimeClient root;
    private static RealtimeClient alice;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        root = RealtimeClient.login(server, "root", TestServer.ROOT_PASSWORD);
        root.sql("CREATE USER alice WITH PASSWORD '" + ALICE_PASSWORD + "' ROLE user");
        root.sql("CREATE USER bob WITH PASSWORD '" + BOB_PASSWORD + "' ROLE user");
        root.sql("CREATE USER svc WITH PASSWORD '" + SERVICE_PASSWORD + "' ROLE service");
        alice = RealtimeClient.login(server, "alice", ALICE_PASSWORD);
        root.sql("CREATE NAMESPACE IF NOT EXISTS shop");
        root.sql("CREATE SHARED TABLE shop.catalog (sku TEXT PRIMARY KEY, price DECIMAL(10,2), stock BIGINT, added TIMESTAMP) "
                + "WITH (ACCESS_LEVEL = 'PUBLIC')");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void basicCredentialsAndMissingTokensAre401InTheErrorEnvelope() {
        HttpTestClient basic = server.root();
        Answer withBasic = basic.send(basic.request("/v1/api/sql").POST(HttpRequest.BodyPublishers.ofString("{\"sql\":\"SELECT 1\"}")));
        assertThat(withBasic.status()).isEqualTo(401);
        assertThat(withBasic.json().get("status").asText()).isEqualTo("error");
        assertThat(withBasic.json().get("error").get("code").asText()).isEqualTo("INVALID_CREDENTIALS");
        Answer missing = server.anonymous().post("/v1/api/sql", "{\"sql\":\"SELECT 1\"}");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.json().get("error").get("code").asText()).isEqualTo("MISSING_AUTHORIZATION");
    }

    @Test
    void aSelectAnswersWithSchemaRowsAndBigIntegersAsStrings() {
        root.sql("INSERT INTO shop.catalog (sku, price, stock, added) VALUES ($1, $2, $3, TIMESTAMP '1970-01-01 00:00:01')", "A-1", 9.5, 9007199254740993L);
        JsonNode answer = root.sql("SELECT sku, price, stock, added, 7::INTEGER AS small FROM shop.catalog WHERE sku = $1", "A-1").json();
        assertThat(answer.get("status").asText()).isEqualTo("success");
        assertThat(answer.get("took").isNumber()).isTrue();
        JsonNode result = answer.get("results").get(0);
        assertThat(result.get("schema").toString()).isEqualTo("[{\"name\":\"sku\",\"data_type\":\"Text\",\"index\":0},"
                + "{\"name\":\"price\",\"data_type\":{\"Decimal\":{\"precision\":10,\"scale\":2}},\"index\":1},"
                + "{\"name\":\"stock\",\"data_type\":\"BigInt\",\"index\":2},{\"name\":\"added\",\"data_type\":\"Timestamp\",\"index\":3},"
                + "{\"name\":\"small\",\"data_type\":\"Int\",\"index\":4}]");
        assertThat(result.get("rows").toString()).isEqualTo("[[\"A-1\",\"9.50\",\"9007199254740993\",1000000,7]]");
        assertThat(result.get("row_count").asInt()).isEqualTo(1);
        assertThat(result.get("as_user").asText()).isEqualTo("root");
    }

    @Test
    void dataChangesOfABatchAreReportedAsTrailingTotals() {
        JsonNode results = root.sql("INSERT INTO shop.catalog (sku) VALUES ('B-1'); INSERT INTO shop.catalog (sku) VALUES ('B-2'), ('B-3'); "
                + "SELECT count(*) AS n FROM shop.catalog WHERE sku LIKE 'B-%'; UPDATE shop.catalog SET stock = 1 WHERE sku LIKE 'B-%'").json().get("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).get("rows").toString()).isEqualTo("[[\"3\"]]");
        assertThat(results.get(1).get("message").asText()).isEqualTo("Inserted 3 row(s)");
        assertThat(results.get(2).get("message").asText()).isEqualTo("Updated 3 row(s)");
    }

    @Test
    void useSetsTheNamespaceForTheRestOfTheRequestOnly() {
        assertThat(RealtimeClient.rows(root.sql("USE shop; SELECT count(*) FROM catalog WHERE sku = 'nothing'")).isEmpty()).isFalse();
        Answer next = root.sql("SELECT count(*) FROM catalog");
        assertThat(next.status()).isEqualTo(400);
        assertThat(RealtimeClient.rows(root.sqlIn("shop", "SELECT count(*) FROM catalog WHERE false"))).hasSize(1);
    }

    @Test
    void theFirstFailureStopsTheBatchAndNamesTheStatement() {
        Answer answer = root.sql("INSERT INTO shop.catalog (sku) VALUES ('C-1'); SELECT * FROM shop.nothing_here; INSERT INTO shop.catalog (sku) VALUES ('C-2')");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("error").get("code").asText()).isEqualTo("SQL_EXECUTION_ERROR");
        assertThat(answer.json().get("error").get("message").asText()).startsWith("Statement 2 failed: ");
        assertThat(RealtimeClient.rows(root.sql("SELECT sku FROM shop.catalog WHERE sku LIKE 'C-%' ORDER BY sku")).toString()).isEqualTo("[[\"C-1\"]]");
    }

    @Test
    void requestMistakesHaveTheirOwnCodes() {
        assertThat(root.sql("SELEC 1").json().get("error").get("code").asText()).isEqualTo("INVALID_SQL");
        assertThat(root.sql("  ").json().get("error").get("code").asText()).isEqualTo("EMPTY_SQL");
        assertThat(root.sql("SELECT $1; SELECT 2", 1).json().get("error").get("code").asText()).isEqualTo("PARAMS_WITH_BATCH");
        Answer badJson = root.send(HttpTestClient.JSON.createObjectNode().put("sql", "SELECT $1").set("params",
                HttpTestClient.JSON.createArrayNode().add(HttpTestClient.JSON.createObjectNode())));
        assertThat(badJson.json().get("error").get("code").asText()).isEqualTo("INVALID_PARAMETER");
    }

    @Test
    void errorsAreRedactedForOrdinaryUsersButNotForAdministrators() {
        Answer forAlice = alice.sql("SELECT * FROM shop.missing_table");
        assertThat(forAlice.json().get("error").get("message").asText()).isEqualTo("Requested table is not available");
        Answer forRoot = root.sql("SELECT * FROM shop.missing_table");
        assertThat(forRoot.json().get("error").get("message").asText()).contains("missing_table");
    }

    @Test
    void theRoleMatrixDecidesWhoCreatesAndDropsWhat() {
        assertThat(alice.sql("CREATE NAMESPACE mine").status()).isEqualTo(403);
        Answer sharedByUser = alice.sql("CREATE SHARED TABLE shop.prices (id BIGINT PRIMARY KEY)");
        assertThat(sharedByUser.status()).isEqualTo(403);
        assertThat(sharedByUser.json().get("error").get("code").asText()).isEqualTo("PERMISSION_DENIED");
        RealtimeClient service = RealtimeClient.login(server, "svc", SERVICE_PASSWORD);
        assertThat(service.sql("CREATE SHARED TABLE shop.prices (id BIGINT PRIMARY KEY)").status()).isEqualTo(200);
        assertThat(service.sql("DROP TABLE shop.prices").status()).isEqualTo(403);
        assertThat(root.sql("DROP TABLE shop.prices").status()).isEqualTo(200);
    }

    @Test
    void tableDefinitionsAreCheckedAndGetSystemColumns() {
        assertThat(root.sql("CREATE STREAM TABLE shop.typing (id TEXT PRIMARY KEY)").json().get("error").get("message").asText())
                .contains("TTL_SECONDS");
        assertThat(root.sql("CREATE SHARED TABLE shop.nokey (a INT)").json().get("error").get("message").asText()).contains("PRIMARY KEY");
        assertThat(root.sql("CREATE SHARED TABLE shop.opts (a INT PRIMARY KEY) WITH (COLOR = 'red')").json().get("error").get("message").asText())
                .contains("Unknown table option COLOR");
        assertThat(root.sql("CREATE USER TABLE shop.bad (_seq BIGINT PRIMARY KEY)").json().get("error").get("message").asText()).contains("reserved");
        assertThat(root.sql("CREATE TABLE shop.conflict (a INT PRIMARY KEY) WITH (TYPE = 'USER')").status()).isEqualTo(200);
        List<JsonNode> columns = RealtimeClient.rows(root.sql("DESCRIBE TABLE shop.catalog"));
        assertThat(columns.stream().map(row -> row.get(0).asText()).toList()).containsExactly("sku", "price", "stock", "added", "_seq", "_deleted");
        assertThat(root.sql("CREATE SHARED TABLE IF NOT EXISTS shop.catalog (sku TEXT PRIMARY KEY)").status()).isEqualTo(200);
    }

    @Test
    void defaultsUseTheDialectsFunctions() {
        root.sql("CREATE SHARED TABLE shop.events (id BIGINT PRIMARY KEY DEFAULT SNOWFLAKE_ID(), u UUID DEFAULT UUID_V7(), "
                + "who TEXT DEFAULT CURRENT_USER(), added_at TIMESTAMP DEFAULT NOW(), code TEXT DEFAULT ULID())");
        root.sql("INSERT INTO shop.events (id) VALUES (DEFAULT)");
        JsonNode row = RealtimeClient.rows(root.sql("SELECT id, u, who, code, _seq FROM shop.events")).get(0);
        assertThat(Long.parseLong(row.get(0).asText())).isPositive();
        assertThat(row.get(1).asText()).matches("[0-9a-f-]{36}");
        assertThat(row.get(2).asText()).isEqualTo("root");
        assertThat(row.get(3).asText()).hasSize(26);
        assertThat(Long.parseLong(row.get(4).asText())).isPositive();
    }

    @Test
    void showAndDescribeForms() {
        assertThat(RealtimeClient.rows(root.sql("SHOW NAMESPACES")).stream().map(r -> r.get(0).asText()).toList()).contains("default", "shop");
        List<JsonNode> tables = RealtimeClient.rows(root.sql("SHOW TABLES IN NAMESPACE shop"));
        assertThat(tables.stream().filter(r -> r.get(1).asText().equals("catalog")).findFirst().orElseThrow().get(2).asText()).isEqualTo("SHARED");
    }

    @Test
    void transactionsLiveInsideOneRequest() {
        root.sql("BEGIN; INSERT INTO shop.catalog (sku) VALUES ('T-1'); ROLLBACK");
        assertThat(RealtimeClient.rows(root.sql("SELECT count(*) FROM shop.catalog WHERE sku = 'T-1'")).toString()).isEqualTo("[[\"0\"]]");
        Answer open = root.sql("BEGIN; INSERT INTO shop.catalog (sku) VALUES ('T-2')");
        assertThat(open.status()).isEqualTo(400);
        assertThat(RealtimeClient.rows(root.sql("SELECT count(*) FROM shop.catalog WHERE sku = 'T-2'")).toString()).isEqualTo("[[\"0\"]]");
    }

    @Test
    void aReturningTooLargeToAnswerChangesNothing() {
        root.sql("CREATE SHARED TABLE IF NOT EXISTS shop.bulk (id BIGINT PRIMARY KEY)");
        Answer tooLarge = root.sql("INSERT INTO shop.bulk (id) SELECT range FROM range(100001) RETURNING id");
        assertThat(tooLarge.status()).isEqualTo(400);
        assertThat(tooLarge.body()).contains("nothing was changed");
        assertThat(RealtimeClient.rows(root.sql("SELECT count(*) FROM shop.bulk")).toString()).isEqualTo("[[\"0\"]]");
        assertThat(RealtimeClient.rows(root.sql("INSERT INTO shop.bulk (id) SELECT range FROM range(3) RETURNING id"))).hasSize(3);
    }

    @Test
    void systemTablesAreForAdministrators() {
        assertThat(RealtimeClient.rows(root.sql("SELECT user_id, role FROM system.users WHERE user_id = 'alice'")).toString())
                .isEqualTo("[[\"alice\",\"user\"]]");
        assertThat(alice.sql("SELECT * FROM system.users").status()).isEqualTo(403);
    }

    @Test
    void executeAsFollowsTheImpersonationRules() {
        JsonNode asAlice = root.sql("EXECUTE AS USER 'alice' (SELECT CURRENT_USER() AS who)").json().get("results").get(0);
        assertThat(asAlice.get("as_user").asText()).isEqualTo("alice");
        assertThat(asAlice.get("rows").toString()).isEqualTo("[[\"alice\"]]");
        assertThat(alice.sql("EXECUTE AS USER 'bob' (SELECT 1)").status()).isEqualTo(403);
        assertThat(alice.sql("EXECUTE AS USER alice (SELECT 1)").status()).isEqualTo(200);
    }

    @Test
    void perUserTablesShowEachUserOnlyTheirOwnRowsAdministratorsIncluded() {
        root.sql("CREATE USER TABLE shop.carts (id BIGINT PRIMARY KEY, sku TEXT NOT NULL, qty INT DEFAULT 1)");
        RealtimeClient bob = RealtimeClient.login(server, "bob", BOB_PASSWORD);
        assertThat(alice.sql("INSERT INTO shop.carts (id, sku) VALUES (1, 'A-1'), (2, 'A-2')").status()).isEqualTo(200);
        assertThat(bob.sql("INSERT INTO shop.carts (id, sku, qty) VALUES (1, 'B-1', 5)").status()).isEqualTo(200);
        assertThat(RealtimeClient.rows(alice.sql("SELECT id, sku FROM shop.carts ORDER BY id")).toString())
                .isEqualTo("[[\"1\",\"A-1\"], [\"2\",\"A-2\"]]");
        assertThat(RealtimeClient.rows(bob.sql("SELECT sku, qty FROM shop.carts")).toString()).isEqualTo("[[\"B-1\",5]]");
        assertThat(RealtimeClient.rows(root.sql("SELECT count(*) FROM shop.carts")).toString()).isEqualTo("[[\"0\"]]");
        assertThat(bob.sql("DELETE FROM shop.carts").json().get("results").get(0).get("message").asText()).isEqualTo("Deleted 1 row(s)");
        assertThat(RealtimeClient.rows(alice.sql("SELECT count(*) FROM shop.carts")).toString()).isEqualTo("[[\"2\"]]");
        assertThat(alice.sql("SELECT _user_id FROM shop.carts").status()).isIn(400, 403);
        JsonNode asAlice = root.sql("EXECUTE AS USER 'alice' (SELECT count(*) FROM shop.carts)").json().get("results").get(0);
        assertThat(asAlice.get("rows").toString()).isEqualTo("[[\"2\"]]");
        assertThat(RealtimeClient.rows(alice.sql("SELECT * FROM shop.carts WHERE id = 1")).get(0).size())
                .as("no hidden owner column in SELECT *").isEqualTo(5);
    }

    @Test
    void sharedTablesAreReadAndWrittenByRoleAndAccessLevel() {
        root.sql("CREATE SHARED TABLE shop.secrets (id BIGINT PRIMARY KEY, note TEXT) WITH (ACCESS_LEVEL = 'PRIVATE')");
        root.sql("CREATE SHARED TABLE shop.vault (id BIGINT PRIMARY KEY) WITH (ACCESS_LEVEL = 'DBA')");
        RealtimeClient service = RealtimeClient.login(server, "svc", SERVICE_PASSWORD);
        assertThat(alice.sql("SELECT count(*) FROM shop.catalog").status()).as("PUBLIC is readable by users").isEqualTo(200);
        assertThat(alice.sql("SELECT * FROM shop.secrets").status()).as("PRIVATE is not").isEqualTo(403);
        assertThat(alice.sql("SELECT * FROM shop.catalog c JOIN shop.secrets s ON true").status()).isEqualTo(403);
        assertThat(alice.sqlIn("shop", "SELECT * FROM secrets").status()).isEqualTo(403);
        assertThat(alice.sql("INSERT INTO shop.catalog (sku) VALUES ('X-1')").status()).as("users write no shared table").isEqualTo(403);
        assertThat(service.sql("SELECT * FROM shop.secrets").status()).isEqualTo(200);
        assertThat(service.sql("INSERT INTO shop.secrets (id, note) VALUES (1, 'n')").status()).isEqualTo(200);
        assertThat(service.sql("SELECT * FROM shop.vault").status()).as("DBA level is for administrators").isEqualTo(403);
        assertThat(root.sql("SELECT * FROM shop.vault").status()).isEqualTo(200);
    }

    @Test
    void rowsOfAStreamTableExpireAfterTheirTtl() throws Exception {
        root.sql("CREATE STREAM TABLE shop.typing (id TEXT PRIMARY KEY, who TEXT) WITH (TTL_SECONDS = 1)");
        assertThat(alice.sql("INSERT INTO shop.typing (id, who) VALUES ('t1', 'alice')").status()).isEqualTo(200);
        assertThat(RealtimeClient.rows(alice.sql("SELECT count(*) FROM shop.typing")).toString()).isEqualTo("[[\"1\"]]");
        long deadline = System.nanoTime() + 15_000_000_000L;
        String count = "1";
        while (!count.equals("0") && System.nanoTime() < deadline) {
            Thread.sleep(250);
            count = RealtimeClient.rows(alice.sql("SELECT count(*) FROM shop.typing")).get(0).get(0).asText();
        }
        assertThat(count).isEqualTo("0");
    }

    @Test
    void aUserSendingTooFastGets429() {
        try (TestServer limited = TestServer.start(java.util.Map.of(dev.tarn.config.ConfigKey.REALTIME_RATE_LIMIT_PER_SECOND, "3"))) {
            RealtimeClient client = RealtimeClient.login(limited, "root", TestServer.ROOT_PASSWORD);
            int limitedAnswers = 0;
            for (int i = 0; i < 10; i++) {
                Answer answer = client.sql("SELECT 1");
                if (answer.status() == 429) {
                    limitedAnswers++;
                    assertThat(answer.json().get("error").get("code").asText()).isEqualTo("RATE_LIMIT_EXCEEDED");
                    assertThat(answer.headers().firstValue("Retry-After")).isPresent();
                }
            }
            assertThat(limitedAnswers).isPositive();
        }
    }

    @Test
    void anUpdateGivesTheRowANewGreaterVersion() {
        root.sql("INSERT INTO shop.catalog (sku, stock) VALUES ('V-1', 1)");
        long before = Long.parseLong(RealtimeClient.rows(root.sql("SELECT _seq FROM shop.catalog WHERE sku = 'V-1'")).get(0).get(0).asText());
        root.sql("UPDATE shop.catalog SET stock = 2 WHERE sku = 'V-1'");
        long after = Long.parseLong(RealtimeClient.rows(root.sql("SELECT _seq FROM shop.catalog WHERE sku = 'V-1'")).get(0).get(0).asText());
        assertThat(after).isGreaterThan(before);
        assertThat(root.sql("UPDATE shop.catalog SET _seq = 1 WHERE sku = 'V-1'").status()).isEqualTo(403);
        // the Lakehouse API's UPDATE versions the row too: a live query resuming by _seq must see it
        assertThat(server.root().query("UPDATE memory.shop.catalog SET stock = 3 WHERE sku = 'V-1'").status()).isEqualTo(200);
        long afterLakehouse = Long.parseLong(RealtimeClient.rows(root.sql("SELECT _seq FROM shop.catalog WHERE sku = 'V-1'")).get(0).get(0).asText());
        assertThat(afterLakehouse).isGreaterThan(after);
        HttpTestClient lakehouse = server.root();
        HttpTestClient.Answer upsert = lakehouse.send(lakehouse.request("/upsert?schema=shop&table=catalog&primary_key=sku")
                .header("Content-Type", "text/csv").POST(java.net.http.HttpRequest.BodyPublishers.ofString("sku,stock\nV-1,4\n")));
        assertThat(upsert.status()).as(upsert.body()).isEqualTo(200);
        long afterUpsert = Long.parseLong(RealtimeClient.rows(root.sql("SELECT _seq FROM shop.catalog WHERE sku = 'V-1'")).get(0).get(0).asText());
        assertThat(afterUpsert).isGreaterThan(afterLakehouse);
        HttpTestClient.Answer ownVersion = lakehouse.send(lakehouse.request("/upsert?schema=shop&table=catalog&primary_key=sku")
                .header("Content-Type", "text/csv").POST(java.net.http.HttpRequest.BodyPublishers.ofString("sku,stock,_seq\nV-1,5,1\n")));
        assertThat(ownVersion.status()).isEqualTo(400);
        assertThat(ownVersion.body()).contains("_seq");
        alice.sql("CREATE USER TABLE shop.versioned (id BIGINT PRIMARY KEY, n INT)");
        alice.sql("INSERT INTO shop.versioned (id, n) VALUES (1, 1)");
        long userBefore = Long.parseLong(RealtimeClient.rows(alice.sql("SELECT _seq FROM shop.versioned")).get(0).get(0).asText());
        assertThat(alice.sql("UPDATE shop.versioned SET n = 2 WHERE id = 1").status()).isEqualTo(200);
        long userAfter = Long.parseLong(RealtimeClient.rows(alice.sql("SELECT _seq FROM shop.versioned")).get(0).get(0).asText());
        assertThat(userAfter).isGreaterThan(userBefore);
    }

    @Test
    void callersCannotSetSessionVariables() {
        Answer answer = root.sql("SET VARIABLE tarn_user = 'bob'");
        assertThat(answer.status()).isEqualTo(403);
    }
}
