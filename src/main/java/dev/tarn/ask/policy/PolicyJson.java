package dev.tarn.ask.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Roles and policies in AskTable's JSON shapes (the SDK's Role and PolicyOut), both ways. */
public final class PolicyJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PolicyJson() {
    }

    public static ObjectNode role(Role role) {
        ObjectNode json = MAPPER.createObjectNode().put("id", role.id()).put("project_id", role.projectId()).put("name", role.name())
                .put("description", role.description());
        ArrayNode policies = json.putArray("policy_ids");
        role.policyIds().forEach(policies::add);
        return json.put("created_at", role.createdAt().toString()).put("modified_at", role.modifiedAt().toString());
    }

    public static ObjectNode policy(Policy policy) {
        ObjectNode json = MAPPER.createObjectNode().put("id", policy.id()).put("project_id", policy.projectId())
                .put("name", policy.name()).put("description", policy.description()).put("permission", policy.permission().wireName());
        json.set("dataset_config", datasetConfig(policy.datasetConfig()));
        return json.put("created_at", policy.createdAt().toString()).put("modified_at", policy.modifiedAt().toString());
    }

    public static ObjectNode datasetConfig(DatasetConfig config) {
        ObjectNode json = MAPPER.createObjectNode();
        ArrayNode datasources = json.putArray("datasource_ids");
        config.datasourceIds().forEach(datasources::add);
        RegexPatterns patterns = config.regexPatterns();
        json.putObject("regex_patterns").put("schemas_regex_pattern", patterns.schemasRegexPattern())
                .put("tables_regex_pattern", patterns.tablesRegexPattern()).put("fields_regex_pattern", patterns.fieldsRegexPattern());
        ObjectNode filters = json.putObject("rows_filters");
        config.rowsFilters().forEach((datasource, list) -> {
            ArrayNode entries = filters.putArray(datasource);
            list.forEach(entries::add);
        });
        return json;
    }

    /** Reads a dataset_config object; 400 saying which part is malformed. */
    public static DatasetConfig datasetConfig(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw invalid("dataset_config must be an object {datasource_ids, regex_patterns?, rows_filters?}");
        }
        List<String> datasources = strings(json.get("datasource_ids"), "dataset_config.datasource_ids");
        RegexPatterns patterns = RegexPatterns.EVERYTHING;
        JsonNode regex = json.get("regex_patterns");
        if (regex != null && !regex.isNull()) {
            if (!regex.isObject()) {
                throw invalid("dataset_config.regex_patterns must be an object {schemas_regex_pattern, tables_regex_pattern, fields_regex_pattern}");
            }
            patterns = new RegexPatterns(text(regex, "schemas_regex_pattern"), text(regex, "tables_regex_pattern"),
                    text(regex, "fields_regex_pattern"));
        }
        Map<String, List<String>> filters = new LinkedHashMap<>();
        JsonNode rows = json.get("rows_filters");
        if (rows != null && !rows.isNull()) {
            if (!rows.isObject()) {
                throw invalid("dataset_config.rows_filters must be an object {datasource_id: [\"<schema>.<table>.<field> <operator> <value>\", …]}");
            }
            rows.fields().forEachRemaining(entry -> filters.put(entry.getKey(), strings(entry.getValue(), "rows_filters." + entry.getKey())));
        }
        return new DatasetConfig(datasources, patterns, filters);
    }

    /** The dataset_config as stored text. */
    static String write(DatasetConfig config) {
        return datasetConfig(config).toString();
    }

    static DatasetConfig read(String stored) {
        try {
            return datasetConfig(MAPPER.readTree(stored));
        } catch (JsonProcessingException e) {
            throw new TarnException(ErrorCode.INTERNAL_ERROR, "a stored dataset_config is not JSON: " + e.getOriginalMessage());
        }
    }

    static String writeList(List<String> values) {
        ArrayNode array = MAPPER.createArrayNode();
        values.forEach(array::add);
        return array.toString();
    }

    static List<String> readList(String stored) {
        try {
            return strings(MAPPER.readTree(stored), "stored list");
        } catch (JsonProcessingException e) {
            throw new TarnException(ErrorCode.INTERNAL_ERROR, "a stored list is not JSON: " + e.getOriginalMessage());
        }
    }

    /** A list of strings, or 400 naming the field. */
    public static List<String> strings(JsonNode json, String field) {
        if (json == null || json.isNull()) {
            return List.of();
        }
        if (!json.isArray()) {
            throw new TarnException(ErrorCode.INVALID_FIELD, field + " must be a list of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : json) {
            if (!item.isTextual()) {
                throw new TarnException(ErrorCode.INVALID_FIELD, field + " must hold only strings, not " + item);
            }
            values.add(item.asText());
        }
        return values;
    }

    private static String text(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            throw invalid("regex_patterns." + field + " must be a string");
        }
        return value.asText();
    }

    private static TarnException invalid(String message) {
        return new TarnException(ErrorCode.ASK_INVALID_POLICY, message);
    }
}
