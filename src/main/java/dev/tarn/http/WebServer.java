package dev.tarn.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * The HTTP server: Javalin on Jetty with virtual threads, serving the route tables of every
 * surface. It tags every response with an X-Request-Id and refuses new requests while draining.
 */
public final class WebServer {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final Javalin javalin;
    private final AtomicBoolean draining = new AtomicBoolean();

    /** Largest WebSocket message Jetty reads at all; the endpoints answer smaller but too large ones themselves. */
    private static final int MAXIMUM_WEB_SOCKET_MESSAGE_BYTES = 4 * 1024 * 1024;

    public WebServer(List<Route> routes) {
        this(routes, List.of());
    }

    public WebServer(List<Route> routes, List<WebSocketRoute> webSockets) {
        this.javalin = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.http.compressionStrategy = CompressionStrategy.NONE;
            config.http.maxRequestSize = Long.MAX_VALUE;
            config.startup.showJavalinBanner = false;
            config.router.ignoreTrailingSlashes = true;
            // on stop, Jetty waits for responses still being written (a stream's last line) instead of cutting them
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(5_000);
                server.insertHandler(new org.eclipse.jetty.server.handler.GracefulHandler());
            });
            config.requestLogger.http((context, millis) -> LOG.info("event=request method={} path={} status={} duration_ms={} user_agent=\"{}\"",
                    context.method(), context.path(), context.statusCode(), Math.round(millis), context.userAgent()));
            config.routes.before(this::beforeEveryRequest);
            config.routes.after(context -> MDC.clear());
            for (Route route : routes) {
                config.routes.addHttpHandler(route.method(), route.path(), route.handler());
            }
            for (WebSocketRoute socket : webSockets) {
                // a draining server refuses upgrades with 503 as it refuses requests
                config.routes.addHttpHandler(io.javalin.http.HandlerType.WEBSOCKET_BEFORE_UPGRADE, socket.path(), this::beforeEveryRequest);
                config.routes.addWsHandler(io.javalin.websocket.WsHandlerType.WEBSOCKET, socket.path(), socket.handlers());
            }
            config.jetty.modifyWebSocketServletFactory(factory -> {
                factory.setMaxTextMessageSize(MAXIMUM_WEB_SOCKET_MESSAGE_BYTES);
                factory.setMaxBinaryMessageSize(MAXIMUM_WEB_SOCKET_MESSAGE_BYTES);
            });
            config.routes.exception(TarnException.class, (exception, context) -> fail(context, exception));
            config.routes.exception(Exception.class, (exception, context) -> {
                LOG.error("event=unhandled_error path={} message=\"{}\"", context.path(), exception.getMessage(), exception);
                fail(context, new TarnException(ErrorCode.INTERNAL_ERROR, "Internal server error (request " + requestId(context) + ")"));
            });
            config.routes.error(404, context -> {
                // our handlers answer 404 in JSON already; Javalin's own "no such endpoint" is plain text
                if (!String.valueOf(context.res().getContentType()).startsWith("application/json")) {
                    writeError(context, 404, "No endpoint " + context.method() + " " + context.path());
                }
            });
        });
    }

    public void start(String host, int port) {
        javalin.start(host, port);
    }

    public int port() {
        return javalin.port();
    }

    /** From now on new requests are refused with 503, while those in flight go on. */
    public void drain() {
        draining.set(true);
    }

    public void stop() {
        javalin.stop();
    }

    private void beforeEveryRequest(Context context) {
        String incoming = context.header("X-Request-Id");
        String requestId = incoming != null && SAFE_REQUEST_ID.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
        context.attribute("request_id", requestId);
        context.header("X-Request-Id", requestId);
        MDC.put("request_id", requestId);
        if (draining.get()) {
            context.header("Retry-After", "5");
            throw new TarnException(ErrorCode.SHUTTING_DOWN, "The server is shutting down; retry against a running server");
        }
    }

    static String requestId(Context context) {
        Object id = context.attribute("request_id");
        return id == null ? "" : id.toString();
    }

    private static void fail(Context context, TarnException exception) {
        int status = ErrorResponses.status(exception.kind());
        if (status == 503 || status == 429) {
            context.header("Retry-After", "1");
        }
        writeError(context, status, exception.getMessage());
    }

    /** The Lakehouse error shape, {"error": message}, also the default for routes of no surface. */
    static void writeError(Context context, int status, String message) {
        ObjectNode body = JsonBody.MAPPER.createObjectNode().put("error", message);
        context.status(status).contentType("application/json").result(body.toString());
    }
}
