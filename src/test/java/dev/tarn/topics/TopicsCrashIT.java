package dev.tarn.topics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tarn.support.ChildServer;
import dev.tarn.support.HttpTestClient.Answer;
import dev.tarn.support.RealtimeClient;
import dev.tarn.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durable once acknowledged: a server killed with SIGKILL while rows are written through
 * /v1/api/sql and a group acknowledges, then restarted on the same data, has a message for every
 * write that got a 200, gap-free offsets in every partition, offsets that go on where they were,
 * and every acknowledged group position.
 */
class TopicsCrashIT {
    private static final int WRITERS = 6;
    private static final int PARTITIONS = 2;

    @Test
    void messagesOffsetsAndAcknowledgedPositionsSurviveSigkill(@TempDir Path data) throws Exception {
        Set<String> acknowledgedWrites = ConcurrentHashMap.newKeySet();
        AtomicLong acknowledgedOffset = new AtomicLong(-1);
        try (ChildServer server = ChildServer.start(data)) {
            RealtimeClient root = RealtimeClient.login(server.baseUrl(), "root", TestServer.ROOT_PASSWORD);
            ok(root.sql("CREATE NAMESPACE shop"));
            ok(root.sql("CREATE SHARED TABLE shop.events (id TEXT PRIMARY KEY, n INT)"));
            ok(root.sql("CREATE TOPIC shop.crash PARTITIONS " + PARTITIONS));
            ok(root.sql("ALTER TOPIC shop.crash ADD SOURCE shop.events ON INSERT"));
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> threads = new ArrayList<>();
            for (int writer = 0; writer < WRITERS; writer++) {
                String prefix = "w" + writer + "-";
                threads.add(Thread.ofVirtual().start(() -> writeUntilStopped(root, prefix, running, acknowledgedWrites)));
            }
            threads.add(Thread.ofVirtual().start(() -> acknowledgeUntilStopped(root, running, acknowledgedOffset)));
            Thread.sleep(2_000);
            server.kill();
            running.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
        }
        assertThat(acknowledgedWrites).hasSizeGreaterThan(20);
        assertThat(acknowledgedOffset.get()).as("the group acknowledged something before the kill").isGreaterThanOrEqualTo(0);

        try (ChildServer server = ChildServer.start(data)) {
            RealtimeClient root = RealtimeClient.login(server.baseUrl(), "root", TestServer.ROOT_PASSWORD);
            Set<String> keys = new HashSet<>();
            long[] nextOffsets = new long[PARTITIONS];
            for (int partition = 0; partition < PARTITIONS; partition++) {
                List<JsonNode> messages = readAll(root, partition);
                for (int i = 0; i < messages.size(); i++) {
                    assertThat(messages.get(i).get("offset").asLong()).as("partition " + partition + " is gap-free").isEqualTo(i);
                    assertThat(keys.add(messages.get(i).get("key").asText())).as("no message twice").isTrue();
                }
                nextOffsets[partition] = messages.size();
            }
            assertThat(keys).as("a message for every acknowledged write").containsAll(acknowledgedWrites);

            List<JsonNode> position = RealtimeClient.rows(root.sql("SELECT last_acked_offset FROM system.topic_offsets "
                    + "WHERE topic_id = 'shop.crash' AND group_id = 'billing' AND partition_id = 0"));
            assertThat(position.get(0).get(0).asLong()).isGreaterThanOrEqualTo(acknowledgedOffset.get());
            JsonNode resumed = root.post("/v1/api/topics/consume", Map.of("topic_id", "shop.crash", "group_id", "billing",
                    "partition_id", 0, "start", "Earliest", "limit", 1)).json();
            if (!resumed.get("messages").isEmpty()) {
                assertThat(resumed.get("messages").get(0).get("offset").asLong()).as("the group resumes after its acknowledged position")
                        .isEqualTo(position.get(0).get(0).asLong() + 1);
            }

            ok(root.sql("INSERT INTO shop.events (id, n) VALUES ('after-restart', 1)"));
            int partition = -1;
            long offset = -1;
            for (int p = 0; p < PARTITIONS; p++) {
                for (JsonNode message : readAll(root, p)) {
                    if (message.get("key").asText().equals("after-restart")) {
                        partition = p;
                        offset = message.get("offset").asLong();
                    }
                }
            }
            assertThat(offset).as("offsets go on where they were").isEqualTo(nextOffsets[partition]);
        }
    }

    private static List<JsonNode> readAll(RealtimeClient root, int partition) {
        List<JsonNode> messages = new ArrayList<>();
        long next = 0;
        while (true) {
            JsonNode answer = root.post("/v1/api/topics/consume", Map.of("topic_id", "shop.crash", "partition_id", partition,
                    "start", Map.of("Offset", next), "limit", 1000)).json();
            answer.get("messages").forEach(messages::add);
            if (!answer.get("has_more").asBoolean()) {
                return messages;
            }
            next = answer.get("next_offset").asLong();
        }
    }

    private static void writeUntilStopped(RealtimeClient root, String prefix, AtomicBoolean running, Set<String> acknowledged) {
        int row = 0;
        while (running.get()) {
            String id = prefix + row++;
            try {
                if (root.sql("INSERT INTO shop.events (id, n) VALUES ('" + id + "', 1)").status() == 200) {
                    acknowledged.add(id);
                }
            } catch (RuntimeException e) {
                return;
            }
        }
    }

    private static void acknowledgeUntilStopped(RealtimeClient root, AtomicBoolean running, AtomicLong acknowledged) {
        while (running.get()) {
            try {
                JsonNode answer = root.post("/v1/api/topics/consume", Map.of("topic_id", "shop.crash", "group_id", "billing",
                        "partition_id", 0, "start", "Earliest", "limit", 5)).json();
                if (answer.has("messages") && !answer.get("messages").isEmpty()) {
                    Answer ack = root.post("/v1/api/topics/ack", Map.of("topic_id", "shop.crash", "group_id", "billing", "partition_id", 0,
                            "upto_offset", answer.get("next_offset").asLong() - 1));
                    if (ack.status() == 200) {
                        acknowledged.accumulateAndGet(ack.json().get("acknowledged_offset").asLong(), Math::max);
                    }
                }
            } catch (RuntimeException e) {
                return;
            }
        }
    }

    private static void ok(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }
}
