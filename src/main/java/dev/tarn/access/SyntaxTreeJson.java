package dev.tarn.access;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.HashSet;
import java.util.Set;

/**
 * DuckDB's JSON syntax trees (from {@code json_serialize_sql}) as Jackson nodes. Numbers are kept
 * exactly as DuckDB wrote them (query locations are unsigned 64-bit, sample sizes decimals), so a
 * tree written back is the tree DuckDB gave.
 */
final class SyntaxTreeJson {
    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    // DuckDB allows expressions 1000 deep, and each level is several JSON levels.
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(20_000).build())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private SyntaxTreeJson() {
    }

    static ObjectNode read(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            throw new TarnException(ErrorCode.INTERNAL_ERROR, "the engine returned an unreadable syntax tree: " + e.getOriginalMessage(), e);
        }
        throw new TarnException(ErrorCode.INTERNAL_ERROR, "the engine returned a syntax tree that is not a JSON object");
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new TarnException(ErrorCode.INTERNAL_ERROR, "cannot write a syntax tree: " + e.getOriginalMessage(), e);
        }
    }

    /** Whether DuckDB could not serialise the text; it says why in {@code error_message}. */
    static boolean isError(ObjectNode root) {
        return root.path("error").asBoolean(false);
    }

    static String errorMessage(ObjectNode root) {
        return root.path("error_message").asText("the statement cannot be parsed");
    }

    /** DuckDB parsed the text but serialises SELECT statements only (INSERT, UPDATE, DELETE, DDL, …). */
    static boolean isOtherThanSelect(ObjectNode root) {
        return isError(root) && errorMessage(root).contains("Only SELECT statements can be serialized");
    }

    static ArrayNode statements(ObjectNode root) {
        if (root.get("statements") instanceof ArrayNode statements) {
            return statements;
        }
        throw new TarnException(ErrorCode.INTERNAL_ERROR, "the engine returned a syntax tree without statements");
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : "";
    }

    /**
     * Whether two trees are equal apart from where their parts were in the text: a tree read back from
     * SQL text has other positions than the tree that text was written from.
     */
    static boolean sameApartFromPositions(JsonNode left, JsonNode right) {
        if (left instanceof ObjectNode leftObject && right instanceof ObjectNode rightObject) {
            Set<String> names = fieldNames(leftObject);
            if (!names.equals(fieldNames(rightObject))) {
                return false;
            }
            return names.stream().allMatch(name -> sameApartFromPositions(leftObject.get(name), rightObject.get(name)));
        }
        if (left instanceof ArrayNode leftArray && right instanceof ArrayNode rightArray) {
            if (leftArray.size() != rightArray.size()) {
                return false;
            }
            for (int i = 0; i < leftArray.size(); i++) {
                if (!sameApartFromPositions(leftArray.get(i), rightArray.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return left.equals(right);
    }

    private static Set<String> fieldNames(ObjectNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        names.remove("query_location");
        names.remove("query_location_length");
        return names;
    }
}
