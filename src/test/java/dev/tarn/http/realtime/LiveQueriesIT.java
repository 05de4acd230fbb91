package dev.tarn.http.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tarn.support.HttpTestClient;
import dev.tarn.support.LiveClient;
import dev.tarn.support.RealtimeClient;
import dev.tarn.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /v1/ws as the realtime clients use it: authentication, subscriptions, initial data, changes, isolation, limits. */
class LiveQueriesIT {
    private static final String ALICE_PASSWORD = "alice-Tq8#wR2x";
    private static final String BOB_PASSWORD = "bob-Lm5!vK9z";
    private static TestServer server;
    private static RealtimeClient root;
    private static RealtimeClient alice;
    private static RealtimeClient bob;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        root = RealtimeClient.login(server, "root", TestServer.ROOT_PASSWORD);
        root.sql("CREATE USER alice WITH PASSWORD '" + ALICE_PASSWORD + "' ROLE user");
        root.sql("CREATE USER bob WITH PASSWORD '" + BOB_PASSWORD + "' ROLE user");
        alice = RealtimeClient.login(server, "alice", ALICE_PASSWORD);
        bob = RealtimeClient.login(server, "bob", BOB_PASSWORD);
        root.sql("CREATE NAMESPACE IF NOT EXISTS shop");
        ok(root.sql("CREATE USER TABLE shop.carts (id BIGINT PRIMARY KEY, sku TEXT NOT NULL, qty INT NOT NULL DEFAULT 1)"));
        ok(root.sql("CREATE SHARED TABLE shop.catalog (sku TEXT PRIMARY KEY, price DECIMAL(10,2), stock BIGINT) WITH (ACCESS_LEVEL = 'PUBLIC')"));
        ok(root.sql("CREATE SHARED TABLE shop.ledger (id BIGINT PRIMARY KEY, amount BIGINT) WITH (ACCESS_LEVEL = 'PRIVATE')"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpTestClient.Answer ok(HttpTestClient.Answer answer) {
        assertThat(answer.json().path("status").asText()).as(answer.body()).isEqualTo("success");
        return answer;
    }

    private static String type(JsonNode message) {
        return message.path("type").asText();
    }

    @Test
    void aSubscriberGetsTheAckTheInitialBatchesAndThenEveryInsertUpdateAndDelete() {
        ok(alice.sql("INSERT INTO shop.carts (id, sku, qty) VALUES (1, 'A-1', 2), (2, 'A-2', 1), (3, 'A-3', 5), (4, 'A-4', 0)"));
        try (LiveClient live = LiveClient.authenticated(server, alice)) {
            live.subscribe("cart", "SELECT id, sku, qty FROM shop.carts WHERE qty > 0 AND id < 100",
                    HttpTestClient.JSON.createObjectNode().put("batch_size", 2));
            JsonNode ack = live.next();
            assertThat(type(ack)).isEqualTo("subscription_ack");
            assertThat(ack.get("subscription_id").asText()).isEqualTo("cart");
            assertThat(ack.get("schema").toString()).isEqualTo("[{\"name\":\"id\",\"data_type\":\"BigInt\",\"index\":0},"
                    + "{\"name\":\"sku\",\"data_type\":\"Text\",\"index\":1},{\"name\":\"qty\",\"data_type\":\"Int\",\"index\":2}]");
            JsonNode first = live.next();
            assertThat(type(first)).isEqualTo("initial_data_batch");
            assertThat(first.get("rows").toString()).isEqualTo("[{\"id\":\"1\",\"sku\":\"A-1\",\"qty\":2},{\"id\":\"2\",\"sku\":\"A-2\",\"qty\":1}]");
            assertThat(first.get("batch_control").get("batch_num").asInt()).isZero();
            assertThat(first.get("batch_control").get("has_more").asBoolean()).isTrue();
            assertThat(first.get("batch_control").get("status").asText()).isEqualTo("loading");
            String lastSeq = first.get("batch_control").get("last_seq_id").asText();
            live.send("{\"type\":\"next_batch\",\"subscription_id\":\"cart\",\"last_seq_id\":\"" + lastSeq + "\"}");
            JsonNode second = live.next();
            assertThat(second.get("rows").toString()).isEqualTo("[{\"id\":\"3\",\"sku\":\"A-3\",\"qty\":5}]");
            assertThat(second.get("batch_control").get("batch_num").asInt()).isEqualTo(1);
            assertThat(second.get("batch_control").get("has_more").asBoolean()).isFalse();
            assertThat(second.get("batch_control").get("status").asText()).isEqualTo("ready");

            ok(alice.sql("INSERT INTO shop.carts (id, sku, qty) VALUES (5, 'B-9', 1)"));
            JsonNode insert = live.next();
            assertThat(insert.toString()).isEqualTo("{\"type\":\"change\",\"subscription_id\":\"cart\",\"change_type\":\"insert\","
                    + "\"rows\":[{\"id\":\"5\",\"sku\":\"B-9\",\"qty\":1}]}");

            ok(alice.sql("UPDATE shop.carts SET qty = 7 WHERE id = 5"));
            JsonNode update = live.next();
            assertThat(update.get("change_type").asText()).isEqualTo("update");
            JsonNode row = update.get("rows").get(0);
            JsonNode old = update.get("old_values").get(0);
            assertThat(row.get("id").asText()).isEqualTo("5");
            assertThat(row.get("qty").asInt()).isEqualTo(7);
            assertThat(row.get("sku").asText()).isEqualTo("B-9");
            assertThat(row.get("_seq").isTextual()).isTrue();
            assertThat(old.get("id").asText()).isEqualTo("5");
            assertThat(old.get("qty").asInt()).isEqualTo(1);
            assertThat(old.has("sku")).as("unchanged columns stay out of old_values").isFalse();
            assertThat(Long.parseLong(row.get("_seq").asText())).isGreaterThan(Long.parseLong(old.get("_seq").asText()));

            ok(alice.sql("UPDATE shop.carts SET qty = 0 WHERE id = 5"));
            JsonNode leaves = live.next();
            assertThat(leaves.get("change_type").asText()).as("a row that no longer matches leaves the result").isEqualTo("delete");
            assertThat(leaves.get("old_values").get(0).get("id").asText()).isEqualTo("5");

            ok(alice.sql("UPDATE shop.carts SET qty = 3 WHERE id = 4"));
            JsonNode enters = live.next();
            assertThat(enters.get("change_type").asText()).as("a row that starts to match enters the result").isEqualTo("insert");
            assertThat(enters.get("rows").toString()).isEqualTo("[{\"id\":\"4\",\"sku\":\"A-4\",\"qty\":3}]");

            ok(alice.sql("DELETE FROM shop.carts WHERE id = 4"));
            JsonNode delete = live.next();
            assertThat(delete.toString()).isEqualTo("{\"type\":\"change\",\"subscription_id\":\"cart\",\"change_type\":\"delete\","
                    + "\"old_values\":[{\"id\":\"4\",\"sku\":\"A-4\",\"qty\":3}]}");
            assertThat(live.drain(Duration.ofMillis(300))).isEmpty();
        } finally {
            alice.sql("DELETE FROM shop.carts");
        }
    }

    @Test
    void twoUsersOnTheSameUserTableSeeOnlyTheirOwnRows() {
        try (LiveClient aliceLive = LiveClient.authenticated(server, alice); LiveClient bobLive = LiveClient.authenticated(server, bob)) {
            aliceLive.subscribe("mine", "SELECT * FROM shop.carts WHERE id >= 1000");
            bobLive.subscribe("mine", "SELECT * FROM shop.carts WHERE id >= 1000");
            assertThat(type(aliceLive.next())).isEqualTo("subscription_ack");
            assertThat(aliceLive.next().get("rows").size()).isZero();
            assertThat(type(bobLive.next())).isEqualTo("subscription_ack");
            assertThat(bobLive.next().get("rows").size()).isZero();

            ok(alice.sql("INSERT INTO shop.carts (id, sku) VALUES (1000, 'alice-only')"));
            ok(bob.sql("INSERT INTO shop.carts (id, sku) VALUES (1001, 'bob-only')"));
            JsonNode aliceChange = aliceLive.next();
            JsonNode bobChange = bobLive.next();
            assertThat(aliceChange.get("rows").get(0).get("sku").asText()).isEqualTo("alice-only");
            assertThat(bobChange.get("rows").get(0).get("sku").asText()).isEqualTo("bob-only");
            assertThat(aliceChange.get("rows").get(0).has("_user_id")).as("the owner column is never shown").isFalse();
            assertThat(aliceLive.drain(Duration.ofMillis(300))).isEmpty();
            assertThat(bobLive.drain(Duration.ofMillis(100))).isEmpty();
        } finally {
            alice.sql("DELETE FROM shop.carts");
            bob.sql("DELETE FROM shop.carts");
        }
    }

    @Test
    void aPublicSharedTableIsFollowedByUsersAndAPrivateOneIsRefused() {
        try (LiveClient live = LiveClient.authenticated(server, alice)) {
            live.subscribe("prices", "SELECT sku, price, stock FROM shop.catalog WHERE price > 1");
            assertThat(type(live.next())).isEqualTo("subscription_ack");
            live.next();
            ok(root.sql("INSERT INTO shop.catalog (sku, price, stock) VALUES ('P-1', 9.50, 9007199254740993), ('P-0', 0.50, 1)"));
            JsonNode insert = live.next();
            assertThat(insert.get("rows").toString()).isEqualTo("[{\"sku\":\"P-1\",\"price\":\"9.50\",\"stock\":\"9007199254740993\"}]");

            live.subscribe("ledger", "SELECT * FROM shop.ledger");
            JsonNode refused = live.next();
            assertThat(refused.get("type").asText()).isEqualTo("error");
            assertThat(refused.get("subscription_id").asText()).isEqualTo("ledger");
            assertThat(refused.get("code").asText()).isEqualTo("UNAUTHORIZED");
        } finally {
            root.sql("DELETE FROM shop.catalog");
        }
    }

    @Test
    void resumingFromASeqSendsOnlyNewerRowsAndLastRowsOnlyTheNewest() {
        try {
            ok(alice.sql("INSERT INTO shop.carts (id, sku) VALUES (2001, 'r-1'), (2002, 'r-2')"));
            String resumeFrom;
            try (LiveClient live = LiveClient.authenticated(server, alice)) {
                live.subscribe("resume", "SELECT id FROM shop.carts WHERE id > 2000");
                live.next();
                JsonNode batch = live.next();
                assertThat(batch.get("rows")).hasSize(2);
                resumeFrom = batch.get("batch_control").get("last_seq_id").asText();
            }
            ok(alice.sql("INSERT INTO shop.carts (id, sku) VALUES (2003, 'r-3')"));
            try (LiveClient reconnected = LiveClient.authenticated(server, alice)) {
                reconnected.subscribe("resume", "SELECT id FROM shop.carts WHERE id > 2000",
                        HttpTestClient.JSON.createObjectNode().put("from", resumeFrom));
                assertThat(type(reconnected.next())).isEqualTo("subscription_ack");
                assertThat(reconnected.next().get("rows").toString()).as("rows up to the resume point are not replayed")
                        .isEqualTo("[{\"id\":\"2003\"}]");
                ok(alice.sql("DELETE FROM shop.carts WHERE id = 2001"));
                assertThat(reconnected.next().get("change_type").asText()).isEqualTo("delete");

                reconnected.subscribe("newest", "SELECT id FROM shop.carts WHERE id > 2000",
                        HttpTestClient.JSON.createObjectNode().put("last_rows", 1).put("batch_size", 10));
                assertThat(type(reconnected.next())).isEqualTo("subscription_ack");
                JsonNode newest = reconnected.next();
                assertThat(newest.get("rows").toString()).isEqualTo("[{\"id\":\"2003\"}]");
                assertThat(newest.get("batch_control").get("status").asText()).isEqualTo("ready");
            }
        } finally {
            alice.sql("DELETE FROM shop.carts");
        }
    }

    @Test
    void changesDuringTheInitialLoadArriveAfterItOnceEach() throws Exception {
        try {
            StringBuilder rows = new StringBuilder();
            for (int i = 0; i < 300; i++) {
                rows.append(i == 0 ? "" : ", ").append("(").append(3000 + i).append(", 'load')");
            }
            ok(alice.sql("INSERT INTO shop.carts (id, sku) VALUES " + rows));
            try (LiveClient live = LiveClient.authenticated(server, alice)) {
                Thread writer = Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 60; i++) {
                        alice.sql("INSERT INTO shop.carts (id, sku) VALUES (" + (4000 + i) + ", 'during')");
                    }
                });
                live.subscribe("load", "SELECT id FROM shop.carts WHERE id >= 3000", HttpTestClient.JSON.createObjectNode().put("batch_size", 50));
                List<String> ids = new ArrayList<>();
                JsonNode ack = live.next();
                assertThat(type(ack)).as(ack.toString()).isEqualTo("subscription_ack");
                while (true) {
                    JsonNode batch = live.next(message -> type(message).equals("initial_data_batch"));
                    batch.get("rows").forEach(row -> ids.add(row.get("id").asText()));
                    if (!batch.get("batch_control").get("has_more").asBoolean()) {
                        break;
                    }
                    live.send("{\"type\":\"next_batch\",\"subscription_id\":\"load\"}");
                }
                writer.join();
                for (JsonNode message : live.drain(Duration.ofMillis(1500))) {
                    assertThat(type(message)).isEqualTo("change");
                    message.get("rows").forEach(row -> ids.add(row.get("id").asText()));
                }
                Set<String> unique = new HashSet<>(ids);
                assertThat(unique).as("no row twice").hasSize(ids.size());
                assertThat(unique).as("none lost").hasSize(360);
            }
        } finally {
            alice.sql("DELETE FROM shop.carts");
        }
    }

    @Test
    void everyErrorCodeAClientCanProvoke() {
        try (LiveClient anonymous = LiveClient.connect(server)) {
            anonymous.subscribe("early", "SELECT * FROM shop.carts");
            JsonNode early = anonymous.next();
            assertThat(early.get("code").asText()).isEqualTo("AUTH_REQUIRED");
            assertThat(early.get("subscription_id").asText()).isEqualTo("early");
            anonymous.send("{\"type\":\"next_batch\",\"subscription_id\":\"early\"}");
            anonymous.send("{\"type\":\"unsubscribe\",\"subscription_id\":\"early\"}");
            assertThat(anonymous.drain(Duration.ofMillis(200))).as("next_batch and unsubscribe before auth are ignored").isEmpty();
        }
        try (LiveClient live = LiveClient.authenticated(server, alice)) {
            assertThat(errorCode(live, "bad", "SELEC * FROM shop.carts")).isEqualTo("INVALID_SQL");
            assertThat(errorCode(live, "bare", "SELECT * FROM carts")).isEqualTo("INVALID_SQL");
            assertThat(errorCode(live, "column", "SELECT nope FROM shop.carts")).isEqualTo("INVALID_SQL");
            assertThat(errorCode(live, "order", "SELECT * FROM shop.carts ORDER BY id")).isEqualTo("UNSUPPORTED");
            assertThat(errorCode(live, "limit", "SELECT * FROM shop.carts LIMIT 5")).isEqualTo("UNSUPPORTED");
            assertThat(errorCode(live, "with", "WITH c AS (SELECT * FROM shop.carts) SELECT * FROM c")).isEqualTo("UNSUPPORTED");
            assertThat(errorCode(live, "join", "SELECT * FROM shop.carts a JOIN shop.catalog b ON a.sku = b.sku")).isEqualTo("UNSUPPORTED");
            assertThat(errorCode(live, "subquery", "SELECT * FROM shop.carts WHERE sku IN (SELECT sku FROM shop.catalog)")).isEqualTo("UNSUPPORTED");
            assertThat(errorCode(live, "missing", "SELECT * FROM shop.nothing")).isEqualTo("NOT_FOUND");
            assertThat(errorCode(live, "system", "SELECT * FROM system.users")).isEqualTo("UNAUTHORIZED");
            assertThat(errorCode(live, "files", "SELECT * FROM shop.carts WHERE sku IN (read_text('/etc/passwd'))")).isEqualTo("UNAUTHORIZED");
            assertThat(errorCode(live, "reader", "SELECT * FROM shop.carts WHERE length(getenv('HOME')) > 0")).isEqualTo("UNAUTHORIZED");
            assertThat(errorCode(live, "owner", "SELECT * FROM shop.carts WHERE _user_id = 'bob'")).isEqualTo("UNAUTHORIZED");
            assertThat(errorCode(live, "options", "SELECT * FROM shop.carts", HttpTestClient.JSON.createObjectNode().put("batch_size", 5).put("last_rows", 6)))
                    .isEqualTo("PROTOCOL");

            live.subscribe("twice", "SELECT * FROM shop.carts");
            live.next();
            live.next();
            assertThat(errorCode(live, "twice", "SELECT * FROM shop.carts")).isEqualTo("INVALID_SUBSCRIPTION_ID");
            live.send("{\"type\":\"next_batch\",\"subscription_id\":\"unknown\"}");
            assertThat(live.next().get("code").asText()).isEqualTo("INVALID_SUBSCRIPTION_ID");
            live.send("{\"type\":\"next_batch\",\"subscription_id\":\"twice\"}");
            assertThat(live.next().get("code").asText()).as("the load is complete").isEqualTo("BATCH_FETCH_FAILED");
            live.send("{\"type\":\"dance\"}");
            assertThat(live.next().get("code").asText()).isEqualTo("PROTOCOL");
            live.socket().sendBinary(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}), true).join();
            assertThat(live.next().get("code").asText()).isEqualTo("UNSUPPORTED_DATA");
            live.send("{\"type\":\"ping\"}");
            assertThat(live.drain(Duration.ofMillis(200))).as("ping gets no reply").isEmpty();

            for (int i = 2; i <= 10; i++) {
                live.subscribe("s" + i, "SELECT * FROM shop.carts");
                assertThat(type(live.next())).isEqualTo("subscription_ack");
                live.next();
            }
            assertThat(errorCode(live, "eleventh", "SELECT * FROM shop.carts")).isEqualTo("SUBSCRIPTION_LIMIT_EXCEEDED");
            live.send("{\"type\":\"unsubscribe\",\"subscription_id\":\"s10\"}");
            live.subscribe("eleventh", "SELECT * FROM shop.carts");
            assertThat(type(live.next())).as("unsubscribing frees a place").isEqualTo("subscription_ack");
        }
    }

    private static String errorCode(LiveClient live, String id, String sql) {
        return errorCode(live, id, sql, HttpTestClient.JSON.createObjectNode());
    }

    private static String errorCode(LiveClient live, String id, String sql, com.fasterxml.jackson.databind.node.ObjectNode options) {
        live.subscribe(id, sql, options);
        JsonNode answer = live.next();
        assertThat(type(answer)).as(answer.toString()).isEqualTo("error");
        assertThat(answer.get("subscription_id").asText()).isEqualTo(id);
        return answer.get("code").asText();
    }

    @Test
    void hostileFramesAreAnsweredOrClosed() {
        try (LiveClient live = LiveClient.authenticated(server, alice)) {
            live.send("{\"type\":\"ping\",\"padding\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}");
            assertThat(live.next().get("code").asText()).isEqualTo("MESSAGE_TOO_LARGE");
            for (int i = 0; i < 80; i++) {
                live.send("{\"type\":\"ping\"}");
            }
            JsonNode limited = live.next();
            assertThat(limited.get("code").asText()).isEqualTo("RATE_LIMIT_EXCEEDED");
            assertThat(limited.get("subscription_id").asText()).isEqualTo("rate_limit");
        }
        try (LiveClient live = LiveClient.authenticated(server, alice)) {
            live.send("{not json");
            assertThat(live.next().get("code").asText()).isEqualTo("PROTOCOL");
            assertThat(live.closeCode(Duration.ofSeconds(5))).isEqualTo(1007);
        }
    }

    @Test
    void authenticationByMessageHeaderOrSubprotocolAndItsFailures() throws Exception {
        try (LiveClient bearer = LiveClient.connect(server, "", builder -> builder.header("Authorization", "Bearer " + alice.token()))) {
            JsonNode success = bearer.next();
            assertThat(success.toString()).isEqualTo("{\"type\":\"auth_success\",\"user\":\"alice\",\"role\":\"user\","
                    + "\"protocol\":{\"serialization\":\"json\",\"compression\":\"gzip\"}}");
        }
        try (LiveClient subprotocol = LiveClient.connect(server, "", builder -> builder.subprotocols("kalamdb.jwt." + alice.token()))) {
            assertThat(type(subprotocol.next())).isEqualTo("auth_success");
            assertThat(subprotocol.socket().getSubprotocol()).as("the subprotocol is echoed").isEqualTo("kalamdb.jwt." + alice.token());
        }
        try (LiveClient live = LiveClient.connect(server)) {
            live.send("{\"type\":\"authenticate\",\"method\":\"jwt\",\"token\":\"" + alice.token() + "\","
                    + "\"protocol\":{\"serialization\":\"json\",\"compression\":\"none\"}}");
            assertThat(live.next().get("protocol").get("compression").asText()).isEqualTo("none");
            live.send("{\"type\":\"authenticate\",\"method\":\"jwt\",\"token\":\"" + alice.token() + "\"}");
            assertThat(type(live.next())).as("re-authenticating answers auth_success again").isEqualTo("auth_success");
        }
        try (LiveClient wrong = LiveClient.connect(server)) {
            wrong.send("{\"type\":\"authenticate\",\"method\":\"jwt\",\"token\":\"not-a-token\"}");
            assertThat(type(wrong.next())).isEqualTo("auth_error");
            assertThat(wrong.closeCode(Duration.ofSeconds(5))).isEqualTo(1008);
        }
        try (LiveClient silent = LiveClient.connect(server)) {
            long started = System.nanoTime();
            JsonNode timeout = silent.next(Duration.ofSeconds(6));
            assertThat(type(timeout)).isEqualTo("auth_error");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(2500), Duration.ofMillis(4500));
            assertThat(silent.closeCode(Duration.ofSeconds(5))).isEqualTo(1008);
        }
    }

    @Test
    void largeMessagesAreGzippedIntoBinaryFramesUnlessTurnedOff() {
        try {
            StringBuilder rows = new StringBuilder();
            for (int i = 0; i < 40; i++) {
                rows.append(i == 0 ? "" : ", ").append("(").append(5000 + i).append(", 'a rather long product name number ").append(i).append("')");
            }
            ok(alice.sql("INSERT INTO shop.carts (id, sku) VALUES " + rows));
            try (LiveClient live = LiveClient.authenticated(server, alice)) {
                live.subscribe("big", "SELECT id, sku FROM shop.carts WHERE id >= 5000");
                live.next();
                assertThat(live.next().get("rows")).hasSize(40);
                assertThat(live.binaryFrames()).isEqualTo(1);
            }
            try (LiveClient plain = LiveClient.connect(server, "?compress=false", builder -> builder.header("Authorization", "Bearer " + alice.token()))) {
                plain.next();
                plain.subscribe("big", "SELECT id, sku FROM shop.carts WHERE id >= 5000");
                plain.next();
                assertThat(plain.next().get("rows")).hasSize(40);
                assertThat(plain.binaryFrames()).isZero();
            }
        } finally {
            alice.sql("DELETE FROM shop.carts");
        }
    }

    @Test
    void subscribeToKillLiveQueryAndSystemLiveOverSql() {
        JsonNode subscribe = alice.sql("SUBSCRIBE TO shop.carts WHERE qty > 1 OPTIONS (last_rows = 5, batch_size = 10)").json();
        assertThat(subscribe.get("status").asText()).as(subscribe.toString()).isEqualTo("success");
        JsonNode row = subscribe.get("results").get(0).get("rows").get(0);
        assertThat(row.get(0).asText()).isEqualTo("active");
        assertThat(row.get(1).asText()).isEqualTo("ws://127.0.0.1:" + server.port() + "/v1/ws");
        assertThat(row.get(2).get("id").asText()).startsWith("sub-");
        assertThat(row.get(2).get("sql").asText()).isEqualTo("SELECT * FROM shop.carts WHERE qty > 1");
        assertThat(alice.sql("SUBSCRIBE TO shop.carts ORDER BY id").json().get("status").asText()).isEqualTo("error");

        try (LiveClient live = LiveClient.authenticated(server, alice); LiveClient other = LiveClient.authenticated(server, bob)) {
            live.subscribe(row.get(2).get("id").asText(), row.get(2).get("sql").asText());
            assertThat(type(live.next())).isEqualTo("subscription_ack");
            live.next();
            other.subscribe("bobs", "SELECT * FROM shop.carts");
            other.next();
            other.next();

            JsonNode listed = root.sql("SELECT live_id, subscription_id, user_id, namespace_id, table_name, query FROM system.live ORDER BY user_id").json();
            JsonNode rows = listed.get("results").get(0).get("rows");
            assertThat(rows).as(listed.toString()).hasSize(2);
            assertThat(rows.get(0).get(2).asText()).isEqualTo("alice");
            assertThat(rows.get(0).get(5).asText()).isEqualTo("SELECT * FROM shop.carts WHERE qty > 1");
            assertThat(alice.sql("SELECT * FROM system.live").json().get("status").asText()).isEqualTo("error");

            String bobsLiveId = rows.get(1).get(0).asText();
            assertThat(alice.sql("KILL LIVE QUERY '" + bobsLiveId + "'").json().get("error").get("code").asText())
                    .as("users kill their own live queries only").isNotBlank();
            ok(alice.sql("KILL LIVE QUERY '" + rows.get(0).get(0).asText() + "'"));
            assertThat(live.next().get("code").asText()).isEqualTo("SUBSCRIPTION_FAILED");
            ok(root.sql("KILL LIVE QUERY '" + bobsLiveId + "'"));
            assertThat(type(other.next())).isEqualTo("error");
            assertThat(root.sql("SELECT count(*) FROM system.live").json().get("results").get(0).get("rows").get(0).get(0).asText()).isEqualTo("0");
        }
    }

    @Test
    void lakehouseAppendsAndUpsertsReachSubscribers() {
        try (LiveClient live = LiveClient.authenticated(server, alice)) {
            live.subscribe("lake", "SELECT sku, stock FROM shop.catalog WHERE sku LIKE 'L-%'");
            live.next();
            live.next();
            HttpTestClient lakehouse = server.root();
            // the row names neither _seq nor _deleted: the append gives them their defaults, as an INSERT would
            HttpTestClient.Answer append = lakehouse.post("/append?schema=shop&table=catalog&sync=true", "[{\"sku\": \"L-1\", \"stock\": 5}]");
            assertThat(append.status()).as(append.body()).isEqualTo(200);
            JsonNode appended = live.next();
            assertThat(appended.toString()).isEqualTo("{\"type\":\"change\",\"subscription_id\":\"lake\",\"change_type\":\"insert\","
                    + "\"rows\":[{\"sku\":\"L-1\",\"stock\":\"5\"}]}");
            HttpTestClient.Answer upsert = lakehouse.send(lakehouse.request("/upsert?schema=shop&table=catalog&primary_key=sku")
                    .header("Content-Type", "text/csv").POST(java.net.http.HttpRequest.BodyPublishers.ofString("sku,stock\nL-1,6\nL-2,1\n")));
            assertThat(upsert.status()).as(upsert.body()).isEqualTo(200);
            List<JsonNode> changes = new ArrayList<>(List.of(live.next(), live.next()));
            changes.sort(java.util.Comparator.comparing(message -> message.get("change_type").asText()));
            assertThat(changes.get(0).get("change_type").asText()).isEqualTo("insert");
            assertThat(changes.get(0).get("rows").get(0).get("sku").asText()).isEqualTo("L-2");
            assertThat(changes.get(1).get("change_type").asText()).isEqualTo("update");
            assertThat(changes.get(1).get("rows").get(0).get("stock").asText()).isEqualTo("6");
            assertThat(changes.get(1).get("old_values").get(0).get("stock").asText()).isEqualTo("5");

            HttpTestClient.Answer query = lakehouse.query("DELETE FROM memory.shop.catalog WHERE sku = 'L-2'");
            assertThat(query.status()).as(query.body()).isEqualTo(200);
            JsonNode deleted = live.next();
            assertThat(deleted.get("change_type").asText()).isEqualTo("delete");
            assertThat(deleted.get("old_values").get(0).get("sku").asText()).isEqualTo("L-2");
        } finally {
            root.sql("DELETE FROM shop.catalog");
        }
    }

    @Test
    void anIdleClientStaysConnectedPastTheClientTimeoutBecauseTheServerPings() throws Exception {
        try (LiveClient live = LiveClient.authenticated(server, alice)) {
            Thread.sleep(11_500);
            assertThat(live.isClosed()).isFalse();
            live.subscribe("still-here", "SELECT * FROM shop.catalog");
            assertThat(type(live.next())).isEqualTo("subscription_ack");
        }
    }

    @Test
    void anotherUsersRowThatBreaksThePredicateNeitherEndsNorSignalsASubscription() {
        try (LiveClient live = LiveClient.authenticated(server, alice)) {
            live.subscribe("numeric", "SELECT id, sku FROM shop.carts WHERE CAST(sku AS INTEGER) > 0");
            live.next();
            live.next();
            ok(bob.sql("INSERT INTO shop.carts (id, sku) VALUES (6001, 'not a number')"));
            ok(alice.sql("INSERT INTO shop.carts (id, sku) VALUES (6002, '7')"));
            JsonNode change = live.next();
            assertThat(change.toString()).isEqualTo("{\"type\":\"change\",\"subscription_id\":\"numeric\",\"change_type\":\"insert\","
                    + "\"rows\":[{\"id\":\"6002\",\"sku\":\"7\"}]}");
            ok(alice.sql("INSERT INTO shop.carts (id, sku) VALUES (6003, 'mine, not a number')"));
            JsonNode own = live.next();
            assertThat(own.get("code").asText()).as("the user's own row may fail its own query").isEqualTo("SUBSCRIPTION_FAILED");
        } finally {
            alice.sql("DELETE FROM shop.carts");
            bob.sql("DELETE FROM shop.carts");
        }
    }

    @Test
    void authenticationOverTheSocketIsRateLimitedPerAddress() {
        try (TestServer limited = TestServer.start(java.util.Map.of(dev.tarn.config.ConfigKey.AUTH_RATE_LIMIT_PER_SECOND, "2"))) {
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                try (LiveClient live = LiveClient.connect(limited)) {
                    live.send("{\"type\":\"authenticate\",\"method\":\"jwt\",\"token\":\"wrong\"}");
                    answers.add(live.next().get("message").asText());
                }
            }
            assertThat(answers.get(0)).startsWith("Invalid credentials");
            assertThat(answers.get(3)).startsWith("Too many authentication attempts");
        }
    }

    @Test
    void aShuttingDownServerRefusesUpgradesWith503() throws Exception {
        TestServer stopping = TestServer.start(java.util.Map.of(dev.tarn.config.ConfigKey.SHUTDOWN_GRACE_MS, "3000"));
        // a running query keeps the server draining for the grace period
        java.net.http.HttpResponse<java.io.InputStream> running = HttpTestClient.client().send(stopping.root().request("/query")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"statement\":\"SELECT count(*) FROM range(1000000000000) a\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        java.util.concurrent.CompletableFuture<Void> closing = java.util.concurrent.CompletableFuture.runAsync(stopping::close);
        Thread.sleep(500);
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> LiveClient.connect(stopping));
        Throwable cause = refused;
        while (cause != null && !(cause instanceof java.net.http.WebSocketHandshakeException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as(String.valueOf(refused)).isInstanceOf(java.net.http.WebSocketHandshakeException.class);
        assertThat(((java.net.http.WebSocketHandshakeException) cause).getResponse().statusCode()).isEqualTo(503);
        running.body().close();
        closing.get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void aColumnAddedWhileSubscribedAppearsInTheChanges() {
        ok(root.sql("CREATE SHARED TABLE shop.notes (id BIGINT PRIMARY KEY, body TEXT) WITH (ACCESS_LEVEL = 'PUBLIC')"));
        try (LiveClient live = LiveClient.authenticated(server, alice)) {
            live.subscribe("notes", "SELECT * FROM shop.notes");
            live.next();
            live.next();
            ok(root.sql("INSERT INTO shop.notes (id, body) VALUES (1, 'first')"));
            assertThat(live.next().get("rows").get(0).get("body").asText()).isEqualTo("first");
            ok(root.sql("ALTER TABLE shop.notes ADD COLUMN mood TEXT"));
            ok(root.sql("INSERT INTO shop.notes (id, body, mood) VALUES (2, 'second', 'glad')"));
            assertThat(live.next().get("rows").get(0).get("mood").asText()).isEqualTo("glad");
        } finally {
            root.sql("DROP TABLE shop.notes");
        }
    }

    @Test
    void rowsOfAStreamTableThatExpireAreDeletesForTheirSubscriber() {
        ok(root.sql("CREATE STREAM TABLE shop.typing (id TEXT PRIMARY KEY, who TEXT) WITH (TTL_SECONDS = 1)"));
        try (LiveClient live = LiveClient.authenticated(server, alice)) {
            live.subscribe("typing", "SELECT id, who FROM shop.typing");
            live.next();
            live.next();
            ok(alice.sql("INSERT INTO shop.typing (id, who) VALUES ('t1', 'alice')"));
            assertThat(live.next().get("change_type").asText()).isEqualTo("insert");
            JsonNode expired = live.next();
            assertThat(expired.toString()).isEqualTo("{\"type\":\"change\",\"subscription_id\":\"typing\",\"change_type\":\"delete\","
                    + "\"old_values\":[{\"id\":\"t1\",\"who\":\"alice\"}]}");
        }
    }

    @Test
    void changesOfAnExplicitTransactionArriveAtCommitAndThoseRolledBackNever() {
        try (LiveClient live = LiveClient.authenticated(server, alice)) {
            live.subscribe("tx", "SELECT id FROM shop.carts WHERE id >= 7000");
            live.next();
            live.next();
            ok(alice.sql("BEGIN; INSERT INTO shop.carts (id, sku) VALUES (7001, 'rolled back'); ROLLBACK"));
            ok(alice.sql("BEGIN; INSERT INTO shop.carts (id, sku) VALUES (7002, 'kept'); UPDATE shop.carts SET qty = 9 WHERE id = 7002; COMMIT"));
            List<JsonNode> changes = List.of(live.next(), live.next());
            assertThat(changes).extracting(change -> change.get("change_type").asText() + " " + change.get("rows").get(0).get("id").asText())
                    .containsExactly("insert 7002", "update 7002");
            assertThat(live.drain(Duration.ofMillis(300))).isEmpty();
        } finally {
            alice.sql("DELETE FROM shop.carts");
        }
    }
}
