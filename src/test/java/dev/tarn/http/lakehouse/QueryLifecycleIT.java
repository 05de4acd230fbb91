package dev.tarn.http.lakehouse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tarn.config.ConfigKey;
import dev.tarn.support.HttpTestClient;
import dev.tarn.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The query log, cancellation, and what happens when a client goes away mid-stream. */
class QueryLifecycleIT {
    private static TestServer server;
    private static HttpTestClient root;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(ConfigKey.ENGINE_CONNECTIONS, "2", ConfigKey.ENGINE_CONNECTION_WAIT_MS, "3000"));
        root = server.root();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theLogShowsAFinishedQueryWithItsFields() {
        String id = UUID.randomUUID().toString();
        root.send(root.request("/query").header("User-Agent", "altertable-lakehouse-js/0.2.2")
                .POST(HttpRequest.BodyPublishers.ofString("{\"statement\":\"SELECT 42 AS answer\",\"query_id\":\"" + id + "\",\"requested_by\":\"tests\"}")));
        JsonNode entry = root.get("/query/" + id).json();
        assertThat(entry.get("uuid").asText()).isEqualTo(id);
        assertThat(entry.get("query").asText()).isEqualTo("SELECT 42 AS answer");
        assertThat(entry.get("client_interface").asText()).isEqualTo("HttpQuery");
        assertThat(entry.get("visible").asBoolean()).isTrue();
        assertThat(entry.get("error").isNull()).isTrue();
        assertThat(entry.get("requested_by").asText()).isEqualTo("tests");
        assertThat(entry.get("user_agent").asText()).isEqualTo("altertable-lakehouse-js/0.2.2");
        assertThat(entry.get("start_time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(entry.get("end_time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(entry.get("duration_ms").isIntegralNumber()).isTrue();
        assertThat(entry.get("progress").get("rows_processed").asLong()).isEqualTo(1);
    }

    @Test
    void theLogRecordsTheErrorOfAFailedQuery() {
        JsonNode metadata = root.query("SELECT * FROM missing_table").lines().get(0);
        JsonNode entry = root.get("/query/" + metadata.get("query_id").asText()).json();
        assertThat(entry.get("error").asText()).startsWith("Catalog Error");
    }

    @Test
    void unknownAndMalformedIdsAre404And400() {
        assertThat(root.get("/query/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(root.get("/query/not-a-uuid").status()).isEqualTo(400);
        assertThat(root.delete("/query/" + UUID.randomUUID() + "?session_id=s").status()).isEqualTo(404);
    }

    @Test
    void anotherUserCannotSeeOrCancelMyQueries() {
        server.root().query("CREATE USER eve WITH PASSWORD 'eve-password-1' ROLE user");
        JsonNode metadata = root.query("SELECT 1").lines().get(0);
        var eve = server.as("eve", "eve-password-1");
        assertThat(eve.get("/query/" + metadata.get("query_id").asText()).status()).isEqualTo(404);
        assertThat(eve.delete("/query/" + metadata.get("query_id").asText() + "?session_id=" + metadata.get("session_id").asText()).status()).isEqualTo(404);
    }

    @Test
    void cancellingAFinishedQueryOfTheSameSessionSaysCancelled() {
        JsonNode metadata = root.post("/query", Map.of("statement", "SELECT 1", "session_id", "session-a")).lines().get(0);
        String path = "/query/" + metadata.get("query_id").asText();
        assertThat(root.delete(path + "?session_id=session-a").json().toString()).isEqualTo("{\"cancelled\":true,\"message\":\"Query cancelled\"}");
        assertThat(root.delete(path + "?session_id=session-b").json().toString()).isEqualTo("{\"cancelled\":false,\"message\":\"Session ID does not match\"}");
        HttpTestClient.Answer missing = root.delete(path);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("error").asText()).contains("session_id");
    }

    @Test
    void cancellingAStatementThatNeverEndsStopsItAndEndsItsStreamWithAnError() throws Exception {
        String id = UUID.randomUUID().toString();
        CompletableFuture<HttpResponse<Stream<String>>> running = HttpTestClient.client().sendAsync(root.request("/query")
                .POST(HttpRequest.BodyPublishers.ofString("{\"statement\":\"SELECT count(*) FROM range(1000000000000) a\",\"query_id\":\""
                        + id + "\",\"session_id\":\"long\"}")).build(), HttpResponse.BodyHandlers.ofLines());
        waitUntilRunning(id);
        assertThat(root.delete("/query/" + id + "?session_id=long").json().get("cancelled").asBoolean()).isTrue();
        var lines = running.get(20, TimeUnit.SECONDS).body().toList();
        assertThat(lines.get(lines.size() - 1)).contains("\"error\"").contains("Interrupted");
        JsonNode entry = root.get("/query/" + id).json();
        assertThat(entry.get("end_time").isNull()).isFalse();
        assertThat(entry.get("error").asText()).contains("Interrupted");
    }

    @Test
    void cancellingAStreamingResultStopsTheStream() throws Exception {
        String id = UUID.randomUUID().toString();
        HttpResponse<java.io.InputStream> response = HttpTestClient.client().send(root.request("/query")
                .POST(HttpRequest.BodyPublishers.ofString("{\"statement\":\"SELECT i, i * 2 FROM range(2000000000) t(i)\",\"query_id\":\""
                        + id + "\",\"session_id\":\"stream\"}")).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (int i = 0; i < 1000; i++) {
                assertThat(reader.readLine()).isNotNull();
            }
            assertThat(root.delete("/query/" + id + "?session_id=stream").json().get("cancelled").asBoolean()).isTrue();
            String line;
            String last = null;
            long read = 0;
            while ((line = reader.readLine()) != null) {
                last = line;
                read++;
            }
            assertThat(last).contains("\"error\"");
            assertThat(read).isLessThan(2_000_000_000L);
        }
    }

    @Test
    void aClientThatDisconnectsMidStreamFreesItsConnection() throws Exception {
        for (int attempt = 0; attempt < 4; attempt++) {
            String id = UUID.randomUUID().toString();
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                String body = "{\"statement\":\"SELECT i FROM range(3000000000) t(i)\",\"query_id\":\"" + id + "\"}";
                OutputStream output = socket.getOutputStream();
                output.write(("POST /query HTTP/1.1\r\nHost: x\r\nAuthorization: " + root.authorization() + "\r\nContent-Length: "
                        + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
                output.flush();
                byte[] some = socket.getInputStream().readNBytes(100_000);
                assertThat(some.length).isEqualTo(100_000);
            }
            waitUntilFinished(id);
            assertThat(root.get("/query/" + id).json().get("error").asText()).contains("disconnected");
        }
        // the pool has two connections: had the four abandoned queries kept theirs, this would wait and fail
        assertThat(root.query("SELECT 5").lines().get(2).get(0).asInt()).isEqualTo(5);
    }

    private static void waitUntilRunning(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (root.get("/query/" + id).status() == 200) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("query " + id + " never started");
    }

    private static void waitUntilFinished(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            var answer = root.get("/query/" + id);
            if (answer.status() == 200 && !answer.json().get("end_time").isNull()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("query " + id + " never finished");
    }
}
