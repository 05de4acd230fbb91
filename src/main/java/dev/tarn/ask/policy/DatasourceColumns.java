package dev.tarn.ask.policy;

import java.util.List;
import java.util.Optional;

/**
 * The column names of a datasource's table, from its metadata: row filters with a wildcard field
 * ({@code *.*.*uid*}) and policies that hide fields need them. Where they are unknown such a table is
 * hidden rather than shown unfiltered.
 */
@FunctionalInterface
public interface DatasourceColumns {
    Optional<List<String>> columns(String datasourceId, String schemaName, String tableName);

    /** No metadata: tables that need their columns to be filtered are hidden. */
    DatasourceColumns UNKNOWN = (datasourceId, schemaName, tableName) -> Optional.empty();
}
