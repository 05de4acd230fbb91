package dev.tarn.http.asktable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarn.ask.ResultTable;
import dev.tarn.ask.chart.AnswerWriter;
import dev.tarn.ask.chart.Chart;
import dev.tarn.ask.chart.ChartPlanner;
import dev.tarn.ask.keys.AskCaller;
import dev.tarn.ask.keys.AskPermission;
import dev.tarn.ask.question.AskHistory;
import dev.tarn.ask.question.AskService;
import dev.tarn.ask.question.QuestionOutcome;
import dev.tarn.ask.question.QuestionRequest;
import dev.tarn.ask.AskIds;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import dev.tarn.http.JsonBody;
import dev.tarn.http.Route;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

/**
 * The single-turn endpoints: q2s (question to SQL), q2a (to a sentence and the dataframe), q2w (to a
 * chart: Vega-Lite spec, server-rendered SVG and the dataframe), each with its history list. A
 * question the engine will not answer is a 200 with {@code status: "failed"}, its reason, the
 * words it could not place and questions it can answer: the SDK's envelope has these fields.
 */
public final class SingleTurnApi {
    private static final AnswerWriter ANSWERS = new AnswerWriter();
    private static final ChartPlanner CHARTS = new ChartPlanner();
    private static final long MAXIMUM_BODY_BYTES = 64 * 1024;

    private final AskTableRoutes routes;
    private final AskService asks;
    private final AskHistory history;

    public SingleTurnApi(AskTableRoutes routes, AskService asks, AskHistory history) {
        this.routes = routes;
        this.asks = asks;
        this.history = history;
    }

    public List<Route> routes() {
        List<Route> all = new ArrayList<>();
        all.addAll(routes.authenticated(POST, "/single-turn/q2s", this::questionToSql));
        all.addAll(routes.authenticated(POST, "/single-turn/q2a", this::questionToAnswer));
        all.addAll(routes.authenticated(POST, "/single-turn/q2w", this::questionToChart));
        all.addAll(routes.authenticated(GET, "/single-turn/q2s", (context, caller) -> list(context, caller, AskHistory.Kind.Q2S)));
        all.addAll(routes.authenticated(GET, "/single-turn/q2a", (context, caller) -> list(context, caller, AskHistory.Kind.Q2A)));
        all.addAll(routes.authenticated(GET, "/single-turn/q2w", (context, caller) -> list(context, caller, AskHistory.Kind.Q2W)));
        return all;
    }

    private void questionToSql(Context context, AskCaller caller) {
        JsonBody body = JsonBody.read(context, MAXIMUM_BODY_BYTES);
        Instant started = Instant.now();
        QuestionOutcome outcome = asks.toSql(caller, request(body));
        ObjectNode answer = envelope(context, caller, body, outcome, started);
        answer.set("query", AskJson.query(outcome));
        answer.putObject("timing").put("llm_duration", 0).put("total_duration", millisSince(started));
        finish(context, caller, AskHistory.Kind.Q2S, outcome, answer);
    }

    private void questionToAnswer(Context context, AskCaller caller) {
        JsonBody body = JsonBody.read(context, MAXIMUM_BODY_BYTES);
        Instant started = Instant.now();
        QuestionOutcome outcome = asks.answer(caller, request(body), maximumRows(body));
        ObjectNode answer = envelope(context, caller, body, outcome, started);
        answer.set("query", AskJson.query(outcome));
        ObjectNode content = answer.putObject("answer");
        ArrayNode attachments = JsonBody.MAPPER.createArrayNode();
        if (outcome.rows().isPresent()) {
            ResultTable rows = outcome.rows().get();
            content.put("text", ANSWERS.sentence(outcome.answer().orElseThrow().interpretation(), rows));
            ObjectNode frame = AskJson.dataframe(rows, sqlOf(outcome));
            if (body.bool("with_json").orElse(false)) {
                attachments.addObject().put("type", "json").set("info", frame);
            }
            content.set("dataframe", frame);
        } else {
            content.put("text", outcome.refusal().map(refusal -> refusal.message()).orElse(""));
        }
        content.set("attachments", attachments);
        answer.putObject("timing").put("llm_duration", 0).put("accessor_duration", outcome.runTime().toMillis())
                .put("total_duration", millisSince(started));
        finish(context, caller, AskHistory.Kind.Q2A, outcome, answer);
    }

    private void questionToChart(Context context, AskCaller caller) {
        JsonBody body = JsonBody.read(context, MAXIMUM_BODY_BYTES);
        Instant started = Instant.now();
        QuestionOutcome outcome = asks.answer(caller, request(body), maximumRows(body));
        ObjectNode answer = envelope(context, caller, body, outcome, started);
        answer.set("query", AskJson.query(outcome));
        if (outcome.rows().isPresent()) {
            ResultTable rows = outcome.rows().get();
            Chart chart = CHARTS.plan(rows, outcome.answer().orElseThrow().interpretation());
            answer.set("chart", ChartJson.chart(chart));
            answer.put("chart_code", chart.hasChart() ? ChartJson.embeddableCode(chart) : null);
            answer.set("dataframe", AskJson.dataframe(rows, sqlOf(outcome)));
        } else {
            answer.putNull("chart").putNull("chart_code").putNull("dataframe");
        }
        answer.putObject("timing").put("llm_duration", 0).put("accessor_duration", outcome.runTime().toMillis())
                .put("total_duration", millisSince(started));
        finish(context, caller, AskHistory.Kind.Q2W, outcome, answer);
    }

    private void list(Context context, AskCaller caller, AskHistory.Kind kind) {
        caller.require(AskPermission.ASK);
        Optional<String> datasourceId = Optional.ofNullable(context.queryParam("datasource_id"));
        AskTablePage.write(context, history.count(kind, caller, datasourceId),
                (offset, limit) -> history.list(kind, caller, datasourceId, offset, limit), SingleTurnApi::parse);
    }

    private static QuestionRequest request(JsonBody body) {
        return QuestionRequest.single(body.requiredText("datasource_id"), body.requiredText("question"), body.text("role_id"),
                AskJson.roleVariables(body.field("role_variables")));
    }

    private static int maximumRows(JsonBody body) {
        long rows = body.whole("max_rows").orElse(0);
        if (rows < 0) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "max_rows must be 0 (the server's limit) or more");
        }
        return (int) Math.min(rows, Integer.MAX_VALUE);
    }

    private static ObjectNode envelope(Context context, AskCaller caller, JsonBody body, QuestionOutcome outcome, Instant started) {
        ObjectNode answer = JsonBody.MAPPER.createObjectNode();
        String now = Instant.now().toString();
        answer.put("id", AskIds.next("q_")).put("project_id", caller.projectId()).put("created_at", started.toString())
                .put("modified_at", now).put("status", outcome.answered() ? "success" : "failed")
                .put("duration", millisSince(started));
        if (outcome.answered()) {
            answer.putNull("err_msg");
        } else {
            answer.put("err_msg", outcome.refusal().orElseThrow().message());
        }
        Object requestId = context.attribute("request_id");
        answer.put("trace_id", requestId == null ? "" : requestId.toString());
        ObjectNode request = answer.putObject("request");
        body.fieldNames().forEach(name -> body.field(name).ifPresent(value -> request.set(name, value)));
        outcome.answer().ifPresentOrElse(
                translated -> answer.put("interpretation", translated.interpretation()).put("confidence", translated.confidence()),
                () -> answer.putNull("interpretation").put("confidence", 0.0));
        answer.set("refusal", AskJson.refusal(outcome));
        return answer;
    }

    private void finish(Context context, AskCaller caller, AskHistory.Kind kind, QuestionOutcome outcome, ObjectNode answer) {
        answer.put("duration", answer.path("timing").path("total_duration").asLong());
        String document = answer.toString();
        history.record(answer.get("id").asText(), kind, caller, outcome.datasourceId(), document);
        context.contentType("application/json").result(document);
    }

    private static String sqlOf(QuestionOutcome outcome) {
        return outcome.displaySql().orElse(outcome.answer().map(answer -> answer.sql()).orElse(""));
    }

    private static long millisSince(Instant started) {
        return Duration.between(started, Instant.now()).toMillis();
    }

    private static JsonNode parse(String document) {
        try {
            return JsonBody.MAPPER.readTree(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
