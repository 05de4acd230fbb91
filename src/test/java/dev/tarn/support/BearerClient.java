package dev.tarn.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An HTTP client for the AskTable and Ask APIs: a Bearer key or token, optional extra headers, JSON in and out, SSE read to its end. */
public final class BearerClient {
    private final String baseUrl;
    private final String authorization;
    private final Map<String, String> headers;

    public BearerClient(String baseUrl, String token) {
        this(baseUrl, token == null ? null : "Bearer " + token, Map.of());
    }

    private BearerClient(String baseUrl, String authorization, Map<String, String> headers) {
        this.baseUrl = baseUrl;
        this.authorization = authorization;
        this.headers = Map.copyOf(headers);
    }

    /** The same client sending these headers too (Origin, Last-Event-ID). */
    public BearerClient with(Map<String, String> extra) {
        java.util.Map<String, String> all = new java.util.HashMap<>(headers);
        all.putAll(extra);
        return new BearerClient(baseUrl, authorization, all);
    }

    public HttpTestClient.Answer get(String path) {
        return send(builder(path).GET());
    }

    public HttpTestClient.Answer delete(String path) {
        return send(builder(path).DELETE());
    }

    public HttpTestClient.Answer post(String path, Object body) {
        return send(builder(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json(body))));
    }

    public HttpTestClient.Answer patch(String path, Object body) {
        return send(builder(path).header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(json(body))));
    }

    /** One Server-Sent Event as it arrived. */
    public record Event(long id, String name, JsonNode data) {
    }

    /** The events of a streamed answer, read until the server ends the stream. */
    public record Stream(int status, String contentType, List<Event> events, List<String> comments) {
    }

    public Stream stream(HttpRequest.Builder request) {
        try {
            HttpResponse<InputStream> response = HttpTestClient.client().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            List<Event> events = new ArrayList<>();
            List<String> comments = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                long id = -1;
                String name = null;
                StringBuilder data = new StringBuilder();
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.isEmpty()) {
                        if (name != null) {
                            events.add(new Event(id, name, HttpTestClient.JSON.readTree(data.toString())));
                        }
                        id = -1;
                        name = null;
                        data.setLength(0);
                    } else if (line.startsWith(":")) {
                        comments.add(line);
                    } else if (line.startsWith("id: ")) {
                        id = Long.parseLong(line.substring(4));
                    } else if (line.startsWith("event: ")) {
                        name = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        data.append(line.substring(6));
                    }
                }
            }
            return new Stream(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), events, comments);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Stream postStream(String path, Object body) {
        return stream(builder(path).header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(json(body))));
    }

    public Stream getStream(String path) {
        return stream(builder(path).header("Accept", "text/event-stream").GET());
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        headers.forEach(builder::header);
        return builder;
    }

    private HttpTestClient.Answer send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = HttpTestClient.client().send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new HttpTestClient.Answer(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String json(Object body) {
        if (body instanceof String text) {
            return text;
        }
        try {
            return HttpTestClient.JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
