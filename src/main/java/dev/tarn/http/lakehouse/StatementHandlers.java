package dev.tarn.http.lakehouse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarn.auth.Principal;
import dev.tarn.config.TarnConfig;
import dev.tarn.error.ErrorKind;
import dev.tarn.error.TarnException;
import dev.tarn.http.JsonBody;
import dev.tarn.query.PlanSummary;
import dev.tarn.query.QueryService;
import dev.tarn.query.Suggestion;
import io.javalin.http.Context;

import java.util.List;
import java.util.Optional;

/**
 * POST /validate, /explain and /autocomplete: they look at a statement without running it, and
 * report problems with the SQL in their 200 answer, never as an HTTP error.
 */
public final class StatementHandlers {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_SUGGESTIONS = 20;
    private static final int MAXIMUM_SUGGESTIONS = 200;

    private final QueryService queries;
    private final TarnConfig.QuerySettings settings;

    public StatementHandlers(QueryService queries, TarnConfig.QuerySettings settings) {
        this.queries = queries;
        this.settings = settings;
    }

    void validate(Context context, Principal principal) {
        JsonBody body = JsonBody.read(context, settings.maxBodyBytes());
        String statement = body.requiredText("statement");
        Optional<String> problem = queries.validate(principal, statement, body.text("catalog"), body.text("schema"));
        ObjectNode answer = JSON.createObjectNode();
        answer.put("valid", problem.isEmpty());
        answer.put("statement", statement);
        answer.putObject("connections_errors");
        answer.put("error", problem.orElse(null));
        context.contentType("application/json").result(answer.toString());
    }

    void explain(Context context, Principal principal) {
        JsonBody body = JsonBody.read(context, settings.maxBodyBytes());
        String statement = body.requiredText("statement");
        boolean includePlan = body.bool("include_plan").orElse(false);
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode tables = answer.putArray("tables");
        answer.put("statement", statement.trim());
        answer.putObject("connections_errors");
        try {
            PlanSummary summary = PlanSummary.of(queries.plan(principal, statement, body.text("catalog"), body.text("schema")));
            for (PlanSummary.TableScan scan : summary.tables()) {
                ObjectNode table = tables.addObject().put("table_name", scan.tableName());
                if (scan.estimatedRows().isPresent()) {
                    table.put("estimated_rows", scan.estimatedRows().getAsLong());
                } else {
                    table.putNull("estimated_rows");
                }
                scan.filters().ifPresent(filters -> table.put("filters", filters));
            }
            if (includePlan) {
                answer.set("plan", summary.plan());
            }
        } catch (TarnException e) {
            if (e.kind() == ErrorKind.INTERNAL || e.kind() == ErrorKind.UNAVAILABLE) {
                throw e;
            }
            answer.put("error", e.getMessage());
        }
        context.contentType("application/json").result(answer.toString());
    }

    void autocomplete(Context context, Principal principal) {
        JsonBody body = JsonBody.read(context, settings.maxBodyBytes());
        String statement = body.requiredText("statement");
        long requested = body.whole("max_suggestions").orElse(0);
        int maximum = requested <= 0 ? DEFAULT_SUGGESTIONS : (int) Math.min(requested, MAXIMUM_SUGGESTIONS);
        List<Suggestion> suggestions = queries.complete(principal, statement, body.text("catalog"), body.text("schema"), maximum);
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode list = answer.putArray("suggestions");
        for (Suggestion suggestion : suggestions) {
            ObjectNode item = list.addObject()
                    .put("suggestion", suggestion.text())
                    .put("suggestion_start", suggestion.start())
                    .put("suggestion_type", suggestion.type())
                    .put("suggestion_score", suggestion.score());
            suggestion.extraCharacter().ifPresent(extra -> item.put("extra_char", extra));
        }
        answer.put("statement", statement.trim());
        answer.putObject("connections_errors");
        context.contentType("application/json").result(answer.toString());
    }
}
