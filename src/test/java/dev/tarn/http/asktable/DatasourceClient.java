package dev.tarn.http.asktable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tarn.support.HttpTestClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The datasource endpoints as a test calls them: JSON in and out, PATCH and PUT, and multipart uploads. */
final class DatasourceClient {
    private final HttpTestClient http;

    DatasourceClient(HttpTestClient http) {
        this.http = http;
    }

    HttpTestClient.Answer post(String path, Object body) {
        return http.post(path, body);
    }

    HttpTestClient.Answer get(String path) {
        return http.get(path);
    }

    HttpTestClient.Answer delete(String path) {
        return http.delete(path);
    }

    HttpTestClient.Answer patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    HttpTestClient.Answer put(String path, Object body) {
        return send("PUT", path, body);
    }

    private HttpTestClient.Answer send(String method, String path, Object body) {
        try {
            return http.send(http.request(path).method(method, HttpRequest.BodyPublishers.ofString(HttpTestClient.JSON.writeValueAsString(body)))
                    .header("Content-Type", "application/json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** POST /v1/datasources and the created datasource's JSON; fails the test unless 200. */
    JsonNode create(Map<String, Object> body) {
        HttpTestClient.Answer answer = post("/v1/datasources", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    /** POST /v1/datasources/{id}/meta with an empty body; fails the test unless 200. */
    JsonNode sync(String id) {
        HttpTestClient.Answer answer = post("/v1/datasources/" + id + "/meta", Map.of());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    /** A multipart upload with one part named {@code file}. */
    HttpTestClient.Answer upload(String id, String filename, byte[] content) {
        String boundary = "tarn-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(http.request("/v1/datasources/" + id + "/files")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }
}
