package dev.tarn.ask.policy;

import dev.tarn.access.RowFilter;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a policy is about: which datasources ({@code *} for all), which schemas, tables and fields
 * (regular expressions), and, on allow policies, which rows, per datasource
 * ({@code rows_filters: {ds_id: ["<schema>.<table>.<field> <operator> <value>", …]}}). Row filters are
 * parsed here, so a policy that exists has only valid ones.
 */
public final class DatasetConfig {
    public static final String EVERY_DATASOURCE = "*";
    private static final int MAXIMUM_FILTERS = 200;

    private final List<String> datasourceIds;
    private final RegexPatterns regexPatterns;
    private final Map<String, List<String>> rowsFilters;
    private final Map<String, List<RowFilter>> parsedRowsFilters;

    /** Fails with 400 (ASK_INVALID_POLICY or ROW_FILTER_INVALID) saying what to change. */
    public DatasetConfig(List<String> datasourceIds, RegexPatterns regexPatterns, Map<String, List<String>> rowsFilters) {
        this.datasourceIds = List.copyOf(datasourceIds);
        this.regexPatterns = Objects.requireNonNull(regexPatterns, "regexPatterns");
        Map<String, List<String>> texts = new LinkedHashMap<>();
        Map<String, List<RowFilter>> parsed = new LinkedHashMap<>();
        rowsFilters.forEach((datasource, filters) -> {
            texts.put(datasource, List.copyOf(filters));
            parsed.put(datasource, filters.stream().map(RowFilter::parse).toList());
        });
        this.rowsFilters = Collections.unmodifiableMap(texts);
        this.parsedRowsFilters = Collections.unmodifiableMap(parsed);
        validate(this.datasourceIds, this.rowsFilters);
    }

    public List<String> datasourceIds() {
        return datasourceIds;
    }

    public RegexPatterns regexPatterns() {
        return regexPatterns;
    }

    /** The row filters as written, by datasource id. */
    public Map<String, List<String>> rowsFilters() {
        return rowsFilters;
    }

    public boolean appliesTo(String datasourceId) {
        return datasourceIds.contains(EVERY_DATASOURCE) || datasourceIds.contains(datasourceId);
    }

    /** The parsed row filters, by datasource id. */
    public Map<String, List<RowFilter>> parsedRowFilters() {
        return parsedRowsFilters;
    }

    /** The parsed row filters of one datasource (none when it has none). */
    public List<RowFilter> rowFilters(String datasourceId) {
        return parsedRowsFilters.getOrDefault(datasourceId, List.of());
    }

    public boolean hasRowFilters() {
        return parsedRowsFilters.values().stream().anyMatch(filters -> !filters.isEmpty());
    }

    private static void validate(List<String> datasourceIds, Map<String, List<String>> rowsFilters) {
        if (datasourceIds.isEmpty()) {
            throw invalid("dataset_config.datasource_ids is required: list the datasource ids, or [\"*\"] for all");
        }
        for (String id : datasourceIds) {
            if (id == null || id.isBlank() || id.length() > 128) {
                throw invalid("dataset_config.datasource_ids holds an empty or overlong id");
            }
        }
        int count = 0;
        for (Map.Entry<String, List<String>> entry : rowsFilters.entrySet()) {
            String datasource = entry.getKey();
            if (datasource.equals(EVERY_DATASOURCE)) {
                throw invalid("rows_filters cannot apply to every datasource (\"*\"): name the datasource id, since a filter is written "
                        + "for the schemas and columns of one datasource");
            }
            if (!datasourceIds.contains(datasource) && !datasourceIds.contains(EVERY_DATASOURCE)) {
                throw invalid("rows_filters names the datasource " + datasource + ", which is not in datasource_ids; add it there");
            }
            count += entry.getValue().size();
        }
        if (count > MAXIMUM_FILTERS) {
            throw invalid("a policy may hold at most " + MAXIMUM_FILTERS + " row filters");
        }
    }

    private static TarnException invalid(String message) {
        return new TarnException(ErrorCode.ASK_INVALID_POLICY, message);
    }
}
