package dev.tarn.http.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tarn.auth.ClientRateLimiter;
import dev.tarn.auth.Principal;
import dev.tarn.auth.TokenService;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import dev.tarn.http.WebSocketRoute;
import dev.tarn.live.LiveQueries;
import dev.tarn.live.SubscriptionOptions;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /v1/ws}: the realtime API's WebSocket (contract 2). Authentication is a JWT, in the
 * first message, in the upgrade's Authorization header, or as the {@code kalamdb.jwt.<token>}
 * subprotocol; unauthenticated sockets close after 3 s. Then clients subscribe, page through
 * initial data and receive changes from the live-query service.
 */
public final class LiveSocket implements AutoCloseable {
    public static final String PATH = "/v1/ws";
    static final int MAXIMUM_MESSAGE_BYTES = 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(LiveSocket.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SUBPROTOCOL_PREFIX = "kalamdb.jwt.";

    private final TokenService tokens;
    private final ClientRateLimiter authAttempts;
    private final LiveQueries liveQueries;
    private final Duration authTimeout;
    private final Duration clientTimeout;
    private final Duration heartbeat;
    private final int messagesPerSecond;
    private final AtomicLong connectionIds = new AtomicLong();
    private final Map<String, LiveConnection> connections = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
            .name("live-socket-timers").daemon().factory());

    /** {@code authAttemptsPerSecond}: per client address, as on the auth endpoints (0: no limit). */
    public LiveSocket(TokenService tokens, LiveQueries liveQueries, int authAttemptsPerSecond) {
        this(tokens, liveQueries, authAttemptsPerSecond, Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(5), 50);
    }

    LiveSocket(TokenService tokens, LiveQueries liveQueries, int authAttemptsPerSecond, Duration authTimeout, Duration clientTimeout,
               Duration heartbeat, int messagesPerSecond) {
        this.tokens = tokens;
        this.authAttempts = new ClientRateLimiter(authAttemptsPerSecond);
        this.liveQueries = liveQueries;
        this.authTimeout = authTimeout;
        this.clientTimeout = clientTimeout;
        this.heartbeat = heartbeat;
        this.messagesPerSecond = messagesPerSecond;
    }

    public WebSocketRoute route() {
        return new WebSocketRoute(PATH, this::handlers);
    }

    private void handlers(WsConfig ws) {
        ws.onConnect(this::connected);
        ws.onMessage(context -> received(context, context.message()));
        ws.onBinaryMessage(context -> {
            LiveConnection connection = connections.get(context.sessionId());
            if (connection != null) {
                connection.send(LiveMessages.error("protocol", "UNSUPPORTED_DATA", "Binary frames need the msgpack serialization, which this server does not offer"));
            }
        });
        ws.onClose(context -> closed(context));
        ws.onError(context -> closed(context));
    }

    private void connected(WsConnectContext context) {
        // any frame, pongs included, counts as activity; the server pings so idle but healthy clients stay
        context.session.setIdleTimeout(clientTimeout);
        context.enableAutomaticPings(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        LiveConnection connection = new LiveConnection(connectionIds.incrementAndGet(), context.session, messagesPerSecond,
                clientAddress(context));
        connections.put(context.sessionId(), connection);
        boolean gzip = !"none".equalsIgnoreCase(context.queryParam("compression")) && !"false".equalsIgnoreCase(context.queryParam("compress"));
        String token = upgradeToken(context);
        if (token != null) {
            authenticate(connection, token, gzip);
            return;
        }
        timers.schedule(() -> {
            if (!connection.authenticated() && context.session.isOpen()) {
                connection.send(LiveMessages.authError("Authentication timed out: send an authenticate message within "
                        + authTimeout.toSeconds() + " s"));
                connection.closeAfterQueued(1008, "authentication timeout");
            }
        }, authTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The token of the Authorization header or of the kalamdb.jwt.&lt;token&gt; subprotocol, if the upgrade has one. */
    private static String upgradeToken(WsContext context) {
        String authorization = context.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        String protocols = context.header("Sec-WebSocket-Protocol");
        if (protocols != null) {
            for (String protocol : protocols.split(",")) {
                if (protocol.trim().startsWith(SUBPROTOCOL_PREFIX)) {
                    return protocol.trim().substring(SUBPROTOCOL_PREFIX.length());
                }
            }
        }
        return null;
    }

    private static String clientAddress(WsContext context) {
        java.net.SocketAddress address = context.session.getRemoteSocketAddress();
        return address instanceof java.net.InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }

    private void authenticate(LiveConnection connection, String token, boolean gzip) {
        if (!authAttempts.acquire(connection.clientAddress()).granted()) {
            connection.send(LiveMessages.authError("Too many authentication attempts from this address; retry shortly"));
            connection.closeAfterQueued(1008, "rate limited");
            return;
        }
        Principal principal;
        try {
            principal = tokens.verifyAccessToken(token);
        } catch (TarnException e) {
            connection.send(LiveMessages.authError(e.kind() == dev.tarn.error.ErrorKind.UNAUTHENTICATED ? "Invalid credentials: " + e.getMessage() : e.getMessage()));
            connection.closeAfterQueued(1008, "authentication failed");
            return;
        }
        if (connection.authenticated() && !connection.principal().equals(principal)) {
            connection.send(LiveMessages.authError("The connection is authenticated as another user; open a new connection"));
            return;
        }
        connection.authenticated(principal, gzip);
        connection.send(LiveMessages.authSuccess(principal.userName(), principal.role().wireName(), gzip));
    }

    private void received(WsContext context, String text) {
        LiveConnection connection = connections.get(context.sessionId());
        if (connection == null) {
            return;
        }
        if (text.length() > MAXIMUM_MESSAGE_BYTES / 4 && text.getBytes(StandardCharsets.UTF_8).length > MAXIMUM_MESSAGE_BYTES) {
            connection.send(LiveMessages.error("protocol", "MESSAGE_TOO_LARGE", "A message may hold at most " + MAXIMUM_MESSAGE_BYTES + " bytes"));
            return;
        }
        if (!connection.withinRate()) {
            connection.send(LiveMessages.error("rate_limit", "RATE_LIMIT_EXCEEDED", "At most " + messagesPerSecond
                    + " messages per second per connection; this one was dropped"));
            return;
        }
        JsonNode message;
        try {
            message = MAPPER.readTree(text);
        } catch (Exception e) {
            message = null;
        }
        if (message == null || !message.isObject()) {
            connection.send(LiveMessages.error("protocol", "PROTOCOL", "The message is not a JSON object; closing"));
            connection.closeAfterQueued(1007, "invalid JSON");
            return;
        }
        String type = message.path("type").asText("");
        switch (type) {
            case "authenticate" -> {
                JsonNode protocol = message.path("protocol");
                boolean gzip = !"none".equalsIgnoreCase(protocol.path("compression").asText("gzip"));
                authenticate(connection, message.path("token").asText(""), gzip);
            }
            case "subscribe" -> subscribe(connection, message.path("subscription"));
            case "next_batch" -> {
                if (connection.authenticated()) {
                    String id = message.path("subscription_id").asText("");
                    try {
                        liveQueries.nextBatch(connection.id(), id, sequence(message.path("last_seq_id")));
                    } catch (TarnException e) {
                        connection.send(LiveMessages.error(id, e));
                    }
                }
            }
            case "unsubscribe" -> {
                if (connection.authenticated()) {
                    liveQueries.unsubscribe(connection.id(), message.path("subscription_id").asText(""));
                }
            }
            case "ping" -> {
                // activity only; the protocol gives no reply
            }
            default -> connection.send(LiveMessages.error("protocol", "PROTOCOL", "Unknown message type '" + type
                    + "': use authenticate, subscribe, next_batch, unsubscribe or ping"));
        }
    }

    private void subscribe(LiveConnection connection, JsonNode subscription) {
        String id = subscription.path("id").asText("");
        if (!connection.authenticated()) {
            connection.send(LiveMessages.error(id.isEmpty() ? "subscribe" : id, "AUTH_REQUIRED", "Authenticate before subscribing"));
            return;
        }
        if (id.isEmpty()) {
            connection.send(LiveMessages.error("invalid_subscription", "INVALID_SUBSCRIPTION_ID", "A subscription needs an id"));
            return;
        }
        try {
            liveQueries.subscribe(connection.principal(), connection.id(), id, subscription.path("sql").asText(""),
                    options(subscription.path("options")), connection);
            if (!connections.containsValue(connection)) {
                // the client left while its subscription was being set up: the close already swept this connection
                liveQueries.connectionClosed(connection.id());
            }
        } catch (TarnException e) {
            connection.send(LiveMessages.error(id, e));
        } catch (RuntimeException e) {
            LOG.warn("event=live_subscribe_failed connection={} message=\"{}\"", connection.id(), e.getMessage(), e);
            connection.send(LiveMessages.error(id, "SUBSCRIPTION_FAILED", "The subscription failed: " + e.getMessage()));
        }
    }

    private static SubscriptionOptions options(JsonNode options) {
        int batchSize = options.has("batch_size") ? number(options.get("batch_size"), "batch_size") : SubscriptionOptions.DEFAULT_BATCH_SIZE;
        int lastRows = options.has("last_rows") ? number(options.get("last_rows"), "last_rows") : 0;
        OptionalLong from = sequence(options.has("from") ? options.get("from") : options.path("from_seq_id"));
        return new SubscriptionOptions(batchSize, lastRows, from);
    }

    private static int number(JsonNode value, String name) {
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return value.asInt();
        }
        if (value.isTextual()) {
            try {
                return Integer.parseInt(value.asText());
            } catch (NumberFormatException e) {
                // falls through to the error
            }
        }
        throw new TarnException(ErrorCode.INVALID_FIELD, "options." + name + " must be a whole number");
    }

    /** A row version, sent as a string (64-bit) or a number. */
    private static OptionalLong sequence(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(value.isNumber() ? value.asLong() : Long.parseLong(value.asText().trim()));
        } catch (NumberFormatException e) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "A seq id must be a whole number, as a string or a number");
        }
    }

    private void closed(WsContext context) {
        LiveConnection connection = connections.remove(context.sessionId());
        if (connection != null) {
            connection.closed();
            liveQueries.connectionClosed(connection.id());
        }
    }

    /** Stops the auth-timeout timer; the web server closes the sockets themselves. */
    @Override
    public void close() {
        timers.shutdownNow();
    }
}
