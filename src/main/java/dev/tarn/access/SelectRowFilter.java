package dev.tarn.access;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectVisitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Row filters for the SQL of a question, in any of the dialects of {@link QueryDialect}: every table
 * the query reads (in FROM, joins, subqueries of any clause, CTE bodies and every branch of a set
 * operation) becomes {@code (SELECT * FROM table WHERE <filters>) alias}, or is refused when the
 * rules hide it. Values are bound parameters; the returned parameters follow the {@code ?} markers
 * of the returned SQL, the caller's own included.
 * <p>
 * The query is parsed by JSqlParser and printed again by its deparser, which this class extends at
 * the one point every table of a FROM clause passes: so the rewrite cannot miss a table the printer
 * prints, and parameters are collected in printing order. A CTE reference is not a table; a CTE named
 * like a table does not hide the table inside its own body, which is filtered. Refused (403): more or
 * other than one SELECT, table functions, functions that reach files or other servers, SELECT INTO,
 * locking clauses. Numbered or named parameters are refused (400): use {@code ?}.
 * <p>
 * Limits: an unqualified name is taken to live in the datasource's default schema (the caller's
 * schemaName), not resolved through a search path; a column qualified by schema and table
 * ({@code public.orders.region}) no longer binds once the table is a subquery named {@code orders}.
 */
public final class SelectRowFilter {
    /** Questions' SQL is short; a bound keeps parsing and printing cheap. */
    private static final int MAXIMUM_LENGTH = 200_000;

    private SelectRowFilter() {
    }

    public static FilteredQuery filter(String sql, List<Object> parameters, QueryDialect dialect, TableAccessRules rules) {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(rules, "rules");
        if (sql.length() > MAXIMUM_LENGTH) {
            throw refused("The SQL is longer than " + MAXIMUM_LENGTH + " characters");
        }
        List<Object> ordered = new ArrayList<>();
        String rewritten;
        FilteringDeParser printer = FilteringDeParser.create(dialect, rules, parameters, ordered);
        try {
            Select select = parse(sql, dialect);
            select.accept((SelectVisitor<StringBuilder>) printer, null);
            rewritten = printer.getBuilder().toString();
            TableCrossCheck.requireAllSeen(select, printer.seenTables());
        } catch (StackOverflowError tooDeep) {
            throw refused("The SQL is nested too deeply to be checked; write it with fewer levels of subqueries");
        }
        printer.checkEveryParameterUsed();
        int markers = ParameterMarkers.count(rewritten, dialect);
        if (markers != ordered.size()) {
            throw refused("The query uses '?' other than as a parameter marker (a JSON operator?); it cannot be filtered safely, "
                    + "write it without");
        }
        return new FilteredQuery(rewritten, ordered);
    }

    private static Select parse(String sql, QueryDialect dialect) {
        Statements statements;
        try {
            statements = CCJSqlParserUtil.parseStatements(sql, parser -> parser.withSquareBracketQuotation(dialect == QueryDialect.SQLITE));
        } catch (JSQLParserException e) {
            String detail = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw refused("The SQL could not be read as one SELECT statement (" + detail + "); send a single SELECT or WITH … SELECT");
        }
        if (statements == null || statements.size() != 1) {
            throw refused("Send exactly one SELECT statement; this SQL has " + (statements == null ? 0 : statements.size()));
        }
        Statement statement = statements.getFirst();
        if (!(statement instanceof Select select)) {
            throw refused("Only a SELECT (or WITH … SELECT) may run here, not " + statement.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT));
        }
        return select;
    }

    static TarnException refused(String message) {
        return new TarnException(ErrorCode.QUESTION_SQL_REFUSED, message);
    }
}
