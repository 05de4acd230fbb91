package dev.tarn.http.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tarn.support.HttpTestClient.Answer;
import dev.tarn.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health endpoints answer callers on the same machine without credentials (tests connect from
 * 127.0.0.1; the refusal of other addresses is LocalCallersTest's).
 */
class HealthIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void healthAndHealthcheckAnswerTheSamePayload() {
        Answer health = server.anonymous().get("/health");
        Answer healthcheck = server.anonymous().get("/v1/api/healthcheck");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode json = health.json();
        assertThat(json.get("status").asText()).isEqualTo("healthy");
        assertThat(json.get("version").asText()).isEqualTo("0.1.0");
        assertThat(json.get("api_version").asText()).isEqualTo("v1");
        assertThat(json.get("build_date").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(json.size()).isEqualTo(4);
        assertThat(healthcheck.status()).isEqualTo(200);
        assertThat(healthcheck.json()).isEqualTo(json);
    }

    @Test
    void clusterHealthDescribesASingleNodeThatIsTheLeader() {
        Answer answer = server.anonymous().get("/v1/api/cluster/health");
        assertThat(answer.status()).isEqualTo(200);
        JsonNode json = answer.json();
        assertThat(json.get("status").asText()).isEqualTo("healthy");
        assertThat(json.get("is_leader").asBoolean()).isTrue();
        assertThat(json.get("is_cluster_mode").asBoolean()).isFalse();
        assertThat(json.get("term").asLong()).isEqualTo(1);
        assertThat(json.get("groups_leading").asLong()).isEqualTo(json.get("total_groups").asLong());
        assertThat(json.get("nodes")).hasSize(1);
        JsonNode node = json.get("nodes").get(0);
        assertThat(node.get("role").asText()).isEqualTo("leader");
        assertThat(node.get("status").asText()).isEqualTo("active");
        assertThat(node.get("is_self").asBoolean()).isTrue();
        assertThat(node.get("is_leader").asBoolean()).isTrue();
        assertThat(node.get("replication_lag").asLong()).isZero();
        assertThat(node.get("api_addr").asText()).endsWith(":" + server.port());
    }

    @Test
    void healthNeedsNoCredentialsAndIgnoresWrongOnes() {
        assertThat(server.as("root", "wrong-password").get("/health").status()).isEqualTo(200);
    }
}
