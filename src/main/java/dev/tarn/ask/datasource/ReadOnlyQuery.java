package dev.tarn.ask.datasource;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;

/**
 * The check every datasource query passes before it is sent: exactly one SELECT (a WITH, a UNION)
 * that writes nothing, not even a file (MySQL's {@code INTO OUTFILE}) or a new table
 * ({@code SELECT … INTO}). The connections are read-only as well; this refusal says what is wrong
 * before the database has to.
 * <p>
 * JSqlParser does not read every dialect's every corner (MySQL's {@code INTERVAL (expr) QUARTER}
 * before an alias, for one). Such a statement is not refused but sent as a derived table,
 * {@code SELECT * FROM (…) AS tarn_query}: in every dialect only a single query can stand there, so
 * a second statement, a write or an {@code INTO OUTFILE} becomes the database's own syntax error.
 */
final class ReadOnlyQuery {
    private ReadOnlyQuery() {
    }

    /** The SQL to send for {@code sql}: itself when it is read as one query, wrapped as a derived table when it cannot be read. */
    static String prepare(String sql) {
        if (sql == null || sql.isBlank()) {
            throw new TarnException(ErrorCode.DATASOURCE_QUERY_REFUSED, "The query is empty: send one SELECT");
        }
        try {
            CCJSqlParserUtil.parseStatements(sql);
        } catch (JSQLParserException e) {
            String body = sql.strip();
            if (body.endsWith(";")) {
                body = body.substring(0, body.length() - 1);
            }
            // the line breaks keep a trailing -- comment from swallowing the closing parenthesis
            return "SELECT * FROM (\n" + body + "\n) AS tarn_query";
        }
        require(sql);
        return sql;
    }

    static void require(String sql) {
        if (sql == null || sql.isBlank()) {
            throw new TarnException(ErrorCode.DATASOURCE_QUERY_REFUSED, "The query is empty: send one SELECT");
        }
        Statements statements;
        try {
            statements = CCJSqlParserUtil.parseStatements(sql);
        } catch (JSQLParserException e) {
            String reason = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : String.valueOf(e.getMessage());
            throw new TarnException(ErrorCode.DATASOURCE_QUERY_REFUSED, "The query could not be read as one SELECT: "
                    + reason.lines().findFirst().orElse(reason), e);
        }
        if (statements.size() != 1) {
            throw new TarnException(ErrorCode.DATASOURCE_QUERY_REFUSED, "Send exactly one SELECT, not " + statements.size() + " statements");
        }
        Statement statement = statements.getFirst();
        if (!(statement instanceof Select select)) {
            throw new TarnException(ErrorCode.DATASOURCE_QUERY_REFUSED, "Only a SELECT may run on a datasource, not "
                    + statement.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT) + ": datasources are read-only");
        }
        requireNoInto(select);
    }

    private static void requireNoInto(Select select) {
        switch (select) {
            case PlainSelect plain -> {
                if (plain.getIntoTables() != null || plain.getMySqlSelectIntoClause() != null || plain.getIntoTempTable() != null) {
                    throw new TarnException(ErrorCode.DATASOURCE_QUERY_REFUSED, "SELECT … INTO writes a table or a file; datasources are read-only");
                }
            }
            case SetOperationList operations -> operations.getSelects().forEach(ReadOnlyQuery::requireNoInto);
            case ParenthesedSelect parenthesed -> requireNoInto(parenthesed.getSelect());
            default -> { }
        }
        if (select.getWithItemsList() != null) {
            select.getWithItemsList().forEach(item -> {
                // PostgreSQL's WITH gone AS (DELETE … RETURNING …) SELECT …: a write dressed as a query
                if (!(item.getParenthesedStatement() instanceof Select inner)) {
                    throw new TarnException(ErrorCode.DATASOURCE_QUERY_REFUSED, "WITH " + item.getAliasName()
                            + " changes data; datasources are read-only");
                }
                requireNoInto(inner);
            });
        }
    }
}
