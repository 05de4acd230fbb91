package dev.tarn.ask.policy;

import dev.tarn.ask.keys.AskCaller;
import dev.tarn.ask.nl.model.DatabaseSchema;
import dev.tarn.ask.nl.sql.SqlDialect;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** PLACEHOLDER until branch ask-policies is merged. */
public final class AskPolicies {
    public RoleContext roleFor(AskCaller caller, Optional<String> requestedRoleId, Map<String, String> requestedVariables) {
        throw new UnsupportedOperationException();
    }

    public DatabaseSchema visibleSchema(RoleContext role, String datasourceId, String schemaName, DatabaseSchema schema) {
        throw new UnsupportedOperationException();
    }

    public ScopedSql scope(RoleContext role, String datasourceId, String schemaName, SqlDialect dialect, String sql, List<Object> parameters) {
        throw new UnsupportedOperationException();
    }
}
