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
}
