package dev.tarn.http.realtime;

import dev.tarn.support.HttpTestClient;
import dev.tarn.support.RealtimeClient;
import dev.tarn.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A per-user table is scoped on every surface: the Lakehouse /query sees the caller's rows only too. */
class PerUserTablesAcrossSurfacesIT {
    private static final String ALICE_PASSWORD = "alice-Zr4%kW8q";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        RealtimeClient root = RealtimeClient.login(server, "root", TestServer.ROOT_PASSWORD);
        root.sql("CREATE USER alice WITH PASSWORD '" + ALICE_PASSWORD + "' ROLE user");
        root.sql("CREATE NAMESPACE notes");
        root.sql("CREATE USER TABLE notes.items (id BIGINT PRIMARY KEY, body TEXT)");
        RealtimeClient alice = RealtimeClient.login(server, "alice", ALICE_PASSWORD);
        assertThat(alice.sql("INSERT INTO notes.items (id, body) VALUES (1, 'first'), (2, 'second')").status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theLakehouseQueryApiSeesOnlyTheCallersRows() {
        HttpTestClient alice = server.as("alice", ALICE_PASSWORD);
        assertThat(alice.query("SELECT count(*) FROM notes.items").lines().get(2).get(0).asInt()).isEqualTo(2);
        assertThat(server.root().query("SELECT count(*) FROM notes.items").lines().get(2).get(0).asInt()).isZero();
        assertThat(alice.query("SELECT * FROM notes.items ORDER BY id").lines().get(1).toString()).isEqualTo("[\"id\",\"body\",\"_seq\",\"_deleted\"]");
    }

    @Test
    void unqualifiedNamesResolveInTheRequestsSchema() {
        HttpTestClient alice = server.as("alice", ALICE_PASSWORD);
        var lines = alice.post("/query", Map.of("statement", "SELECT body FROM items ORDER BY id", "catalog", "memory", "schema", "notes")).lines();
        assertThat(lines.subList(2, lines.size()).toString()).isEqualTo("[[\"first\"], [\"second\"]]");
    }

    @Test
    void theOwnerColumnCannotBeNamedOnTheLakehouseApiEither() {
        var lines = server.root().query("SELECT * FROM notes.items WHERE _user_id = 'alice'").lines();
        assertThat(lines.get(1).get("error").asText()).containsIgnoringCase("permission");
    }

    @Test
    void bulkWritesCannotChooseTheOwnerOfRows() {
        HttpTestClient alice = server.as("alice", ALICE_PASSWORD);
        var append = alice.post("/append?schema=notes&table=items", "{\"id\": 9, \"body\": \"x\", \"_user_id\": \"bob\"}");
        assertThat(append.status()).isEqualTo(403);
        var upload = alice.send(alice.request("/upload?schema=notes&table=items&mode=append")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("id,body,_user_id\n9,x,bob\n")));
        assertThat(upload.status()).isEqualTo(403);
        var upsert = alice.send(alice.request("/upsert?schema=notes&table=items&primary_key=id")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("id,body\n1,changed\n")));
        assertThat(upsert.status()).isEqualTo(403);
        assertThat(upsert.json().get("error").asText()).contains("/v1/api/sql");
        RealtimeClient root = RealtimeClient.login(server, "root", TestServer.ROOT_PASSWORD);
        assertThat(RealtimeClient.rows(root.sql("EXECUTE AS USER 'alice' (SELECT body FROM notes.items ORDER BY id)")).toString())
                .isEqualTo("[[\"first\"], [\"second\"]]");
    }

    @Test
    void otherStatementsAreUnaffected() {
        assertThat(server.root().query("SELECT 41 + 1").lines().get(2).get(0).asInt()).isEqualTo(42);
        assertThat(server.root().query("SELEC 1").lines().get(1).get("error").asText()).startsWith("Parser Error");
    }
}
