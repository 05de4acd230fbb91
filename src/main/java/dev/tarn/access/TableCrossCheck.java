package dev.tarn.access;

import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.util.TablesNamesFinder;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Defence in depth for the rewrite: JSqlParser's own table finder walks the statement a second,
 * independent way, and every table it meets must be one the filtering printer met too. A construct
 * the printer wrote out without passing its tables through the filter would fail here instead of
 * leaking rows.
 */
final class TableCrossCheck {
    private TableCrossCheck() {
    }

    static void requireAllSeen(Select select, Set<Table> seenByPrinter) {
        Set<Table> found = Collections.newSetFromMap(new IdentityHashMap<>());
        TablesNamesFinder<Void> finder = new TablesNamesFinder<>() {
            @Override
            public <S> Void visit(Table table, S context) {
                found.add(table);
                return super.visit(table, context);
            }
        };
        try {
            finder.getTables((net.sf.jsqlparser.statement.Statement) select);
        } catch (UnsupportedOperationException unsupported) {
            throw SelectRowFilter.refused("The query uses a construct that cannot be checked for row filters ("
                    + unsupported.getMessage() + "); write it more plainly");
        }
        for (Table table : found) {
            if (!seenByPrinter.contains(table)) {
                throw SelectRowFilter.refused("The query reads " + table.getFullyQualifiedName()
                        + " in a place row filters cannot reach; write it more plainly");
            }
        }
    }
}
