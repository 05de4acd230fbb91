package dev.tarn.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

/** A realtime API client for tests: logs in once, then sends SQL with the Bearer token. */
public final class RealtimeClient {
    private final HttpTestClient http;
    private final String token;

    private RealtimeClient(HttpTestClient http, String token) {
        this.http = http;
        this.token = token;
    }

    /** Logs in through /v1/api/auth/login and keeps the access token. */
    public static RealtimeClient login(TestServer server, String user, String password) {
        return login(server.baseUrl(), user, password);
    }

    /** The same against any server, e.g. a {@link ChildServer}. */
    public static RealtimeClient login(String baseUrl, String user, String password) {
        HttpTestClient anonymous = new HttpTestClient(baseUrl, null, null);
        HttpTestClient.Answer answer = anonymous.post("/v1/api/auth/login", Map.of("user", user, "password", password));
        if (answer.status() != 200) {
            throw new IllegalStateException("login of " + user + " failed: " + answer.status() + " " + answer.body());
        }
        return new RealtimeClient(anonymous, answer.json().get("access_token").asText());
    }

    /** The access token, e.g. to authenticate a WebSocket. */
    public String token() {
        return token;
    }

    public HttpTestClient.Answer sql(String sql, Object... parameters) {
        ObjectNode body = HttpTestClient.JSON.createObjectNode().put("sql", sql);
        if (parameters.length > 0) {
            ArrayNode params = body.putArray("params");
            for (Object parameter : parameters) {
                params.addPOJO(parameter);
            }
        }
        return send(body);
    }

    public HttpTestClient.Answer sqlIn(String namespace, String sql) {
        return send(HttpTestClient.JSON.createObjectNode().put("sql", sql).put("namespace_id", namespace));
    }

    /** POSTs a JSON body to another realtime route (the topics API) with the Bearer token. */
    public HttpTestClient.Answer post(String path, Object body) {
        try {
            return http.send(http.request(path).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body instanceof String text ? text : HttpTestClient.JSON.writeValueAsString(body))));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public HttpTestClient.Answer send(JsonNode body) {
        return http.send(http.request("/v1/api/sql").header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** The rows of the last result that has rows, in a successful answer. */
    public static List<JsonNode> rows(HttpTestClient.Answer answer) {
        JsonNode json = answer.json();
        if (!"success".equals(json.path("status").asText())) {
            throw new AssertionError("expected success, got " + answer.status() + " " + answer.body());
        }
        List<JsonNode> rows = new java.util.ArrayList<>();
        JsonNode withRows = null;
        for (JsonNode result : json.get("results")) {
            if (result.has("rows")) {
                withRows = result;
            }
        }
        if (withRows == null) {
            throw new AssertionError("no result with rows in " + answer.body());
        }
        withRows.get("rows").forEach(rows::add);
        return rows;
    }
}
