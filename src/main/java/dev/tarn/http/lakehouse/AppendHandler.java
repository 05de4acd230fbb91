package dev.tarn.http.lakehouse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarn.auth.Principal;
import dev.tarn.config.TarnConfig;
import dev.tarn.engine.TableName;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import dev.tarn.http.JsonBody;
import dev.tarn.ingest.AppendOutcome;
import dev.tarn.ingest.AppendService;
import dev.tarn.ingest.TaskStatus;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * POST /append answers {"ok", "error_code", "error_message", "task_id"}, with error codes only
 * invalid-data and incompatible-schema (the Java SDK fails to parse any other); GET /tasks/{id}.
 */
public final class AppendHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AppendService appends;
    private final TarnConfig.IngestSettings settings;

    public AppendHandler(AppendService appends, TarnConfig.IngestSettings settings) {
        this.appends = appends;
        this.settings = settings;
    }

    void append(Context context, Principal principal) {
        try {
            TableName table = TableName.of(context.queryParam("catalog"), context.queryParam("schema"), context.queryParam("table"));
            boolean sync = "true".equalsIgnoreCase(context.queryParam("sync"));
            AppendOutcome outcome = appends.append(principal, table, body(context), sync);
            if (outcome.failure().isPresent()) {
                answer(context, 200, false, Optional.of("invalid-data"), outcome.failure(), outcome.taskId());
            } else {
                answer(context, 200, true, Optional.empty(), Optional.empty(), outcome.taskId());
            }
        } catch (TarnException e) {
            switch (e.code()) {
                case APPEND_INCOMPATIBLE_SCHEMA -> answer(context, 400, false, Optional.of("incompatible-schema"), Optional.of(e.getMessage()), Optional.empty());
                case APPEND_INVALID_DATA, INVALID_FIELD, MISSING_FIELD -> answer(context, 400, false, Optional.of("invalid-data"), Optional.of(e.getMessage()), Optional.empty());
                case APPEND_TOO_LARGE -> answer(context, 413, false, Optional.of("invalid-data"), Optional.of(e.getMessage()), Optional.empty());
                // the Rust SDK's tests expect a missing catalog as ok:false on a 200
                case CATALOG_MISSING -> answer(context, 200, false, Optional.of("invalid-data"), Optional.of(e.getMessage()), Optional.empty());
                default -> throw e;
            }
        }
    }

    void task(Context context, Principal principal) {
        UUID id;
        try {
            id = UUID.fromString(context.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw new TarnException(ErrorCode.INVALID_TASK_ID, "The task id '" + context.pathParam("id") + "' is not a UUID");
        }
        TaskStatus status = appends.task(id);
        ObjectNode body = JSON.createObjectNode().put("task_id", id.toString()).put("status", status.name().toLowerCase(Locale.ROOT));
        context.contentType("application/json").result(body.toString());
    }

    private byte[] body(Context context) {
        long limit = settings.appendMaxBodyBytes();
        try (InputStream input = context.req().getInputStream()) {
            byte[] bytes = input.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                // the client may still be sending: read the rest (within reason) so it sees the 413, not a reset
                JsonBody.drain(input);
                throw tooLarge(limit);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the append body", e);
        }
    }

    private static TarnException tooLarge(long limit) {
        return new TarnException(ErrorCode.APPEND_TOO_LARGE, "The body is larger than " + limit
                + " bytes; split it into smaller batches (the limit is ingest.append_max_body_bytes)");
    }

    private static void answer(Context context, int status, boolean ok, Optional<String> errorCode, Optional<String> message, Optional<UUID> taskId) {
        ObjectNode body = JSON.createObjectNode();
        body.put("ok", ok);
        body.put("error_code", errorCode.orElse(null));
        body.put("error_message", message.orElse(null));
        body.put("task_id", taskId.map(UUID::toString).orElse(null));
        if (status == 413) {
            context.header("Connection", "close");
        }
        context.status(status).contentType("application/json").result(body.toString());
    }
}
