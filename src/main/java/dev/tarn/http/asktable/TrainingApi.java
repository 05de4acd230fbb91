package dev.tarn.http.asktable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarn.ask.keys.AskCaller;
import dev.tarn.ask.keys.AskPermission;
import dev.tarn.ask.question.AskService;
import dev.tarn.ask.question.TrainingPairRecord;
import dev.tarn.ask.question.TrainingStore;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import dev.tarn.http.JsonBody;
import dev.tarn.http.Route;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.PATCH;
import static io.javalin.http.HandlerType.POST;

/**
 * Question/SQL training pairs ({@code /v1/training?datasource_id=}). A pair is planned on its
 * datasource before it is stored, all pairs of one request or none: a pair that cannot run would
 * otherwise surface only when a question of its shape is asked.
 */
public final class TrainingApi {
    private static final long MAXIMUM_BODY_BYTES = 1024 * 1024;
    private static final int MOST_PAIRS_PER_REQUEST = 500;

    private final AskTableRoutes routes;
    private final TrainingStore training;
    private final AskService asks;

    public TrainingApi(AskTableRoutes routes, TrainingStore training, AskService asks) {
        this.routes = routes;
        this.training = training;
        this.asks = asks;
    }

    public List<Route> routes() {
        List<Route> all = new ArrayList<>();
        all.addAll(routes.authenticated(POST, "/training", this::add));
        all.addAll(routes.authenticated(GET, "/training", this::list));
        all.addAll(routes.authenticated(PATCH, "/training/{id}", this::update));
        all.addAll(routes.authenticated(DELETE, "/training/{id}", this::delete));
        return all;
    }

    private void add(Context context, AskCaller caller) throws IOException {
        caller.require(AskPermission.MANAGE_TRAINING);
        String datasourceId = datasourceId(context, caller);
        JsonNode body = readArray(context);
        record Pending(String question, String sql, boolean active, Optional<String> roleId) {
        }
        List<Pending> pending = new ArrayList<>();
        for (JsonNode item : body) {
            String question = text(item, "question").orElseThrow(() -> missing("question"));
            String sql = text(item, "sql").orElseThrow(() -> missing("sql"));
            Optional<String> roleId = text(item, "role_id");
            TrainingStore.checkPair(Optional.of(question), Optional.of(sql), roleId);
            try {
                asks.checkRunnable(datasourceId, sql);
            } catch (TarnException failed) {
                if (failed.kind() == dev.tarn.error.ErrorKind.NOT_FOUND) throw failed;
                throw new TarnException(ErrorCode.TRAINING_PAIR_INVALID, "The SQL of \"" + question + "\" cannot run on datasource "
                        + datasourceId + ": " + failed.getMessage());
            }
            pending.add(new Pending(question, sql, active(item), roleId));
        }
        ArrayNode answer = JsonBody.MAPPER.createArrayNode();
        for (Pending pair : pending) {
            answer.add(json(training.add(caller.projectId(), datasourceId, pair.question(), pair.sql(), pair.active(), pair.roleId())));
        }
        context.contentType("application/json").result(answer.toString());
    }

    private void list(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_TRAINING);
        AskTablePage.write(context, training.list(datasourceId(context, caller)), TrainingApi::json);
    }

    private void update(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_TRAINING);
        String datasourceId = datasourceId(context, caller);
        JsonBody body = JsonBody.read(context, MAXIMUM_BODY_BYTES);
        Optional<String> sql = body.text("sql");
        TrainingStore.checkPair(body.text("question"), sql, Optional.empty());
        sql.ifPresent(text -> {
            try {
                asks.checkRunnable(datasourceId, text);
            } catch (TarnException failed) {
                throw new TarnException(ErrorCode.TRAINING_PAIR_INVALID, "The new SQL cannot run on datasource " + datasourceId + ": " + failed.getMessage());
            }
        });
        TrainingPairRecord pair = training.update(datasourceId, context.pathParam("id"), body.text("question"), sql, body.bool("active"));
        context.contentType("application/json").result(json(pair).toString());
    }

    private void delete(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_TRAINING);
        training.delete(datasourceId(context, caller), context.pathParam("id"));
        context.contentType("application/json").result("{\"deleted\":true}");
    }

    /** The datasource_id query parameter, naming a datasource of the caller's project (404 otherwise). */
    private String datasourceId(Context context, AskCaller caller) {
        String id = context.queryParam("datasource_id");
        if (id == null || id.isBlank()) {
            throw new TarnException(ErrorCode.MISSING_FIELD, "datasource_id is required as a query parameter: /v1/training?datasource_id=ds_…");
        }
        asks.requireDatasource(caller, id);
        return id;
    }

    private static JsonNode readArray(Context context) throws IOException {
        byte[] bytes = context.req().getInputStream().readNBytes((int) MAXIMUM_BODY_BYTES + 1);
        if (bytes.length > MAXIMUM_BODY_BYTES) {
            // read what is left (within reason) so the client, still sending, gets to read the 413
            JsonBody.drain(context.req().getInputStream());
            throw new TarnException(ErrorCode.STATEMENT_TOO_LARGE, "The body is larger than " + MAXIMUM_BODY_BYTES + " bytes: send fewer pairs at once");
        }
        JsonNode body;
        try {
            body = JsonBody.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new TarnException(ErrorCode.INVALID_JSON, "The body is not valid JSON: send an array of {question, sql}");
        }
        if (body == null || !body.isArray() || body.isEmpty()) {
            throw new TarnException(ErrorCode.INVALID_JSON, "The body must be a non-empty array of {question, sql}");
        }
        if (body.size() > MOST_PAIRS_PER_REQUEST) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "At most " + MOST_PAIRS_PER_REQUEST + " pairs per request");
        }
        return body;
    }

    private static Optional<String> text(JsonNode item, String field) {
        JsonNode value = item.get(field);
        if (value == null || value.isNull()) return Optional.empty();
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new TarnException(ErrorCode.INVALID_FIELD, field + " must be a non-empty string");
        }
        return Optional.of(value.asText());
    }

    /** active is true unless the pair says false; "no" or 0 would otherwise be read as true. */
    private static boolean active(JsonNode item) {
        JsonNode value = item.get("active");
        if (value == null || value.isNull()) return true;
        if (!value.isBoolean()) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "active must be true or false, not " + value);
        }
        return value.asBoolean();
    }

    private static TarnException missing(String field) {
        return new TarnException(ErrorCode.MISSING_FIELD, "Every pair needs " + field);
    }

    static ObjectNode json(TrainingPairRecord pair) {
        ObjectNode node = JsonBody.MAPPER.createObjectNode();
        node.put("id", pair.id()).put("project_id", pair.projectId()).put("datasource_id", pair.datasourceId())
                .put("question", pair.question()).put("sql", pair.sql()).put("active", pair.active()).put("source", pair.source())
                .put("role_id", pair.roleId().orElse(null)).putNull("chat_id").putNull("msg_id")
                .put("created_at", pair.createdAt().toString()).put("modified_at", pair.modifiedAt().toString());
        return node;
    }
}
