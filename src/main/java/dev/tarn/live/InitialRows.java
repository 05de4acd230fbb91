package dev.tarn.live;

import dev.tarn.auth.Principal;
import dev.tarn.engine.Column;
import dev.tarn.realtime.RealtimeSqlService;
import dev.tarn.realtime.SqlResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a subscription's initial rows as the subscriber, through the realtime SQL service, so the
 * statement guard, shared-table access levels and per-user scoping decide what it may see; each
 * row comes with its version {@code _seq}, which the schema leaves out.
 */
final class InitialRows {
    private final RealtimeSqlService realtimeSql;

    InitialRows(RealtimeSqlService realtimeSql) {
        this.realtimeSql = realtimeSql;
    }

    /** Rows of the initial data and their row versions; the schema leaves the version column out. */
    record Batch(List<Column> columns, List<Map<String, Object>> rows, List<Long> versions) {
    }

    /** Reads up to {@code limit} + 1 rows (0: none, only checks) as the subscriber, through the realtime SQL service. */
    Batch read(Principal principal, LiveQuery query, String versionCondition, String order, int limit) {
        String sql = "SELECT " + query.projection() + ", " + LiveQuery.quote(ChangeMatcher.SEQUENCE) + " AS " + LiveQuery.quote(ChangeMatcher.SEQ_COLUMN)
                + " FROM " + LiveQuery.quote(query.namespace()) + "." + LiveQuery.quote(query.table()) + " AS " + LiveQuery.quote(query.alias())
                + " WHERE " + query.predicate().map(p -> "(" + p + ") AND ").orElse("") + versionCondition + " " + order
                + " LIMIT " + (limit == 0 ? 0 : limit + 1);
        List<SqlResult> results = realtimeSql.execute(principal, sql, List.of(), Optional.of(query.namespace()));
        SqlResult result = results.get(results.size() - 1);
        int seqIndex = -1;
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < result.columns().size(); i++) {
            Column column = result.columns().get(i);
            if (column.name().equals(ChangeMatcher.SEQ_COLUMN)) {
                seqIndex = i;
            } else {
                columns.add(column);
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>(result.rows().size());
        List<Long> versions = new ArrayList<>(result.rows().size());
        for (Object[] values : result.rows()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < values.length; i++) {
                if (i != seqIndex) {
                    row.put(result.columns().get(i).name(), values[i]);
                }
            }
            rows.add(row);
            versions.add(((Number) values[seqIndex]).longValue());
        }
        return new Batch(columns, rows, versions);
    }
}
