package dev.tarn.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The tables a plan scans, read from DuckDB's JSON plan: what POST /explain reports. */
public record PlanSummary(List<TableScan> tables, JsonNode plan) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public PlanSummary {
        tables = List.copyOf(tables);
    }

    /** One scanned table with the engine's row estimate and the filters pushed into the scan. */
    public record TableScan(String tableName, OptionalLong estimatedRows, Optional<String> filters) {
    }

    public static PlanSummary of(String planJson) {
        JsonNode plan;
        try {
            plan = JSON.readTree(planJson);
        } catch (Exception e) {
            throw new TarnException(ErrorCode.INTERNAL_ERROR, "the engine returned a plan that is not JSON", e);
        }
        List<TableScan> scans = new ArrayList<>();
        collect(plan, scans);
        return new PlanSummary(scans, plan);
    }

    private static void collect(JsonNode node, List<TableScan> scans) {
        if (node.isArray()) {
            node.forEach(child -> collect(child, scans));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        JsonNode info = node.path("extra_info");
        if (info.hasNonNull("Table")) {
            String estimate = info.path("Estimated Cardinality").asText("");
            OptionalLong rows = estimate.matches("\\d+") ? OptionalLong.of(Long.parseLong(estimate)) : OptionalLong.empty();
            JsonNode filters = info.path("Filters");
            Optional<String> filterText = filters.isMissingNode() || filters.isNull() ? Optional.empty()
                    : Optional.of(filters.isArray() ? joined(filters) : filters.asText());
            scans.add(new TableScan(info.get("Table").asText(), rows, filterText));
        }
        collect(node.path("children"), scans);
    }

    private static String joined(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(part -> parts.add(part.asText()));
        return String.join(" AND ", parts);
    }
}
