package dev.tarn.http.asktable;

import dev.tarn.support.BearerClient;
import dev.tarn.support.HttpTestClient;
import dev.tarn.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what with datasources (contract 1.3), with real API keys on a real server: askers
 * create and upload, admins manage, other projects see nothing.
 */
class DatasourcePermissionsIT {
    private static TestServer server;
    private static BearerClient asker;
    private static BearerClient admin;
    private static BearerClient visitor;
    private static BearerClient otherProjectsAdmin;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        asker = client("p_default", "asker");
        admin = client("p_default", "admin");
        visitor = client("p_default", "visitor");
        otherProjectsAdmin = client("p_other", "admin");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anAskerCreatesAFileDatasourceButManagesNothing() {
        HttpTestClient.Answer created = asker.post("/v1/datasources", Map.of("engine", "csv", "name", "mine"));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String id = created.json().path("id").asText();
        for (List<String> forbidden : List.of(List.of("GET", "/v1/datasources"), List.of("GET", "/v1/datasources/" + id),
                List.of("DELETE", "/v1/datasources/" + id), List.of("POST", "/v1/datasources/" + id + "/meta"),
                List.of("GET", "/v1/datasources/" + id + "/indexes"))) {
            HttpTestClient.Answer answer = switch (forbidden.get(0)) {
                case "GET" -> asker.get(forbidden.get(1));
                case "DELETE" -> asker.delete(forbidden.get(1));
                default -> asker.post(forbidden.get(1), Map.of());
            };
            assertThat(answer.status()).as(forbidden.toString()).isEqualTo(403);
            assertThat(answer.json().path("detail").asText()).contains("admin");
        }
        assertThat(asker.post("/v1/datasources", Map.of("engine", "tarn")).status()).isEqualTo(403);
        assertThat(admin.get("/v1/datasources/" + id).status()).isEqualTo(200);
    }

    @Test
    void aVisitorMayNotEvenCreate() {
        assertThat(visitor.post("/v1/datasources", Map.of("engine", "csv")).status()).isEqualTo(403);
    }

    @Test
    void anotherProjectsAdminSeesNeitherTheDatasourceNorItsId() {
        String id = admin.post("/v1/datasources", Map.of("engine", "parquet")).json().path("id").asText();
        assertThat(otherProjectsAdmin.get("/v1/datasources/" + id).status()).isEqualTo(404);
        assertThat(otherProjectsAdmin.get("/api/v1/datasources").json().path("total").asInt()).isZero();
        assertThat(otherProjectsAdmin.delete("/v1/datasources/" + id).status()).isEqualTo(404);
        assertThat(admin.get("/v1/datasources/" + id).status()).isEqualTo(200);
    }

    private static BearerClient client(String project, String role) {
        HttpTestClient.Answer key = server.root().post("/v1/sys/projects/" + project + "/api-keys", Map.of("ak_role", role));
        assertThat(key.status()).as(key.body()).isEqualTo(200);
        return new BearerClient(server.baseUrl(), key.json().get("original_ak_value").asText());
    }
}
