package dev.tarn.http.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tarn.config.ConfigKey;
import dev.tarn.support.HttpTestClient;
import dev.tarn.support.HttpTestClient.Answer;
import dev.tarn.support.RealtimeClient;
import dev.tarn.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Topics as clients use them (contract 1.5 and 4): rows written through /v1/api/sql become
 * messages, read and acknowledged over SQL and over POST /v1/api/topics/consume and /ack.
 */
class TopicsIT {
    private static final String SERVICE_PASSWORD = "svc-Hn3$pQ7w";
    private static final String ALICE_PASSWORD = "alice-Tq8#wR2x";
    private static TestServer server;
    private static RealtimeClient root;
    private static RealtimeClient service;
    private static RealtimeClient alice;

    @BeforeAll
    static void start() {
        // claims last 2 s: long enough that a loaded machine answers the "still claimed" request in time
        server = TestServer.start(Map.of(ConfigKey.TOPICS_VISIBILITY_TIMEOUT_SECONDS, "2"));
        root = RealtimeClient.login(server, "root", TestServer.ROOT_PASSWORD);
        ok(root.sql("CREATE USER svc WITH PASSWORD '" + SERVICE_PASSWORD + "' ROLE service"));
        ok(root.sql("CREATE USER alice WITH PASSWORD '" + ALICE_PASSWORD + "' ROLE user"));
        service = RealtimeClient.login(server, "svc", SERVICE_PASSWORD);
        alice = RealtimeClient.login(server, "alice", ALICE_PASSWORD);
        ok(root.sql("CREATE NAMESPACE shop"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void insertsUpdatesAndDeletesThroughSqlBecomeMessagesWithTheirPayloadModes() {
        table("shop.carts");
        assertThat(message(root.sql("CREATE TOPIC shop.cart_events PARTITIONS 2"))).isEqualTo("Created topic 'shop.cart_events' with 2 partition(s)");
        ok(root.sql("ALTER TOPIC shop.cart_events ADD SOURCE shop.carts ON INSERT WITH (payload = 'full')"));
        ok(root.sql("ALTER TOPIC shop.cart_events ADD SOURCE shop.carts ON UPDATE WHERE qty > 10 WITH (payload = 'diff')"));
        ok(root.sql("ALTER TOPIC shop.cart_events ADD SOURCE shop.carts ON DELETE WITH (payload = 'key')"));

        ok(root.sql("INSERT INTO shop.carts (id, sku, qty) VALUES (1, 'A-1', 2), (2, 'B-2', 3)"));
        ok(root.sql("UPDATE shop.carts SET qty = 20 WHERE id = 1; UPDATE shop.carts SET qty = 4 WHERE id = 2"));
        ok(root.sql("DELETE FROM shop.carts WHERE id = 2"));

        List<JsonNode> messages = new ArrayList<>();
        for (int partition = 0; partition < 2; partition++) {
            Answer answer = service.post("/v1/api/topics/consume", Map.of("topic_id", "shop.cart_events", "group_id", "audit",
                    "start", "earliest", "partition_id", partition, "limit", 10));
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            answer.json().get("messages").forEach(messages::add);
        }
        List<String> seen = messages.stream().map(m -> m.get("op").asText() + " " + m.get("key").asText() + " " + payload(m)).toList();
        assertThat(seen).containsExactlyInAnyOrder(
                "Insert 1 {\"id\":\"1\",\"sku\":\"A-1\",\"qty\":2,\"_table\":\"shop.carts\"}",
                "Insert 2 {\"id\":\"2\",\"sku\":\"B-2\",\"qty\":3,\"_table\":\"shop.carts\"}",
                "Update 1 {\"id\":\"1\",\"qty\":20,\"_table\":\"shop.carts\"}",
                "Delete 2 {\"id\":\"2\",\"sku\":\"B-2\",\"qty\":4}");
        assertThat(messages).allSatisfy(m -> {
            assertThat(m.get("topic_id").asText()).isEqualTo("shop.cart_events");
            assertThat(m.get("user").asText()).isEqualTo("root");
            assertThat(m.get("timestamp_ms").asLong()).isGreaterThan(0);
        });
        // one row's changes stay in one partition, in order
        assertThat(messages.stream().filter(m -> m.get("key").asText().equals("2")).map(m -> m.get("partition_id").asInt()).distinct()).hasSize(1);
    }

    @Test
    void sqlConsumeReadsAnyPartitionForAnyRoleAndAckIsMonotonic() {
        // PUBLIC: role user reads a topic only if it may read every row of its sources
        ok(root.sql("CREATE SHARED TABLE shop.orders (id BIGINT PRIMARY KEY, sku TEXT, qty INT) WITH (ACCESS_LEVEL = 'PUBLIC')"));
        ok(root.sql("CREATE TOPIC shop.order_events"));
        ok(root.sql("ALTER TOPIC shop.order_events ADD SOURCE shop.orders ON INSERT"));
        ok(root.sql("INSERT INTO shop.orders (id, sku, qty) VALUES (1, 'A', 1), (2, 'B', 1), (3, 'C', 1)"));

        Answer consumed = alice.sql("CONSUME FROM shop.order_events GROUP 'mail' PARTITION 0 FROM EARLIEST LIMIT 2");
        JsonNode result = consumed.json().get("results").get(0);
        assertThat(result.get("schema").findValuesAsText("name"))
                .containsExactly("topic_id", "partition_id", "offset", "key", "payload", "timestamp_ms", "user_id", "op");
        List<JsonNode> rows = RealtimeClient.rows(consumed);
        assertThat(rows).extracting(row -> row.get(2).asText() + " " + row.get(3).asText() + " " + row.get(7).asText())
                .containsExactly("0 1 Insert", "1 2 Insert");
        assertThat(withoutSystemColumns(rows.get(0).get(4).asText())).isEqualTo("{\"id\":\"1\",\"sku\":\"A\",\"qty\":1,\"_table\":\"shop.orders\"}");

        assertThat(message(alice.sql("ACK shop.order_events GROUP 'mail' PARTITION 0 UPTO OFFSET 1"))).contains("Acknowledged offset 1");
        assertThat(message(alice.sql("ACK shop.order_events GROUP 'mail' UPTO OFFSET 0"))).as("never moves back").contains("Acknowledged offset 1");
        assertThat(RealtimeClient.rows(alice.sql("CONSUME FROM shop.order_events GROUP 'mail' FROM EARLIEST")))
                .extracting(row -> row.get(2).asText()).containsExactly("2");
        Answer partitionMissing = alice.sql("CONSUME FROM shop.order_events GROUP 'mail' PARTITION 3");
        assertThat(partitionMissing.status()).isEqualTo(400);
        assertThat(partitionMissing.body()).contains("no partition 3");

        List<JsonNode> offsets = RealtimeClient.rows(root.sql("SELECT topic_id, group_id, partition_id, last_acked_offset FROM system.topic_offsets "
                + "WHERE topic_id = 'shop.order_events'"));
        assertThat(offsets.toString()).isEqualTo("[[\"shop.order_events\",\"mail\",0,\"1\"]]");
    }

    @Test
    void topicsAreManagedByAdministratorsAndListedInSystemTables() {
        table("shop.items");
        Answer denied = service.sql("CREATE TOPIC shop.denied");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.json().get("error").get("code").asText()).isEqualTo("PERMISSION_DENIED");
        ok(root.sql("CREATE TOPIC shop.item_events PARTITIONS 3"));
        ok(root.sql("ALTER TOPIC shop.item_events ADD SOURCE shop.items ON UPDATE WHERE qty > 5 WITH (payload = 'diff')"));
        ok(root.sql("ALTER TOPIC shop.item_events SET RETENTION WITH (retention_seconds = 3600, retention_max_bytes = 1048576)"));
        assertThat(service.sql("ALTER TOPIC shop.item_events CLEAR RETENTION").status()).isEqualTo(403);

        Answer badFilter = root.sql("ALTER TOPIC shop.item_events ADD SOURCE shop.items ON INSERT WHERE quantity > 5");
        assertThat(badFilter.status()).isEqualTo(400);
        assertThat(badFilter.json().get("error").get("message").asText()).contains("quantity");
        assertThat(root.sql("ALTER TOPIC shop.item_events ADD SOURCE shop.nowhere ON INSERT").json().get("error").get("message").asText())
                .contains("shop.nowhere");
        assertThat(root.sql("ALTER TOPIC shop.item_events ADD SOURCE shop.items ON INSERT WITH (payload = 'everything')").status()).isEqualTo(400);

        List<JsonNode> topics = RealtimeClient.rows(root.sql("SELECT topic_id, name, partitions, routes, retention_seconds, retention_max_bytes "
                + "FROM system.topics WHERE topic_id = 'shop.item_events'"));
        assertThat(topics.toString()).isEqualTo("[[\"shop.item_events\",\"item_events\",3,"
                + "\"[{\\\"table\\\":\\\"shop.items\\\",\\\"op\\\":\\\"Update\\\",\\\"payload\\\":\\\"diff\\\",\\\"filter\\\":\\\"qty > 5\\\"}]\","
                + "\"3600\",\"1048576\"]]");
        assertThat(service.sql("SELECT * FROM system.topics").status()).isEqualTo(403);

        assertThat(message(root.sql("CLEAR TOPIC shop.item_events"))).isEqualTo("Cleared topic 'shop.item_events'");
        assertThat(message(root.sql("DROP TOPIC shop.item_events"))).isEqualTo("Dropped topic 'shop.item_events'");
        assertThat(root.sql("DROP TOPIC shop.item_events").status()).isEqualTo(400);
        assertThat(message(root.sql("DROP TOPIC IF EXISTS shop.item_events"))).contains("does not exist");
    }

    @Test
    void theHttpApiIsForServicesAndAdministratorsWithBearerTokens() {
        ok(root.sql("CREATE TOPIC shop.guarded"));
        Answer user = alice.post("/v1/api/topics/consume", Map.of("topic_id", "shop.guarded", "group_id", "g"));
        assertThat(user.status()).isEqualTo(403);
        assertThat(user.json().get("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(user.json().get("error").asText()).isNotBlank();
        assertThat(alice.post("/v1/api/topics/ack", Map.of("topic_id", "shop.guarded", "group_id", "g", "upto_offset", 0)).status()).isEqualTo(403);
        Answer anonymous = server.anonymous().post("/v1/api/topics/consume", "{\"topic_id\":\"shop.guarded\"}");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().get("code").asText()).isEqualTo("MISSING_AUTHORIZATION");
        assertThat(server.root().post("/v1/api/topics/consume", "{\"topic_id\":\"shop.guarded\"}").status()).as("Basic is not accepted").isEqualTo(401);
        Answer dba = root.post("/v1/api/topics/consume", Map.of("topic_id", "shop.guarded", "group_id", "g"));
        assertThat(dba.status()).isEqualTo(200);
        assertThat(dba.json().toString()).isEqualTo("{\"messages\":[],\"next_offset\":0,\"has_more\":false}");
    }

    @Test
    void hostileConsumeAndAckRequestsAreClearClientErrors() {
        ok(root.sql("CREATE TOPIC shop.hostile PARTITIONS 2"));
        assertError(service.post("/v1/api/topics/consume", "{not json"), 400, "INVALID_INPUT");
        assertError(service.post("/v1/api/topics/consume", "[1, 2]"), 400, "INVALID_INPUT");
        assertError(service.post("/v1/api/topics/consume", Map.of("topic_id", "shop.nothing", "group_id", "g")), 404, "NOT_FOUND");
        assertError(service.post("/v1/api/topics/consume", Map.of("group_id", "g")), 400, "INVALID_PARAMETER");
        assertError(service.post("/v1/api/topics/consume", Map.of("topic_id", "shop.hostile", "limit", -1)), 400, "INVALID_PARAMETER");
        assertError(service.post("/v1/api/topics/consume", Map.of("topic_id", "shop.hostile", "limit", 0)), 400, "INVALID_PARAMETER");
        assertError(service.post("/v1/api/topics/consume", Map.of("topic_id", "shop.hostile", "limit", 1_000_000_000)), 400, "INVALID_PARAMETER");
        assertError(service.post("/v1/api/topics/consume", Map.of("topic_id", "shop.hostile", "limit", "ten")), 400, "INVALID_PARAMETER");
        assertError(service.post("/v1/api/topics/consume", Map.of("topic_id", "shop.hostile", "partition_id", 2)), 400, "INVALID_PARAMETER");
        assertError(service.post("/v1/api/topics/consume", Map.of("topic_id", "shop.hostile", "partition_id", -1)), 400, "INVALID_PARAMETER");
        assertError(service.post("/v1/api/topics/consume", Map.of("topic_id", "shop.hostile", "start", "Yesterday")), 400, "INVALID_PARAMETER");
        assertError(service.post("/v1/api/topics/consume", Map.of("topic_id", "shop.hostile", "start", Map.of("Offset", -5))), 400, "INVALID_PARAMETER");
        assertError(service.post("/v1/api/topics/consume", Map.of("topic_id", "shop.hostile", "timeout_seconds", -1)), 400, "INVALID_PARAMETER");
        assertError(service.post("/v1/api/topics/consume", Map.of("topic_id", "../../etc/passwd")), 400, "INVALID_PARAMETER");
        assertError(service.post("/v1/api/topics/consume", "{\"topic_id\":\"shop.hostile\",\"group_id\":\"" + "g".repeat(70_000) + "\"}"),
                400, "INVALID_INPUT");
        assertError(service.post("/v1/api/topics/ack", Map.of("topic_id", "shop.hostile", "group_id", "g")), 400, "INVALID_PARAMETER");
        assertError(service.post("/v1/api/topics/ack", Map.of("topic_id", "shop.hostile", "group_id", "g", "upto_offset", 5)), 400, "INVALID_PARAMETER");
        assertError(service.post("/v1/api/topics/ack", Map.of("topic_id", "shop.hostile", "group_id", "g", "upto_offset", -1)), 400, "INVALID_PARAMETER");
        assertThat(service.post("/v1/api/topics/consume", Map.of("topic_id", "shop.hostile", "start", Map.of("OFFSET", 3))).status())
                .as("start forms are case-insensitive").isEqualTo(200);
    }

    @Test
    void membersOfOneGroupConsumingConcurrentlyGetDisjointMessagesThatTogetherAreAll() throws Exception {
        table("shop.clicks");
        ok(root.sql("CREATE TOPIC shop.click_events"));
        ok(root.sql("ALTER TOPIC shop.click_events ADD SOURCE shop.clicks ON INSERT"));
        for (int batch = 0; batch < 10; batch++) {
            StringBuilder values = new StringBuilder();
            for (int row = 0; row < 20; row++) {
                values.append(row == 0 ? "" : ", ").append("(").append(batch * 20 + row).append(", 'S', 1)");
            }
            ok(root.sql("INSERT INTO shop.clicks (id, sku, qty) VALUES " + values));
        }
        List<CompletableFuture<List<Long>>> members = new ArrayList<>();
        for (int member = 0; member < 5; member++) {
            members.add(CompletableFuture.supplyAsync(() -> {
                List<Long> mine = new ArrayList<>();
                while (true) {
                    JsonNode answer = service.post("/v1/api/topics/consume", Map.of("topic_id", "shop.click_events", "group_id", "counters",
                            "start", "Earliest", "limit", 9)).json();
                    if (answer.get("messages").isEmpty()) {
                        return mine;
                    }
                    answer.get("messages").forEach(m -> mine.add(m.get("offset").asLong()));
                }
            }, command -> Thread.ofVirtual().start(command)));
        }
        Set<Long> union = new HashSet<>();
        int busyMembers = 0;
        for (CompletableFuture<List<Long>> member : members) {
            List<Long> mine = member.get(60, TimeUnit.SECONDS);
            busyMembers += mine.isEmpty() ? 0 : 1;
            for (Long offset : mine) {
                assertThat(union.add(offset)).as("offset " + offset + " went to one member only").isTrue();
            }
        }
        assertThat(union).hasSize(200);
        assertThat(busyMembers).isGreaterThan(1);
    }

    @Test
    void aMemberThatDiesWithoutAcknowledgingHasItsMessagesRedeliveredToAnother() throws Exception {
        table("shop.jobs");
        ok(root.sql("CREATE TOPIC shop.job_events"));
        ok(root.sql("ALTER TOPIC shop.job_events ADD SOURCE shop.jobs ON INSERT"));
        ok(root.sql("INSERT INTO shop.jobs (id, sku, qty) VALUES (1, 'A', 1), (2, 'B', 1)"));
        Map<String, Object> request = Map.of("topic_id", "shop.job_events", "group_id", "workers", "start", "Earliest");

        JsonNode first = service.post("/v1/api/topics/consume", request).json();
        assertThat(first.get("messages").findValuesAsText("offset")).containsExactly("0", "1");
        assertThat(first.get("next_offset").asLong()).isEqualTo(2);
        // the first member dies here; a second one finds nothing while the claim lasts
        assertThat(root.post("/v1/api/topics/consume", request).json().get("messages")).isEmpty();
        Thread.sleep(2_300);
        JsonNode second = root.post("/v1/api/topics/consume", request).json();
        assertThat(second.get("messages").findValuesAsText("offset")).as("redelivered after the 2 s visibility timeout").containsExactly("0", "1");
        assertThat(root.post("/v1/api/topics/ack", Map.of("topic_id", "shop.job_events", "group_id", "workers", "upto_offset", 1)).json().toString())
                .isEqualTo("{\"success\":true,\"acknowledged_offset\":1}");
        Thread.sleep(2_300);
        assertThat(root.post("/v1/api/topics/consume", request).json().get("messages")).as("acknowledged: never again").isEmpty();
    }

    @Test
    void aLongPollReturnsAsSoonAsAMessageIsProduced() throws Exception {
        table("shop.alerts");
        ok(root.sql("CREATE TOPIC shop.alert_events"));
        ok(root.sql("ALTER TOPIC shop.alert_events ADD SOURCE shop.alerts ON INSERT"));
        long start = System.nanoTime();
        CompletableFuture<Answer> poll = CompletableFuture.supplyAsync(() -> service.post("/v1/api/topics/consume",
                Map.of("topic_id", "shop.alert_events", "group_id", "pager", "timeout_seconds", 20)), command -> Thread.ofVirtual().start(command));
        Thread.sleep(1_000);
        assertThat(poll).as("still waiting for a message").isNotDone();
        ok(root.sql("INSERT INTO shop.alerts (id, sku, qty) VALUES (42, 'fire', 1)"));
        Answer answer = poll.get(10, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(answer.json().get("messages").findValuesAsText("key")).containsExactly("42");
        assertThat(millis).as("returned when the message came, long before the 20 s timeout").isBetween(900L, 5_000L);

        ok(service.post("/v1/api/topics/ack", Map.of("topic_id", "shop.alert_events", "group_id", "pager", "upto_offset", 0)));
        long emptyStart = System.nanoTime();
        Answer empty = service.post("/v1/api/topics/consume", Map.of("topic_id", "shop.alert_events", "group_id", "pager", "timeout_seconds", 1));
        assertThat(empty.json().get("messages")).isEmpty();
        assertThat((System.nanoTime() - emptyStart) / 1_000_000).as("waited its second, no more").isBetween(900L, 3_000L);
    }

    @Test
    void messagesOfPerUserTablesCarryTheirOwnerAsUserAndNotInThePayload() {
        ok(root.sql("CREATE USER TABLE shop.notes (id BIGINT PRIMARY KEY, body TEXT)"));
        ok(root.sql("CREATE TOPIC shop.note_events"));
        ok(root.sql("ALTER TOPIC shop.note_events ADD SOURCE shop.notes ON INSERT"));
        ok(alice.sql("INSERT INTO shop.notes (id, body) VALUES (1, 'mine')"));
        JsonNode messages = service.post("/v1/api/topics/consume", Map.of("topic_id", "shop.note_events", "start", "Earliest")).json().get("messages");
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).get("user").asText()).isEqualTo("alice");
        assertThat(messages.get(0).get("key").asText()).isEqualTo("1");
        assertThat(payload(messages.get(0))).isEqualTo("{\"id\":\"1\",\"body\":\"mine\",\"_table\":\"shop.notes\"}");
        // every user's rows are in the messages, so an ordinary user may neither read nor move them over SQL
        for (Answer refused : List.of(alice.sql("CONSUME FROM shop.note_events FROM EARLIEST"), alice.sql("ACK shop.note_events GROUP 'g' UPTO OFFSET 0"))) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(403);
            assertThat(refused.json().get("error").get("code").asText()).isEqualTo("PERMISSION_DENIED");
        }
    }

    @Test
    void writesOfTheLakehouseApiFeedTopicsToo() {
        HttpTestClient lakehouse = server.root();
        assertThat(lakehouse.query("CREATE TABLE memory.main.lake_events (id VARCHAR PRIMARY KEY, value BIGINT)").status()).isEqualTo(200);
        ok(root.sql("CREATE TOPIC shop.lake"));
        ok(root.sql("ALTER TOPIC shop.lake ADD SOURCE memory.main.lake_events ON INSERT WHERE value > 1 WITH (payload = 'key')"));
        assertThat(lakehouse.query("INSERT INTO lake_events VALUES ('q1', 1), ('q2', 2)").status()).isEqualTo(200);
        Answer appended = lakehouse.post("/append?table=lake_events", "[{\"id\":\"a1\",\"value\":5},{\"id\":\"a2\",\"value\":0}]");
        assertThat(appended.status()).as(appended.body()).isEqualTo(200);

        List<String> keys = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 10_000;
        while (keys.size() < 2 && System.currentTimeMillis() < deadline) {
            // appends reach their table in the background: wait for them with a long poll
            service.post("/v1/api/topics/consume", Map.of("topic_id", "shop.lake", "group_id", "lake", "start", "Earliest", "timeout_seconds", 2))
                    .json().get("messages").forEach(m -> keys.add(m.get("key").asText() + " " + payload(m)));
        }
        assertThat(keys).containsExactly("q2 {\"id\":\"q2\",\"value\":\"2\"}", "a1 {\"id\":\"a1\",\"value\":\"5\"}");
    }

    /** A shared table; its system columns (_seq, _deleted) are left out of payload comparisons. */
    private static void table(String name) {
        ok(root.sql("CREATE SHARED TABLE " + name + " (id BIGINT PRIMARY KEY, sku TEXT, qty INT)"));
    }

    /** The payload without the system columns (_seq differs on every run). */
    private static String payload(JsonNode message) {
        return withoutSystemColumns(new String(Base64.getDecoder().decode(message.get("payload").asText()), StandardCharsets.UTF_8));
    }

    private static String withoutSystemColumns(String json) {
        JsonNode payload;
        try {
            payload = HttpTestClient.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ((com.fasterxml.jackson.databind.node.ObjectNode) payload).remove(List.of("_seq", "_deleted"));
        return payload.toString();
    }

    private static String message(Answer answer) {
        ok(answer);
        return answer.json().get("results").get(0).get("message").asText();
    }

    private static Answer ok(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer;
    }

    private static void assertError(Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.json().get("code").asText()).as(answer.body()).isEqualTo(code);
        assertThat(answer.json().get("error").asText()).isNotBlank();
    }
}
