package dev.tarn.http;

import io.javalin.websocket.WsConfig;

import java.util.Objects;
import java.util.function.Consumer;

/** One WebSocket endpoint of a surface: its path and the handlers of its connections. */
public record WebSocketRoute(String path, Consumer<WsConfig> handlers) {
    public WebSocketRoute {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handlers, "handlers");
    }
}
