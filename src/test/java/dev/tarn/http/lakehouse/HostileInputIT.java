package dev.tarn.http.lakehouse;

import dev.tarn.support.HttpTestClient;
import dev.tarn.support.HttpTestClient.Answer;
import dev.tarn.support.RawHttp;
import dev.tarn.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Odd and hostile requests get a clear 4xx, odd-but-real client habits are tolerated, and the server keeps serving. */
class HostileInputIT {
    private static TestServer server;
    private static HttpTestClient root;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        root = server.root();
    }

    @AfterAll
    static void stop() {
        assertThat(root.query("SELECT 1").status()).as("the server still answers after every hostile request").isEqualTo(200);
        server.close();
    }

    @Test
    void malformedJsonIsA400ThatSaysSo() {
        Answer answer = root.post("/query", "{\"statement\": \"SELECT 1\"");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("error").asText()).startsWith("The request body is not valid JSON");
    }

    @Test
    void aBodyThatIsNotAnObjectIsA400() {
        assertThat(root.post("/query", "[\"SELECT 1\"]").json().get("error").asText()).isEqualTo("The request body must be a JSON object");
        assertThat(root.post("/query", "\"SELECT 1\"").status()).isEqualTo(400);
        assertThat(root.post("/query", "").json().get("error").asText()).isEqualTo("The request body is empty: send a JSON object");
    }

    @Test
    void aMissingOrMistypedStatementIsA400() {
        assertThat(root.post("/query", Map.of("sql", "SELECT 1")).json().get("error").asText()).isEqualTo("The field 'statement' is required");
        assertThat(root.post("/query", Map.of("statement", Map.of("x", 1))).json().get("error").asText()).isEqualTo("The field 'statement' must be a string");
        assertThat(root.post("/query", Map.of("statement", "  -- only a comment\n ;; ")).status()).isEqualTo(400);
        assertThat(root.post("/query", Map.of("statement", "SELECT 1", "limit", "ten")).json().get("error").asText()).isEqualTo("The field 'limit' must be a whole number");
        assertThat(root.post("/query", Map.of("statement", "SELECT 1", "limit", -1)).status()).isEqualTo(400);
    }

    @Test
    void aTenMegabyteStatementIsRefusedWith413AndTheLimit() {
        String huge = "SELECT '" + "x".repeat(10 * 1024 * 1024) + "'";
        Answer answer = root.post("/query", Map.of("statement", huge));
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json().get("error").asText()).contains("query.max_body_bytes");
    }

    @Test
    void anUnknownRouteIsA404InTheLakehouseShape() {
        Answer answer = root.get("/nope");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().get("error").asText()).isEqualTo("No endpoint GET /nope");
    }

    @Test
    void theJavaClientsH2cUpgradeHeadersAndDuplicatedAcceptAreAnsweredInHttp11() {
        String body = "{\"statement\":\"SELECT 3\",\"catalog\":null,\"schema\":null}";
        String answer = RawHttp.exchange(server.port(), """
                POST /query HTTP/1.1
                Host: localhost
                Connection: Upgrade, HTTP2-Settings, close
                Upgrade: h2c
                HTTP2-Settings: AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA
                Accept: application/json
                Accept: application/x-ndjson
                Authorization: %s
                Content-Type: application/json
                User-Agent: altertable-lakehouse-java/0.1.0
                Content-Length: %d
                """.formatted(root.authorization(), body.length()), body.getBytes(StandardCharsets.UTF_8));
        assertThat(answer).startsWith("HTTP/1.1 200");
        assertThat(answer).contains("\n[3]\n");
    }

    @Test
    void duplicatedContentTypeAndExpectContinueLikeTheBashClientSends() {
        String body = "{\"statement\":\"SELECT 4\"}";
        String answer = RawHttp.exchange(server.port(), """
                POST /query HTTP/1.1
                Host: localhost
                Connection: close
                Content-Type: application/json
                Content-Type: application/json
                Expect: 100-continue
                Authorization: %s
                Content-Length: %d
                """.formatted(root.authorization(), body.length()), body.getBytes(StandardCharsets.UTF_8));
        assertThat(answer).contains("HTTP/1.1 200");
        assertThat(answer).contains("\n[4]\n");
    }

    @Test
    void aChunkedRequestBodyIsRead() {
        String json = "{\"statement\":\"SELECT 6\"}";
        String chunked = Integer.toHexString(10) + "\r\n" + json.substring(0, 10) + "\r\n"
                + Integer.toHexString(json.length() - 10) + "\r\n" + json.substring(10) + "\r\n0\r\n\r\n";
        String answer = RawHttp.exchange(server.port(), """
                POST /query HTTP/1.1
                Host: localhost
                Connection: close
                Transfer-Encoding: chunked
                Authorization: %s
                """.formatted(root.authorization()), chunked.getBytes(StandardCharsets.UTF_8));
        assertThat(answer).contains("\n[6]\n");
    }

    @Test
    void plusInTheQueryStringIsASpace() {
        var metadata = root.post("/query", Map.of("statement", "SELECT 1", "session_id", "my session")).lines().get(0);
        Answer answer = root.delete("/query/" + metadata.get("query_id").asText() + "?session_id=my+session");
        assertThat(answer.json().get("cancelled").asBoolean()).isTrue();
    }

    @Test
    void aStatementWithNulBytesAndOddUnicodeIsJustAnSqlError() {
        Answer answer = root.post("/query", Map.of("statement", "SELECT \u0000 \uD83D\uDE00 FROM"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.lines().get(1).get("error").asText()).contains("Error");
    }

    @Test
    void manyConcurrentQueriesAllSucceedOrGetA503NeverHang() throws Exception {
        var futures = new java.util.ArrayList<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>>>();
        for (int i = 0; i < 60; i++) {
            futures.add(HttpTestClient.client().sendAsync(root.request("/query")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"statement\":\"SELECT sum(i) FROM range(200000) t(i)\"}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()));
        }
        for (var future : futures) {
            int status = future.get(60, java.util.concurrent.TimeUnit.SECONDS).statusCode();
            assertThat(status).isIn(200, 503);
        }
    }
}
