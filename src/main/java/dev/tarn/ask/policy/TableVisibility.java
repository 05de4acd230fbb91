package dev.tarn.ask.policy;

import dev.tarn.access.BoundCondition;
import dev.tarn.access.FieldPattern;
import dev.tarn.access.RowFilter;
import dev.tarn.access.TableAccess;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a role sees of one table of one datasource, by AskTable's rules. A table is hidden unless an
 * allow policy covers it (deny by default); a deny policy covering it hides it, or only the fields it
 * names when it names fields (deny beats allow). Visible rows: each allow policy that covers the
 * table grants the rows that pass all of its row filters for that table, and a row is visible when
 * any policy grants it (policies add up, as permissive row policies of PostgreSQL and ClickHouse do);
 * an allow policy with no filter for the table grants every row.
 */
final class TableVisibility {
    private TableVisibility() {
    }

    static TableAccess access(RoleContext role, String datasourceId, String schema, String table, Optional<List<String>> columns) {
        return access(role, datasourceId, schema, table, columns, true);
    }

    /** With {@code rows} false, only whether and which fields: row filters are neither bound nor checked. */
    static TableAccess access(RoleContext role, String datasourceId, String schema, String table, Optional<List<String>> columns,
                              boolean rows) {
        String name = schema + "." + table;
        if (SystemCatalogs.covers(schema, table)) {
            return new TableAccess.Hidden("The system catalog " + name + " cannot be read under a role");
        }
        List<Policy> applying = role.policies().stream().filter(policy -> policy.datasetConfig().appliesTo(datasourceId)
                && policy.datasetConfig().regexPatterns().coversTable(schema, table)).toList();
        List<Policy> allows = applying.stream().filter(Policy::allows).toList();
        List<Policy> denies = applying.stream().filter(policy -> !policy.allows()).toList();
        if (allows.isEmpty()) {
            return new TableAccess.Hidden("The role " + role.roleName() + " may not read the table " + name
                    + ": none of its allow policies covers it");
        }
        for (Policy deny : denies) {
            if (!deny.datasetConfig().regexPatterns().limitsFields()) {
                return new TableAccess.Hidden("The role " + role.roleName() + " may not read the table " + name + ": the deny policy "
                        + deny.name() + " covers it");
            }
        }
        Optional<List<String>> visibleColumns = Optional.empty();
        boolean fieldRules = applying.stream().anyMatch(policy -> policy.datasetConfig().regexPatterns().limitsFields());
        if (fieldRules) {
            if (columns.isEmpty()) {
                return new TableAccess.Hidden("The role " + role.roleName() + " may see only some fields of " + name
                        + ", but its columns are not known; sync the datasource's metadata");
            }
            List<String> visible = columns.get().stream()
                    .filter(column -> allows.stream().anyMatch(allow -> allow.datasetConfig().regexPatterns().coversField(column)))
                    .filter(column -> denies.stream().noneMatch(deny -> deny.datasetConfig().regexPatterns().coversField(column)))
                    .toList();
            if (visible.isEmpty()) {
                return new TableAccess.Hidden("The role " + role.roleName() + " may see no field of the table " + name);
            }
            if (visible.size() < columns.get().size()) {
                visibleColumns = Optional.of(visible);
            }
        }
        if (!rows) {
            return new TableAccess.Readable(visibleColumns, Optional.empty());
        }
        List<List<BoundCondition>> grants = new ArrayList<>();
        for (Policy allow : allows) {
            List<BoundCondition> conditions = new ArrayList<>();
            for (RowFilter filter : allow.datasetConfig().rowFilters(datasourceId)) {
                if (!filter.field().matchesTable(schema, table)) {
                    continue;
                }
                List<String> filtered = filteredColumns(filter.field(), columns);
                if (filtered == null) {
                    return new TableAccess.Hidden("The row filter \"" + filter + "\" of the policy " + allow.name() + " covers " + name
                            + " with a field pattern, but the table's columns are not known; sync the datasource's metadata");
                }
                for (String column : filtered) {
                    conditions.add(filter.bind(column, role.variables()));
                }
            }
            if (conditions.isEmpty()) {
                // this policy grants every row of the table, whatever the others say
                return new TableAccess.Readable(visibleColumns, Optional.empty());
            }
            grants.add(conditions);
        }
        return new TableAccess.Readable(visibleColumns, Optional.of(grants));
    }

    /**
     * The columns a filter restricts: the one it names (spelled as the table spells it, when known),
     * or every column its pattern matches; none when the table has no such column; null when a
     * pattern needs columns that are not known.
     */
    private static List<String> filteredColumns(FieldPattern field, Optional<List<String>> columns) {
        if (field.namesOneField()) {
            if (columns.isEmpty()) {
                // unknown columns: filter on the name as written; a missing column fails in the database, never shows rows
                return List.of(field.field());
            }
            return columns.get().stream().filter(field::matchesField).findFirst().map(List::of)
                    .orElseGet(() -> exactTable(field) ? List.of(field.field()) : List.of());
        }
        return columns.map(list -> list.stream().filter(field::matchesField).toList()).orElse(null);
    }

    /** A filter written for one table outright applies even when the metadata lacks its column: refuse rows rather than show them. */
    private static boolean exactTable(FieldPattern field) {
        return field.schema().indexOf('*') < 0 && field.table().indexOf('*') < 0;
    }
}
