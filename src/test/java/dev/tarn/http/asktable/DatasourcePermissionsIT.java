package dev.tarn.http.asktable;

import dev.tarn.ask.datasource.DatasourceStore;
import dev.tarn.ask.datasource.Datasources;
import dev.tarn.config.TarnConfig;
import dev.tarn.engine.Engine;
import dev.tarn.engine.SystemDatabase;
import dev.tarn.engine.external.ExternalDatabases;
import dev.tarn.engine.external.LocalCatalogs;
import dev.tarn.http.WebServer;
import dev.tarn.support.HttpTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may do what with datasources (contract 1.3): askers create and upload, admins manage, other projects see nothing. */
class DatasourcePermissionsIT {
    @TempDir
    static Path data;
    private static Engine engine;
    private static SystemDatabase database;
    private static ExternalDatabases external;
    private static LocalCatalogs local;
    private static WebServer web;

    @BeforeAll
    static void start() {
        engine = Engine.open(data, new TarnConfig.EngineSettings(4, 5_000, 0, Optional.empty()));
        database = SystemDatabase.open(data, "datasources.duckdb");
        external = new ExternalDatabases(Duration.ofSeconds(30), Duration.ofSeconds(5));
        local = new LocalCatalogs(engine, Duration.ofSeconds(30));
        Datasources datasources = new Datasources(new DatasourceStore(database), external, local, data.resolve("datasources"), Clock.systemUTC());
        web = new WebServer(new DatasourcesApi(new AskTableRoutes(new FakeAskAuthentication()), datasources, data.resolve("spool"),
                1024 * 1024).routes());
        web.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        web.stop();
        local.close();
        external.close();
        database.close();
        engine.close();
    }

    private static HttpTestClient.Answer call(String token, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            var response = HttpTestClient.client().send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            return new HttpTestClient.Answer(response.statusCode(), response.headers(), response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anAskerCreatesAFileDatasourceButManagesNothing() {
        HttpTestClient.Answer created = call("asker", "POST", "/v1/datasources", "{\"engine\": \"csv\", \"name\": \"mine\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String id = created.json().path("id").asText();
        for (List<String> forbidden : List.of(List.of("GET", "/v1/datasources"), List.of("GET", "/v1/datasources/" + id),
                List.of("DELETE", "/v1/datasources/" + id), List.of("POST", "/v1/datasources/" + id + "/meta"),
                List.of("GET", "/v1/datasources/" + id + "/indexes"))) {
            HttpTestClient.Answer answer = call("asker", forbidden.get(0), forbidden.get(1), forbidden.get(0).equals("GET") ? null : "{}");
            assertThat(answer.status()).as(forbidden.toString()).isEqualTo(403);
            assertThat(answer.json().path("detail").asText()).contains("admin");
        }
        HttpTestClient.Answer tarn = call("asker", "POST", "/v1/datasources", "{\"engine\": \"tarn\"}");
        assertThat(tarn.status()).isEqualTo(403);
        assertThat(call("admin", "GET", "/v1/datasources/" + id, null).status()).isEqualTo(200);
    }

    @Test
    void aVisitorMayNotEvenCreate() {
        assertThat(call("visitor", "POST", "/v1/datasources", "{\"engine\": \"csv\"}").status()).isEqualTo(403);
    }

    @Test
    void anotherProjectsAdminSeesNeitherTheDatasourceNorItsId() {
        String id = call("admin", "POST", "/v1/datasources", "{\"engine\": \"parquet\"}").json().path("id").asText();
        HttpTestClient.Answer other = call("other-admin", "GET", "/v1/datasources/" + id, null);
        assertThat(other.status()).isEqualTo(404);
        assertThat(call("other-admin", "GET", "/api/v1/datasources", null).json().path("total").asInt()).isZero();
        assertThat(call("other-admin", "DELETE", "/v1/datasources/" + id, null).status()).isEqualTo(404);
        assertThat(call("admin", "GET", "/v1/datasources/" + id, null).status()).isEqualTo(200);
    }
}
