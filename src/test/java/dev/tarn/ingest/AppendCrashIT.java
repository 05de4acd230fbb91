package dev.tarn.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tarn.support.ChildServer;
import dev.tarn.support.HttpTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durable before acknowledged: a server killed with SIGKILL under a heavy concurrent append load,
 * then restarted on the same data, has every append that got a 200 exactly once.
 */
class AppendCrashIT {
    private static final int CLIENTS = 8;
    private static final int ROWS_PER_BATCH = 20;
    private static final int KILLS = 3;

    @Test
    void everyAcknowledgedAppendSurvivesSigkillExactlyOnce(@TempDir Path data) throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        for (int round = 0; round < KILLS; round++) {
            ChildServer server = ChildServer.start(data);
            HttpTestClient root = server.root();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> clients = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                String prefix = round + "-" + client + "-";
                clients.add(Thread.ofVirtual().start(() -> appendUntilStopped(root, prefix, running, acknowledged)));
            }
            Thread.sleep(1500);
            server.kill();
            running.set(false);
            for (Thread client : clients) {
                client.join();
            }
        }
        assertThat(acknowledged).hasSizeGreaterThan(CLIENTS * ROWS_PER_BATCH);
        try (ChildServer server = ChildServer.start(data)) {
            List<JsonNode> lines = server.root().query("SELECT id, count(*) AS copies FROM crash_events GROUP BY id").lines();
            assertThat(lines.get(1).has("error")).as(lines.get(1).toString()).isFalse();
            java.util.Map<String, Integer> copies = new java.util.HashMap<>();
            lines.subList(2, lines.size()).forEach(row -> copies.put(row.get(0).asText(), row.get(1).asInt()));
            assertThat(copies.values()).as("no row is there twice").allMatch(count -> count == 1);
            assertThat(copies.keySet()).as("every acknowledged row is there").containsAll(acknowledged);
        }
    }

    private static void appendUntilStopped(HttpTestClient root, String prefix, AtomicBoolean running, Set<String> acknowledged) {
        int batch = 0;
        while (running.get()) {
            List<String> ids = new ArrayList<>();
            StringBuilder body = new StringBuilder("[");
            for (int row = 0; row < ROWS_PER_BATCH; row++) {
                String id = prefix + batch + "-" + row;
                ids.add(id);
                body.append(row == 0 ? "" : ",").append("{\"id\":\"").append(id).append("\",\"value\":").append(row).append('}');
            }
            batch++;
            try {
                HttpTestClient.Answer answer = root.post("/append?table=crash_events", body.append(']').toString());
                if (answer.status() == 200 && answer.json().get("ok").asBoolean()) {
                    acknowledged.addAll(ids);
                }
            } catch (RuntimeException e) {
                return;
            }
        }
    }
}
