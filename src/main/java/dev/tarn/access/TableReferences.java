package dev.tarn.access;

import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
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
 * Every table node of a JSqlParser tree that denotes a per-user table, found by JSqlParser's own
 * table visitor. When given a user, a per-user table that is the whole FROM of exactly the scoped
 * SELECT for that user counts as scoped, and the visitor does not look inside it.
 */
final class TableReferences extends TablesNamesFinder<Void> {
    private final PerUserTableLookup lookup;
    private final Optional<String> userId;
    private final Set<Table> perUserTables = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Table> scopedTables = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<PerUserTable> named = new LinkedHashSet<>();

    private TableReferences(PerUserTableLookup lookup, Optional<String> userId) {
        this.lookup = lookup;
        this.userId = userId;
    }

    /** The per-user tables {@code statement} names anywhere JSqlParser sees a table. */
    static Set<PerUserTable> perUserTables(Statement statement, PerUserTableLookup lookup) {
        return new TableReferences(lookup, Optional.empty()).run(statement).named;
    }

    /** The per-user table nodes of {@code statement}, telling those inside a scoped SELECT for {@code userId} apart. */
    static TableReferences scopedFor(Statement statement, PerUserTableLookup lookup, String userId) {
        return new TableReferences(lookup, Optional.of(userId)).run(statement);
    }

    /** Per-user table nodes that are not inside a scoped SELECT. */
    List<Table> unscoped() {
        return perUserTables.stream().filter(table -> !scopedTables.contains(table)).toList();
    }

    /** How many per-user table nodes there are, scoped or not. */
    int count() {
        return perUserTables.size();
    }

    private TableReferences run(Statement statement) {
        init(false);
        statement.accept(this, null);
        return this;
    }

    @Override
    public <S> Void visit(Table table, S context) {
        lookup.find(ParsedTables.nameParts(table)).ifPresent(perUser -> {
            perUserTables.add(table);
            named.add(perUser);
        });
        return super.visit(table, context);
    }

    @Override
    public <S> Void visit(PlainSelect select, S context) {
        if (userId.isPresent() && select.getFromItem() instanceof Table table) {
            Optional<PerUserTable> perUser = lookup.find(ParsedTables.nameParts(table));
            if (perUser.isPresent() && ScopedSubselects.isScopedSelect(select, perUser.get(), userId.get())) {
                perUserTables.add(table);
                scopedTables.add(table);
                named.add(perUser.get());
                return null;
            }
        }
        return super.visit(select, context);
    }

    @Override
    public <S> Void visit(WithItem<?> item, S context) {
        CommonTableNames.check(item, lookup);
        return super.visit(item, context);
    }
}
