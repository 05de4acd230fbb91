package dev.tarn.http.asktable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarn.ask.ResultTable;
import dev.tarn.ask.ResultTableJson;
import dev.tarn.ask.nl.Translation;
import dev.tarn.ask.question.QuestionOutcome;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import dev.tarn.http.JsonBody;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** JSON pieces every question answer shares: the dataframe, the query, the refusal, the role variables. */
public final class AskJson {
    private AskJson() {
    }

    /** The SDK's dataframe: {header, types, content, row_count, truncated, sql}. */
    public static ObjectNode dataframe(ResultTable table, String sql) {
        return ResultTableJson.dataframe(table).put("sql", sql);
    }

    static void addValue(ArrayNode cells, Object value) {
        ResultTableJson.addValue(cells, value);
    }

    /** {sql, parameterized_sql, params}: {@code sql} has the values written in, when it could be re-printed. */
    public static ObjectNode query(QuestionOutcome outcome) {
        ObjectNode query = JsonBody.MAPPER.createObjectNode();
        Optional<Translation.Answer> answer = outcome.answer();
        if (answer.isEmpty()) {
            query.putNull("sql").putNull("parameterized_sql").putArray("params");
            return query;
        }
        query.put("sql", outcome.displaySql().orElse(answer.get().sql()));
        query.put("parameterized_sql", answer.get().sql());
        ArrayNode params = query.putArray("params");
        answer.get().parameters().forEach(value -> addValue(params, value));
        query.put("dialect", outcome.dialect().name().toLowerCase(java.util.Locale.ROOT));
        return query;
    }

    /** Why the engine did not answer: the reason, the words it could not place, questions it can answer. */
    public static JsonNode refusal(QuestionOutcome outcome) {
        Optional<Translation.Refusal> refusal = outcome.refusal();
        if (refusal.isEmpty()) {
            return JsonBody.MAPPER.nullNode();
        }
        ObjectNode node = JsonBody.MAPPER.createObjectNode();
        node.put("reason", refusal.get().reason().name().toLowerCase(java.util.Locale.ROOT)).put("message", refusal.get().message());
        refusal.get().unplacedWords().forEach(node.putArray("unplaced_words")::add);
        ArrayNode suggestions = node.putArray("suggestions");
        refusal.get().suggestions().forEach(suggestions::add);
        return node;
    }

    /** role_variables: an object of strings (numbers and booleans are taken as their text, as AskTable does). */
    public static Map<String, String> roleVariables(Optional<JsonNode> field) {
        Map<String, String> variables = new LinkedHashMap<>();
        if (field.isEmpty() || field.get().isNull()) {
            return variables;
        }
        if (!field.get().isObject()) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "role_variables must be an object of names to values");
        }
        field.get().properties().forEach(entry -> {
            JsonNode value = entry.getValue();
            if (!value.isValueNode() || value.isNull()) {
                throw new TarnException(ErrorCode.INVALID_FIELD, "role_variables." + entry.getKey() + " must be a string, number or boolean");
            }
            variables.put(entry.getKey(), value.asText());
        });
        return variables;
    }
}
