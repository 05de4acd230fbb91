package dev.tarn.access;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.imprt.Import;
import net.sf.jsqlparser.statement.piped.FromQuery;
import net.sf.jsqlparser.statement.select.LateralSubSelect;
import net.sf.jsqlparser.statement.select.LateralView;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.TableStatement;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.util.deparser.ExpressionDeParser;
import net.sf.jsqlparser.util.deparser.SelectDeParser;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * JSqlParser's printer, changed where a query reads a table: a table the rules restrict is printed as
 * the subquery that filters it, a hidden one refuses the query, a CTE reference is left alone. The
 * names of the CTEs in scope are tracked while printing, as the database resolves them: a CTE is
 * visible in the rest of its WITH list and in the query that follows, and, when RECURSIVE, in its
 * own body.
 */
final class FilteringDeParser extends SelectDeParser {
    private final QueryDialect dialect;
    private final TableAccessRules rules;
    private final List<Object> ordered;
    private final ParameterPrinter expressions;
    private final List<String> commonTables = new ArrayList<>();
    /** Every table object printed through {@link #visit(Table, Object)}, for the cross-check with another traversal. */
    private final java.util.Set<Table> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    private FilteringDeParser(ParameterPrinter expressions, StringBuilder builder, QueryDialect dialect, TableAccessRules rules,
                              List<Object> ordered) {
        super(expressions, builder);
        this.expressions = expressions;
        this.dialect = dialect;
        this.rules = rules;
        this.ordered = ordered;
    }

    static FilteringDeParser create(QueryDialect dialect, TableAccessRules rules, List<Object> given, List<Object> ordered) {
        StringBuilder builder = new StringBuilder();
        ParameterPrinter expressions = new ParameterPrinter(given, ordered);
        FilteringDeParser printer = new FilteringDeParser(expressions, builder, dialect, rules, ordered);
        expressions.setSelectVisitor(printer);
        expressions.setBuilder(builder);
        return printer;
    }

    /** The table objects this printer saw in FROM positions. */
    java.util.Set<Table> seenTables() {
        return seen;
    }

    /** Fails unless every parameter the caller gave has its marker in the query. */
    void checkEveryParameterUsed() {
        expressions.checkEveryParameterUsed();
    }

    @Override
    public <S> StringBuilder visit(PlainSelect plainSelect, S context) {
        if (plainSelect.getIntoTables() != null || plainSelect.getMySqlSelectIntoClause() != null || plainSelect.getIntoTempTable() != null) {
            throw SelectRowFilter.refused("SELECT … INTO writes a table or a file; a question's SQL may only read");
        }
        if (plainSelect.getForMode() != null || plainSelect.getForUpdateTable() != null || plainSelect.getForClause() != null
                || plainSelect.getForXmlPath() != null) {
            throw SelectRowFilter.refused("FOR UPDATE, FOR SHARE and FOR XML/JSON clauses are not allowed in a question's SQL; remove them");
        }
        if (plainSelect.getTop() != null || plainSelect.getSkip() != null || plainSelect.getFirst() != null) {
            // printed as text by JSqlParser, so a parameter or subquery inside would pass unseen; none of our dialects has them
            throw SelectRowFilter.refused("TOP, SKIP and FIRST are not supported here; use LIMIT and OFFSET");
        }
        return within(plainSelect, () -> super.visit(plainSelect, context));
    }

    @Override
    public <S> StringBuilder visit(SetOperationList list, S context) {
        return within(list, () -> super.visit(list, context));
    }

    @Override
    public <S> StringBuilder visit(ParenthesedSelect select, S context) {
        return within(select, () -> super.visit(select, context));
    }

    @Override
    public <S> StringBuilder visit(LateralSubSelect select, S context) {
        return within(select, () -> super.visit(select, context));
    }

    @Override
    public <S> StringBuilder visit(WithItem<?> withItem, S context) {
        if (!(withItem.getStatement() instanceof ParenthesedSelect)) {
            throw SelectRowFilter.refused("A WITH item that inserts, updates or deletes is not allowed; a question's SQL may only read");
        }
        StringBuilder result = super.visit(withItem, context);
        // visible from here on: in the rest of the WITH list and in the query it belongs to
        commonTables.add(resolved(withItem.getAlias().getName()));
        return result;
    }

    @Override
    public <S> StringBuilder visit(Table table, S context) {
        seen.add(table);
        if (table.getNameParts().stream().filter(java.util.Objects::nonNull).count() > 3
                || table.getNameParts().stream().anyMatch(part -> part != null && part.contains("@"))) {
            throw SelectRowFilter.refused("The table " + table.getFullyQualifiedName() + " is on another server; only the datasource's tables may be read");
        }
        for (String part : table.getNameParts()) {
            if (part != null && looksLikeAFile(part)) {
                // DuckDB reads FROM 'file.csv' and FROM "file.parquet" as files (replacement scans)
                throw SelectRowFilter.refused("The name " + table.getFullyQualifiedName()
                        + " looks like a file or a path; a question's SQL may read only the datasource's tables");
            }
        }
        boolean qualified = table.getSchemaName() != null || table.getDatabaseName() != null;
        if (!qualified && commonTables.contains(resolved(table.getName()))) {
            return super.visit(table, context);
        }
        TableReference reference = new TableReference(Optional.ofNullable(table.getUnquotedDatabaseName()),
                Optional.ofNullable(table.getUnquotedSchemaName()), table.getUnquotedName());
        return switch (rules.access(reference)) {
            case TableAccess.Hidden hidden -> throw new TarnException(ErrorCode.TABLE_NOT_VISIBLE, hidden.reason());
            case TableAccess.Readable readable when readable.unrestricted() -> super.visit(table, context);
            case TableAccess.Readable readable -> printFiltered(table, readable);
        };
    }

    private StringBuilder printFiltered(Table table, TableAccess.Readable readable) {
        if (table.getPivot() != null || table.getUnPivot() != null || table.getSampleClause() != null || table.getTimeTravel() != null
                || table.getTimeTravelStrAfterAlias() != null) {
            throw SelectRowFilter.refused("The table " + table.getFullyQualifiedName()
                    + " is read with PIVOT, sampling or time travel, which row filters cannot be combined with; read it plainly");
        }
        String name = table.getFullyQualifiedName();
        builder.append("(SELECT ");
        builder.append(readable.columns().map(columns -> String.join(", ", columns.stream().map(dialect::quote).toList())).orElse("*"));
        builder.append(" FROM ").append(name);
        readable.grants().ifPresent(grants -> builder.append(" WHERE ").append(FilterPredicates.condition(grants, name, dialect, ordered)));
        builder.append(')');
        if (table.getAlias() != null) {
            builder.append(table.getAlias());
        } else {
            // the table's own name as the alias, so that columns qualified with it still bind
            builder.append(' ').append(table.getName());
        }
        return builder;
    }

    /**
     * {@code (a JOIN b ON …)}: JSqlParser prints the joins inside the parentheses as text, which would
     * pass their tables by unfiltered, so they are printed here through the filtering printer.
     */
    @Override
    public <S> StringBuilder visit(ParenthesedFromItem item, S context) {
        if (item.getPivot() != null || item.getUnPivot() != null) {
            throw SelectRowFilter.refused("PIVOT on a parenthesised join is not supported here; write it as a subquery");
        }
        builder.append('(');
        item.getFromItem().accept(this, context);
        if (item.getJoins() != null) {
            item.getJoins().forEach(this::deparseJoin);
        }
        builder.append(')');
        if (item.getAlias() != null) {
            builder.append(item.getAlias());
        }
        return builder;
    }

    @Override
    public <S> StringBuilder visit(TableFunction function, S context) {
        throw SelectRowFilter.refused("The table function " + function.getFunction().getName()
                + "() is not allowed: a question's SQL may read only the datasource's tables");
    }

    @Override
    public <S> StringBuilder visit(TableStatement statement, S context) {
        throw SelectRowFilter.refused("Write TABLE t as SELECT * FROM t");
    }

    @Override
    public <S> StringBuilder visit(Import importStatement, S context) {
        throw SelectRowFilter.refused("IMPORT is not allowed: a question's SQL may only read tables");
    }

    @Override
    public <S> StringBuilder visit(FromQuery fromQuery, S context) {
        throw SelectRowFilter.refused("Piped FROM queries are not supported here; write a plain SELECT");
    }

    @Override
    public void deparseLateralView(LateralView lateralView) {
        throw SelectRowFilter.refused("LATERAL VIEW is not supported here; write a plain SELECT");
    }

    /** A quoted string as a name, or a name with a path separator, a dot, a wildcard or a scheme inside its quotes. */
    private static boolean looksLikeAFile(String part) {
        if (part.startsWith("'") || part.startsWith("$")) {
            return true;
        }
        boolean quoted = part.length() >= 2 && (part.charAt(0) == '"' || part.charAt(0) == '`' || part.charAt(0) == '[');
        String bare = quoted ? part.substring(1, part.length() - 1) : part;
        return bare.chars().anyMatch(c -> c == '/' || c == '\\' || c == ':' || c == '.' || c == '*' || c == '?' || c == '\'');
    }

    /** Brings a recursive WITH list's names into scope before any body is printed; returns the scope to go back to. */
    /** Prints a query with its own WITH items in scope, and out of scope again after it. */
    private StringBuilder within(Select select, java.util.function.Supplier<StringBuilder> printing) {
        int mark = enter(select);
        try {
            return printing.get();
        } finally {
            leave(mark);
        }
    }

    private int enter(Select select) {
        int mark = commonTables.size();
        List<WithItem<?>> items = select.getWithItemsList();
        if (items != null && items.stream().anyMatch(WithItem::isRecursive)) {
            items.forEach(item -> commonTables.add(resolved(item.getAlias().getName())));
        }
        return mark;
    }

    private void leave(int mark) {
        while (commonTables.size() > mark) {
            commonTables.removeLast();
        }
    }

    /**
     * A name as the database resolves it: PostgreSQL folds unquoted names to lower case and keeps
     * quoted ones, DuckDB and SQLite ignore case, MySQL compares as written. When this says two
     * names differ the reference is treated as a table and filtered, the safe side of a doubt.
     */
    private String resolved(String name) {
        boolean quoted = name.length() >= 2 && (name.charAt(0) == '"' || name.charAt(0) == '`' || name.charAt(0) == '[');
        String bare = quoted ? name.substring(1, name.length() - 1) : name;
        return switch (dialect) {
            case POSTGRESQL -> quoted ? bare : bare.toLowerCase(Locale.ROOT);
            case MYSQL -> bare;
            case DUCKDB, SQLITE -> bare.toLowerCase(Locale.ROOT);
        };
    }

    /** Prints expressions, taking each {@code ?} and the caller's value for it in printing order, and refusing reaching functions. */
    static final class ParameterPrinter extends ExpressionDeParser {
        private final List<Object> given;
        private final List<Object> ordered;
        private final BitSet used = new BitSet();

        ParameterPrinter(List<Object> given, List<Object> ordered) {
            this.given = given;
            this.ordered = ordered;
        }

        @Override
        public <S> StringBuilder visit(JdbcParameter parameter, S context) {
            Integer index = parameter.getIndex();
            if (parameter.isUseFixedIndex() || index == null) {
                throw new TarnException(ErrorCode.INVALID_FIELD, "Numbered parameters (?1) are not supported here; use a plain ? for each value");
            }
            if (index < 1 || index > given.size()) {
                throw new TarnException(ErrorCode.INVALID_FIELD, "The SQL has a parameter marker number " + index + " but only "
                        + given.size() + " parameter value(s) were given");
            }
            used.set(index - 1);
            ordered.add(given.get(index - 1));
            builder.append('?');
            return builder;
        }

        @Override
        public <S> StringBuilder visit(JdbcNamedParameter parameter, S context) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "Named parameters (:" + parameter.getName() + ") are not supported here; use ?");
        }

        @Override
        public <S> StringBuilder visit(Function function, S context) {
            if (function.getName() != null && ExternalReadFunctions.refused(function.getName())) {
                throw SelectRowFilter.refused("The function " + function.getName()
                        + "() reaches files, other servers or the server itself; a question's SQL may only read tables");
            }
            return super.visit(function, context);
        }

        void checkEveryParameterUsed() {
            if (used.cardinality() != given.size()) {
                throw new TarnException(ErrorCode.INVALID_FIELD, "The SQL has " + used.cardinality() + " parameter marker(s) but "
                        + given.size() + " parameter value(s) were given");
            }
        }
    }
}
