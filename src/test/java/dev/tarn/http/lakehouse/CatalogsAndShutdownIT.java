package dev.tarn.http.lakehouse;

import dev.tarn.support.HttpTestClient;
import dev.tarn.support.TestServer;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Catalogs are persistent files; the default catalog memory is persistent too; shutdown ends streams cleanly. */
class CatalogsAndShutdownIT {

    @Test
    void tablesAndCatalogsSurviveARestart() {
        TestServer first = TestServer.start();
        HttpTestClient root = first.root();
        assertThat(root.query("CREATE CATALOG analytics").lines().get(2).get(0).asText()).isEqualTo("Catalog 'analytics' created");
        root.query("CREATE TABLE analytics.main.visits(n INT); INSERT INTO analytics.main.visits VALUES (3)");
        root.query("CREATE TABLE kept(n INT); INSERT INTO kept VALUES (4)");
        first.stopKeepingData();
        try (TestServer second = TestServer.startOn(first.dataDirectory())) {
            HttpTestClient again = second.root();
            assertThat(again.query("SELECT n FROM analytics.main.visits").lines().get(2).get(0).asInt()).isEqualTo(3);
            assertThat(again.query("SELECT n FROM memory.main.kept").lines().get(2).get(0).asInt()).isEqualTo(4);
            assertThat(again.query("DROP CATALOG analytics").lines().get(2).get(0).asText()).isEqualTo("Catalog 'analytics' dropped");
            assertThat(again.query("SELECT 1 FROM analytics.main.visits").lines().get(1).get("error").asText()).contains("analytics");
        }
    }

    @Test
    void onlyAdministratorsCreateCatalogs() {
        try (TestServer server = TestServer.start()) {
            server.root().query("CREATE USER ann WITH PASSWORD 'ann-password-1' ROLE user");
            String error = server.as("ann", "ann-password-1").query("CREATE CATALOG mine").lines().get(1).get("error").asText();
            assertThat(error).startsWith("Permission Error");
            assertThat(server.root().query("CREATE CATALOG \"Bad Name\"").lines().get(1).get("error").asText()).contains("lower-case");
        }
    }

    @Test
    void shutdownEndsARunningStreamWithAnErrorLineAndRefusesNewRequests() throws Exception {
        TestServer server = TestServer.start(Map.of(dev.tarn.config.ConfigKey.SHUTDOWN_GRACE_MS, "300"));
        HttpTestClient root = server.root();
        // the metadata line arrives before the aggregation even starts, so the response is here at once
        HttpResponse<java.io.InputStream> response = HttpTestClient.client().send(root.request("/query")
                .POST(HttpRequest.BodyPublishers.ofString("{\"statement\":\"SELECT count(*) FROM range(1000000000000) a\"}")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            String last = null;
            while ((line = reader.readLine()) != null) {
                last = line;
            }
            assertThat(last).contains("\"error\"").contains("Interrupted");
        }
        stopping.get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
}
