package dev.tarn.access;

import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.util.TablesNamesFinder;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Replaces, in a JSqlParser tree, every table a FROM clause, JOIN, UPDATE … FROM or DELETE … USING
 * reads from a per-user table with the scoped subquery. It rides on JSqlParser's own visitor that
 * finds tables, which knows every place a query can hide in (subqueries in expressions, CTEs,
 * set operations, LATERAL), and changes the containers of FROM items as it passes them.
 */
final class ScopedFromItems extends TablesNamesFinder<Void> {
    private final PerUserTableLookup lookup;
    private final String userId;
    private final Set<PlainSelect> generated = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<PerUserTable> scoped = new LinkedHashSet<>();

    ScopedFromItems(PerUserTableLookup lookup, String userId) {
        this.lookup = lookup;
        this.userId = userId;
    }

    /** Scopes every read of {@code statement} in place; returns the per-user tables it replaced. */
    Set<PerUserTable> scope(Statement statement) {
        init(false);
        statement.accept(this, null);
        return Set.copyOf(scoped);
    }

    /** The FROM item to put in place of {@code item}: the scoped subquery when it is a per-user table, else the item itself. */
    FromItem scoped(FromItem item) {
        if (!(item instanceof Table table)) {
            return item;
        }
        Optional<PerUserTable> perUser = lookup.find(ParsedTables.nameParts(table));
        if (perUser.isEmpty()) {
            return item;
        }
        if (table.getSampleClause() != null || table.getPivot() != null || table.getUnPivot() != null || table.getTimeTravel() != null
                || table.getTimeTravelStrAfterAlias() != null || table.getIndexHint() != null || table.getSqlServerHints() != null) {
            throw Refusals.invalid("Sampling, pivoting or time travel on the per-user table " + perUser.get().table()
                    + " is not supported inside a data change; read it in a subquery first");
        }
        scoped.add(perUser.get());
        Alias alias = table.getAlias() != null ? table.getAlias() : new Alias(table.getName(), true);
        var subquery = ScopedSubselects.subquery(perUser.get(), userId, alias);
        generated.add(subquery.getPlainSelect());
        return subquery;
    }

    void scopeJoins(List<Join> joins) {
        if (joins != null) {
            for (Join join : joins) {
                join.setFromItem(scoped(join.getFromItem()));
            }
        }
    }

    @Override
    public <S> Void visit(PlainSelect select, S context) {
        if (generated.contains(select)) {
            return null;
        }
        select.setFromItem(scoped(select.getFromItem()));
        scopeJoins(select.getJoins());
        return super.visit(select, context);
    }

    @Override
    public <S> Void visit(ParenthesedFromItem item, S context) {
        item.setFromItem(scoped(item.getFromItem()));
        scopeJoins(item.getJoins());
        return super.visit(item, context);
    }

    @Override
    public <S> Void visit(WithItem<?> item, S context) {
        CommonTableNames.check(item, lookup);
        return super.visit(item, context);
    }
}
