package dev.tarn.http.lakehouse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarn.auth.Principal;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import dev.tarn.query.QueryLog;
import dev.tarn.query.QueryRecord;
import io.javalin.http.Context;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** GET /query/{id} shows a query log entry; DELETE /query/{id}?session_id= cancels the query. */
public final class QueryLogHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final QueryLog log;

    public QueryLogHandler(QueryLog log) {
        this.log = log;
    }

    void show(Context context, Principal principal) {
        UUID id = id(context);
        QueryRecord record = log.find(id, principal)
                .orElseThrow(() -> new TarnException(ErrorCode.QUERY_NOT_FOUND, "No query with id " + id));
        context.json(render(record));
    }

    void cancel(Context context, Principal principal) {
        UUID id = id(context);
        String sessionId = Optional.ofNullable(context.queryParam("session_id")).filter(s -> !s.isBlank())
                .orElseThrow(() -> new TarnException(ErrorCode.MISSING_FIELD, "The query parameter 'session_id' is required to cancel a query"));
        QueryLog.CancelOutcome outcome = log.cancel(id, sessionId, principal);
        ObjectNode body = JSON.createObjectNode().put("cancelled", outcome.cancelled()).put("message", outcome.message());
        context.contentType("application/json").result(body.toString());
    }

    private static UUID id(Context context) {
        String text = context.pathParam("id");
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new TarnException(ErrorCode.INVALID_QUERY_ID, "The query id '" + text + "' is not a UUID");
        }
    }

    private static String render(QueryRecord record) {
        ObjectNode body = JSON.createObjectNode();
        body.put("uuid", record.id().toString());
        body.put("start_time", record.startTime().toString());
        body.put("end_time", record.endTime().map(Instant::toString).orElse(null));
        if (record.durationMillis().isPresent()) {
            body.put("duration_ms", record.durationMillis().getAsLong());
        } else {
            body.putNull("duration_ms");
        }
        body.put("query", record.query());
        body.put("session_id", record.sessionId());
        body.put("client_interface", record.clientInterface().name());
        body.put("visible", record.visible());
        body.put("error", record.error().orElse(null));
        body.put("requested_by", record.requestedBy().orElse(null));
        body.put("user_agent", record.userAgent().orElse(null));
        body.putNull("stats");
        record.progress().ifPresentOrElse(progress -> body.putObject("progress")
                        .put("percentage", progress.percentage())
                        .put("rows_processed", progress.rowsProcessed())
                        .put("total_rows", progress.totalRows()),
                () -> body.putNull("progress"));
        return body.toString();
    }
}
