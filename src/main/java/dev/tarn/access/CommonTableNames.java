package dev.tarn.access;

import net.sf.jsqlparser.statement.select.WithItem;

import java.util.List;

/** Refuses a CTE named like a per-user table: the rewrite would read the table where the user meant the CTE, or the reverse. */
final class CommonTableNames {
    private CommonTableNames() {
    }

    static void check(WithItem<?> item, PerUserTableLookup lookup) {
        if (item.getAlias() == null) {
            return;
        }
        String name = ParsedTables.unquote(item.getAlias().getName());
        lookup.find(List.of(name)).ifPresent(table -> {
            throw Refusals.invalid("The common table expression " + name + " has the name of the per-user table " + table.table()
                    + "; give it another name");
        });
    }
}
