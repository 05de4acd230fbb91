package dev.tarn.http.asktable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarn.ask.keys.AskCaller;
import dev.tarn.ask.keys.AskPermission;
import dev.tarn.ask.question.AskService;
import dev.tarn.ask.question.SynonymRecord;
import dev.tarn.ask.question.SynonymStore;
import dev.tarn.ask.nl.sql.ComparisonOperator;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import dev.tarn.http.JsonBody;
import dev.tarn.http.Route;
import io.javalin.http.Context;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

/**
 * A datasource's linguistic schema, Power BI Q&A style (not in the AskTable SDK, so ours):
 * {@code POST /v1/datasources/{id}/synonyms {phrase, table, column?}} teaches a name for a table or
 * column ("clients" = customers); with {@code value} it teaches a filter ("premium customers" =
 * customers.plan 'premium'). The question engine uses them at once.
 */
public final class SynonymsApi {
    private static final long MAXIMUM_BODY_BYTES = 16 * 1024;

    private final AskTableRoutes routes;
    private final SynonymStore synonyms;
    private final AskService asks;

    public SynonymsApi(AskTableRoutes routes, SynonymStore synonyms, AskService asks) {
        this.routes = routes;
        this.synonyms = synonyms;
        this.asks = asks;
    }

    public List<Route> routes() {
        List<Route> all = new ArrayList<>();
        all.addAll(routes.authenticated(POST, "/datasources/{id}/synonyms", this::add));
        all.addAll(routes.authenticated(GET, "/datasources/{id}/synonyms", this::list));
        all.addAll(routes.authenticated(DELETE, "/datasources/{id}/synonyms/{synonym_id}", this::delete));
        return all;
    }

    private void add(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_TRAINING);
        String datasourceId = context.pathParam("id");
        asks.requireDatasource(caller, datasourceId);
        JsonBody body = JsonBody.read(context, MAXIMUM_BODY_BYTES);
        String table = body.requiredText("table");
        Optional<String> column = body.text("column");
        asks.checkNames(datasourceId, table, column);
        SynonymRecord added = synonyms.add(datasourceId, body.requiredText("phrase"), table, column, body.text("value"), comparison(body));
        context.contentType("application/json").result(json(added).toString());
    }

    private void list(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_TRAINING);
        asks.requireDatasource(caller, context.pathParam("id"));
        AskTablePage.write(context, synonyms.list(context.pathParam("id")), SynonymsApi::json);
    }

    private void delete(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_TRAINING);
        asks.requireDatasource(caller, context.pathParam("id"));
        synonyms.delete(context.pathParam("id"), context.pathParam("synonym_id"));
        context.contentType("application/json").result("{\"deleted\":true}");
    }

    /** operator (one of = <> != > >= < <=) and number, both or neither. */
    private static Optional<SynonymRecord.Comparison> comparison(JsonBody body) {
        Optional<String> operator = body.text("operator");
        Optional<com.fasterxml.jackson.databind.JsonNode> number = body.field("number").filter(node -> !node.isNull());
        if (operator.isEmpty() && number.isEmpty()) {
            return Optional.empty();
        }
        if (operator.isEmpty() || number.isEmpty()) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "a comparison phrasing needs both operator and number, e.g. \">\" and 150000");
        }
        ComparisonOperator parsed = java.util.Arrays.stream(ComparisonOperator.values())
                .filter(candidate -> candidate.symbol().equals(operator.get().trim()) || operator.get().trim().equals("!=") && candidate == ComparisonOperator.NOT_EQUAL)
                .findFirst().orElseThrow(() -> new TarnException(ErrorCode.INVALID_FIELD, "operator must be one of = <> != > >= < <="));
        try {
            return Optional.of(new SynonymRecord.Comparison(parsed, new BigDecimal(number.get().asText().trim())));
        } catch (NumberFormatException notANumber) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "number must be a number, e.g. 150000");
        }
    }

    private static ObjectNode json(SynonymRecord synonym) {
        ObjectNode node = JsonBody.MAPPER.createObjectNode();
        node.put("id", synonym.id()).put("datasource_id", synonym.datasourceId()).put("phrase", synonym.phrase())
                .put("table", synonym.table()).put("column", synonym.column().orElse(null)).put("value", synonym.value().orElse(null))
                .put("operator", synonym.comparison().map(comparison -> comparison.operator().symbol()).orElse(null))
                .put("number", synonym.comparison().map(comparison -> comparison.number()).orElse(null))
                .put("created_at", synonym.createdAt().toString());
        return node;
    }
}
