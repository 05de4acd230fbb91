package dev.tarn.ask.policy;

import dev.tarn.access.FilteredQuery;
import dev.tarn.access.QueryDialect;
import dev.tarn.access.SelectRowFilter;
import dev.tarn.access.TableAccess;
import dev.tarn.access.TableAccessRules;
import dev.tarn.ask.keys.AskCaller;
import dev.tarn.ask.nl.model.ColumnSchema;
import dev.tarn.ask.nl.model.DatabaseSchema;
import dev.tarn.ask.nl.model.ForeignKey;
import dev.tarn.ask.nl.model.TableSchema;
import dev.tarn.ask.nl.sql.SqlDialect;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The AskTable role rules as the question endpoints use them: which role is in force, which tables
 * and fields it may see, and the SQL of a question with its row filters in place (through
 * {@link SelectRowFilter}, the one place rows are restricted).
 */
public final class AskPolicies {
    private final PolicyStore store;
    private final DatasourceColumns columns;

    public AskPolicies(PolicyStore store, DatasourceColumns columns) {
        this.store = Objects.requireNonNull(store, "store");
        this.columns = Objects.requireNonNull(columns, "columns");
    }

    /**
     * The role in force: a temp token's chat role wins over anything the request names (a token bound
     * to a role cannot be escaped by passing another role_id, nor its variables replaced); else the
     * request's role_id/role_variables (404 for an unknown role); else none (no role = no restriction,
     * as AskTable). A token whose role was deleted since is refused (403), never unrestricted.
     */
    public RoleContext roleFor(AskCaller caller, Optional<String> requestedRoleId, Map<String, String> requestedVariables) {
        Objects.requireNonNull(caller, "caller");
        if (caller.chatRoleId().isPresent()) {
            String id = caller.chatRoleId().get();
            Role role = store.role(caller.projectId(), id).orElseThrow(() -> new TarnException(ErrorCode.PERMISSION_DENIED,
                    "The role " + id + " this token is bound to no longer exists; mint a new token"));
            return new RoleContext(Optional.of(role), store.policiesOf(role), caller.roleVariables());
        }
        Optional<String> requested = requestedRoleId.map(String::trim).filter(id -> !id.isEmpty());
        if (requested.isEmpty()) {
            return RoleContext.none();
        }
        Role role = store.requireRole(caller.projectId(), requested.get());
        Map<String, String> variables = new HashMap<>();
        if (requestedVariables != null) {
            // a null value counts as missing, so a filter that needs it is a 400, not a comparison with NULL
            requestedVariables.forEach((name, value) -> {
                if (name != null && value != null) {
                    variables.put(name, value);
                }
            });
        }
        return new RoleContext(Optional.of(role), store.policiesOf(role), variables);
    }

    /**
     * Tables/fields this role may see: drop tables (and fields) not allowed, deny wins over allow,
     * a role whose allow policies match nothing on a table sees nothing of it (deny by default).
     * Keys and foreign keys that name a dropped field or table are dropped with it.
     */
    public DatabaseSchema visibleSchema(RoleContext role, String datasourceId, String schemaName, DatabaseSchema schema) {
        if (!role.restricted()) {
            return schema;
        }
        Map<String, List<String>> visible = new HashMap<>();
        for (TableSchema table : schema.tables()) {
            List<String> names = table.columns().stream().map(ColumnSchema::name).toList();
            // which rows is the rewrite's business; here only which tables and fields, so variables are not needed
            TableAccess access = TableVisibility.access(role, datasourceId, schemaName, table.name(), Optional.of(names), false);
            if (access instanceof TableAccess.Readable readable) {
                visible.put(table.name(), readable.columns().orElse(names));
            }
        }
        List<TableSchema> tables = new ArrayList<>();
        for (TableSchema table : schema.tables()) {
            List<String> fields = visible.get(table.name());
            if (fields == null) {
                continue;
            }
            List<ColumnSchema> kept = table.columns().stream().filter(column -> fields.contains(column.name())).toList();
            List<String> primaryKey = fields.containsAll(table.primaryKey()) ? table.primaryKey() : List.of();
            List<ForeignKey> foreignKeys = table.foreignKeys().stream()
                    .filter(key -> fields.contains(key.column()) && visible.getOrDefault(key.referencedTable(), List.of()).contains(key.referencedColumn()))
                    .toList();
            tables.add(new TableSchema(table.name(), table.description(), kept, primaryKey, foreignKeys));
        }
        return new DatabaseSchema(schema.dialect(), tables);
    }

    /**
     * The SQL with the role's row filters around every table reference; 403 if it reads a table the
     * role may not see; 400 if a variable a filter needs is missing from the role variables. Without a
     * role the SQL is only checked (one SELECT, no file readers or table functions) and reprinted.
     */
    public ScopedSql scope(RoleContext role, String datasourceId, String schemaName, SqlDialect dialect, String sql, List<Object> parameters) {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(datasourceId, "datasourceId");
        Objects.requireNonNull(schemaName, "schemaName");
        TableAccessRules rules = !role.restricted() ? TableAccessRules.EVERYTHING : reference -> {
            if (reference.catalog().isPresent()) {
                return new TableAccess.Hidden("Under a role, name a table as schema.table or table, not " + reference
                        + ": policies are written for the datasource's own database");
            }
            String schema = reference.schema().orElse(schemaName);
            return TableVisibility.access(role, datasourceId, schema, reference.table(), columns.columns(datasourceId, schema, reference.table()));
        };
        FilteredQuery filtered = SelectRowFilter.filter(sql, parameters, QueryDialect.valueOf(dialect.name()), rules);
        return new ScopedSql(filtered.sql(), filtered.parameters());
    }

    /** The names of the variables the role's row filters need, optionally only those for some datasources. */
    public List<String> variables(Role role, List<String> datasourceIds) {
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        for (Policy policy : store.policiesOf(role)) {
            policy.datasetConfig().parsedRowFilters().forEach((datasource, filters) -> {
                if (datasourceIds.isEmpty() || datasourceIds.contains(datasource)) {
                    filters.forEach(filter -> names.addAll(filter.variables()));
                }
            });
        }
        return List.copyOf(names);
    }
}
