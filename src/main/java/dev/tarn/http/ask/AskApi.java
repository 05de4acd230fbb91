package dev.tarn.http.ask;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarn.ask.keys.AskAuthentication;
import dev.tarn.ask.keys.AskCaller;
import dev.tarn.ask.keys.AskPermission;
import dev.tarn.ask.session.AskEvent;
import dev.tarn.ask.session.AskMode;
import dev.tarn.ask.session.AskRequest;
import dev.tarn.ask.session.AskRunner;
import dev.tarn.ask.session.AskSession;
import dev.tarn.ask.session.AskUsage;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import dev.tarn.http.ErrorResponses;
import dev.tarn.http.JsonBody;
import dev.tarn.http.Route;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.OPTIONS;
import static io.javalin.http.HandlerType.POST;

/**
 * The Ask API (tableArth style): {@code POST /v1/ask} with {@code table} (a datasource id),
 * {@code question}, {@code customer}, {@code user}, {@code mode}, {@code stream} and optionally
 * {@code session_id}. Streamed, the answer is Server-Sent Events with ids and a heartbeat; a client
 * that lost the stream resumes with {@code Last-Event-ID} on {@code GET /v1/ask/sessions/{id}/events}
 * (or on the POST, with the session id). Not streamed, the same content is one JSON object.
 * Errors are {@code {"error": {"code", "message"}}}; a question the engine will not answer is 422
 * with the words it could not place and suggestions.
 */
public final class AskApi {
    private static final Logger LOG = LoggerFactory.getLogger(AskApi.class);
    private static final long MAXIMUM_BODY_BYTES = 64 * 1024;
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** How long a resumed stream follows a running answer at most. */
    private static final Duration MOST_FOLLOW = Duration.ofMinutes(5);

    private final AskAuthentication authentication;
    private final AskRunner runner;
    private final AskUsage usage;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
            .daemon().name("ask-heartbeat").factory());

    public AskApi(AskAuthentication authentication, AskRunner runner, AskUsage usage) {
        this.authentication = authentication;
        this.runner = runner;
        this.usage = usage;
    }

    public List<Route> routes() {
        return List.of(
                new Route(POST, "/v1/ask", context -> guarded(context, this::ask)),
                new Route(OPTIONS, "/v1/ask", AskApi::preflight),
                new Route(OPTIONS, "/v1/ask/sessions/{session_id}/events", AskApi::preflight),
                new Route(GET, "/v1/ask/sessions/{session_id}/events", context -> guarded(context, this::resume)),
                new Route(GET, "/v1/ask/usage", context -> guarded(context, this::usage)));
    }

    private void ask(Context context, AskCaller caller) throws IOException {
        JsonBody body = JsonBody.read(context, MAXIMUM_BODY_BYTES);
        boolean stream = body.bool("stream").orElse(false);
        Optional<Long> lastEventId = lastEventId(context);
        if (lastEventId.isPresent()) {
            String sessionId = body.text("session_id").orElseThrow(() -> new TarnException(ErrorCode.MISSING_FIELD,
                    "Last-Event-ID resumes a session: send its session_id too"));
            replay(context, runner.find(caller, sessionId, body.requiredText("customer"), body.requiredText("user")), lastEventId.get());
            return;
        }
        AskRequest request = new AskRequest(body.requiredText("table"), body.requiredText("question"), body.requiredText("customer"),
                body.requiredText("user"), AskMode.parse(body.text("mode").orElse("local_template")), body.text("session_id"),
                body.text("role_id"), dev.tarn.http.asktable.AskJson.roleVariables(body.field("role_variables")));
        AskSession session = runner.begin(caller, request);
        if (!stream) {
            AskRunner.RunResult result = runner.run(caller, session, request);
            answerAsJson(context, result);
            return;
        }
        SseStream events = SseStream.open(context);
        Consumer<AskEvent> follower = events::send;
        session.replayAfter(Long.MAX_VALUE, follower);
        ScheduledFuture<?> heartbeat = heartbeats.scheduleAtFixedRate(events::ping, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            runner.run(caller, session, request);
        } finally {
            heartbeat.cancel(false);
            session.unfollow(follower);
        }
    }

    private void resume(Context context, AskCaller caller) throws IOException {
        String customer = required(context.queryParam("customer"), "customer");
        String user = required(context.queryParam("user"), "user");
        AskSession session = runner.find(caller, context.pathParam("session_id"), customer, user);
        replay(context, session, lastEventId(context).orElse(0L));
    }

    /** The events after the one the client saw, then, if the answer is still running, the rest as they come. */
    private void replay(Context context, AskSession session, long lastSeen) throws IOException {
        SseStream events = SseStream.open(context);
        CountDownLatch ended = new CountDownLatch(1);
        Consumer<AskEvent> follower = event -> {
            events.send(event);
            if (event.name().equals("done") || event.name().equals("error")) {
                ended.countDown();
            }
        };
        AskSession.Replay replay = session.replayAfter(lastSeen, follower);
        replay.events().forEach(events::send);
        if (!replay.live()) {
            return;
        }
        ScheduledFuture<?> heartbeat = heartbeats.scheduleAtFixedRate(events::ping, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            if (!ended.await(MOST_FOLLOW.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.info("event=ask_resume_gave_up session={}", session.id());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            heartbeat.cancel(false);
            session.unfollow(follower);
        }
    }

    private void usage(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_DATASOURCES);
        String customer = required(context.queryParam("customer"), "customer");
        ObjectNode answer = JsonBody.MAPPER.createObjectNode().put("customer", customer);
        ArrayNode users = answer.putArray("users");
        for (AskUsage.Totals totals : usage.of(caller.projectId(), customer)) {
            users.addObject().put("user", totals.user()).put("questions", totals.questions()).put("answered", totals.answered())
                    .put("refused", totals.refused()).put("rows", totals.rows()).put("llm_calls", totals.modelCalls());
        }
        context.contentType("application/json").result(answer.toString());
    }

    /** The events of one run folded into one object: what a client that did not stream receives. */
    private static void answerAsJson(Context context, AskRunner.RunResult result) {
        ObjectNode answer = JsonBody.MAPPER.createObjectNode();
        StringBuilder text = new StringBuilder();
        for (AskEvent event : result.events()) {
            JsonNode data = parse(event.json());
            switch (event.name()) {
                case "session" -> answer.put("session_id", data.get("session_id").asText());
                case "sql" -> answer.set("sql", data);
                case "table" -> answer.set("table", data);
                case "answer_delta" -> text.append(data.get("text").asText());
                case "insight" -> answer.set("insights", data.get("bullets"));
                case "chart" -> answer.set("chart", data);
                case "usage" -> answer.set("usage", data);
                case "error" -> answer.set("error", data);
                default -> { }
            }
        }
        if (result.failure().isPresent()) {
            context.status(ErrorResponses.status(result.failure().get().kind()));
        } else {
            answer.put("answer", text.toString());
        }
        context.contentType("application/json").result(answer.toString());
    }

    /**
     * A browser's preflight for a widget's publishable key. It carries no key, so it cannot be
     * checked here; the request that follows is, and only a publishable key from one of its own
     * origins gets an answer the browser lets the page read.
     */
    private static void preflight(Context context) {
        String origin = context.header("Origin");
        if (origin != null) {
            context.header("Access-Control-Allow-Origin", origin).header("Vary", "Origin")
                    .header("Access-Control-Allow-Methods", "POST, GET")
                    .header("Access-Control-Allow-Headers", "Authorization, Content-Type, Last-Event-ID")
                    .header("Access-Control-Max-Age", "600");
        }
        context.status(204);
    }

    private void guarded(Context context, CallerHandler handler) {
        try {
            Optional<String> origin = Optional.ofNullable(context.header("Origin"));
            AskCaller caller = authentication.authenticate(Optional.ofNullable(context.header("Authorization")), origin);
            if (caller.askOnly() && origin.isPresent()) {
                // the key was checked against this origin: the page that sent it may read the answer
                context.header("Access-Control-Allow-Origin", origin.get()).header("Vary", "Origin");
            }
            handler.handle(context, caller);
        } catch (TarnException error) {
            writeError(context, error);
        } catch (Exception bug) {
            LOG.error("event=ask_unhandled_error message=\"{}\"", bug.getMessage(), bug);
            writeError(context, new TarnException(ErrorCode.INTERNAL_ERROR, "Internal server error"));
        }
    }

    @FunctionalInterface
    private interface CallerHandler {
        void handle(Context context, AskCaller caller) throws Exception;
    }

    private static void writeError(Context context, TarnException error) {
        ObjectNode body = JsonBody.MAPPER.createObjectNode();
        body.putObject("error").put("code", error.code().name().toLowerCase(java.util.Locale.ROOT)).put("message", error.getMessage());
        context.status(ErrorResponses.status(error.kind())).contentType("application/json").result(body.toString());
    }

    private static Optional<Long> lastEventId(Context context) {
        String header = Optional.ofNullable(context.header("Last-Event-ID")).orElse(context.queryParam("last_event_id"));
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "Last-Event-ID must be the id of an event this server sent (a whole number)");
        }
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new TarnException(ErrorCode.MISSING_FIELD, name + " is required as a query parameter");
        }
        return value;
    }

    private static JsonNode parse(String json) {
        try {
            return JsonBody.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public void close() {
        heartbeats.shutdownNow();
    }
}
