package dev.tarn.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * A WebSocket client of /v1/ws for tests, on the JDK's own client: it collects every server
 * message as JSON (gzipped binary frames unpacked), counts binary frames, and records the close.
 */
public final class LiveClient implements AutoCloseable {
    private final WebSocket socket;
    private final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile int binaryFrames;

    private LiveClient(WebSocket.Builder builder, URI uri) {
        Listener listener = new Listener();
        this.socket = builder.buildAsync(uri, listener).join();
    }

    public static LiveClient connect(TestServer server) {
        return connect(server, "", builder -> { });
    }

    /** Connects with a query string (e.g. "?compress=false") and extra settings of the upgrade request. */
    public static LiveClient connect(TestServer server, String query, Consumer<WebSocket.Builder> upgrade) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        upgrade.accept(builder);
        return new LiveClient(builder, URI.create("ws://127.0.0.1:" + server.port() + "/v1/ws" + query));
    }

    /** Connects and authenticates with the in-band message; returns once auth_success arrived. */
    public static LiveClient authenticated(TestServer server, RealtimeClient user) {
        LiveClient client = connect(server);
        client.send("{\"type\":\"authenticate\",\"method\":\"jwt\",\"token\":\"" + user.token() + "\"}");
        JsonNode answer = client.next();
        if (!"auth_success".equals(answer.path("type").asText())) {
            throw new AssertionError("expected auth_success, got " + answer);
        }
        return client;
    }

    public WebSocket socket() {
        return socket;
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public void send(JsonNode message) {
        send(message.toString());
    }

    public void subscribe(String id, String sql) {
        subscribe(id, sql, HttpTestClient.JSON.createObjectNode());
    }

    public void subscribe(String id, String sql, ObjectNode options) {
        ObjectNode message = HttpTestClient.JSON.createObjectNode().put("type", "subscribe");
        message.putObject("subscription").put("id", id).put("sql", sql).set("options", options);
        send(message);
    }

    /** The next message, waiting up to 10 s. */
    public JsonNode next() {
        return next(Duration.ofSeconds(10));
    }

    public JsonNode next(Duration wait) {
        try {
            JsonNode message = messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("no message within " + wait);
            }
            return message;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The next message that satisfies {@code wanted}, skipping others. */
    public JsonNode next(Predicate<JsonNode> wanted) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode message = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (wanted.test(message)) {
                return message;
            }
        }
        throw new AssertionError("no wanted message within 10 s");
    }

    /** Messages that arrive within {@code wait}, none expected beyond what they show. */
    public List<JsonNode> drain(Duration wait) {
        List<JsonNode> drained = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return drained;
                }
                JsonNode message = messages.poll(left, TimeUnit.NANOSECONDS);
                if (message != null) {
                    drained.add(message);
                }
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    public int binaryFrames() {
        return binaryFrames;
    }

    /** The close code, once the server closed, waiting up to {@code wait}. */
    public int closeCode(Duration wait) {
        return closed.orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the server may have closed first
            }
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                binaryFrames++;
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(binary.toByteArray()))) {
                    add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                binary.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }

        private void add(String message) {
            try {
                messages.add(HttpTestClient.JSON.readTree(message));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
