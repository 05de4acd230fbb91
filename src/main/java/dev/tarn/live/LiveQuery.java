package dev.tarn.live;

import dev.tarn.engine.SqlLexer;
import dev.tarn.realtime.CurrentUser;
import dev.tarn.engine.SqlToken;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one shape a live query may have: {@code SELECT items FROM namespace.table [alias] [WHERE predicate]}.
 * The projection and predicate are kept as the SQL parser prints them back, one expression each,
 * so they can be placed into the engine's statements without any text of the caller's around them.
 */
public record LiveQuery(String sql, String namespace, String table, String alias, String projection, Optional<String> predicate) {
    public LiveQuery {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(projection, "projection");
        Objects.requireNonNull(predicate, "predicate");
    }

    /** Reads a subscription's SQL; refuses every other shape with INVALID_SQL or UNSUPPORTED. */
    public static LiveQuery parse(String sql) {
        if (sql == null || sql.isBlank()) {
            throw invalid("The subscription has no SQL");
        }
        List<SqlToken> tokens = SqlLexer.tokenize(sql).stream().filter(token -> token.type() != SqlToken.Type.COMMENT).toList();
        long statements = tokens.stream().filter(token -> token.type() == SqlToken.Type.SEMICOLON).count();
        boolean trailingSemicolon = !tokens.isEmpty() && tokens.get(tokens.size() - 1).type() == SqlToken.Type.SEMICOLON;
        if (statements > 1 || (statements == 1 && !trailingSemicolon)) {
            throw invalid("A subscription is exactly one SELECT statement");
        }
        if (tokens.isEmpty() || !(tokens.get(0).isKeyword("SELECT") || tokens.get(0).isKeyword("WITH"))) {
            throw invalid("A subscription is a SELECT … FROM namespace.table [WHERE …]");
        }
        if (tokens.get(0).isKeyword("WITH")) {
            throw unsupported("WITH (common table expressions) is not supported in subscriptions");
        }
        // the lexer never reads a quoted "select" as a keyword, so a second SELECT is a subquery or a set operation
        if (tokens.stream().filter(token -> token.isKeyword("SELECT")).count() > 1) {
            throw unsupported("Subqueries and set operations are not supported in subscriptions");
        }
        Statement statement;
        try {
            statement = CCJSqlParserUtil.parse(trailingSemicolon ? sql.substring(0, tokens.get(tokens.size() - 1).start()) : sql);
        } catch (JSQLParserException e) {
            throw invalid("The subscription SQL cannot be parsed: " + firstLine(e));
        }
        if (!(statement instanceof Select select)) {
            throw invalid("A subscription is a SELECT statement");
        }
        if (select.getWithItemsList() != null && !select.getWithItemsList().isEmpty()) {
            throw unsupported("WITH (common table expressions) is not supported in subscriptions");
        }
        if (!(select instanceof PlainSelect plain)) {
            throw unsupported("Set operations (UNION, INTERSECT, EXCEPT) are not supported in subscriptions");
        }
        if (plain.getOrderByElements() != null && !plain.getOrderByElements().isEmpty()) {
            throw unsupported("ORDER BY is not supported in subscriptions: changes arrive in commit order");
        }
        if (plain.getLimit() != null || plain.getOffset() != null || plain.getFetch() != null || plain.getTop() != null
                || plain.getLimitBy() != null) {
            throw unsupported("LIMIT and OFFSET are not supported in subscriptions; use options.batch_size or options.last_rows");
        }
        if (plain.getJoins() != null && !plain.getJoins().isEmpty()) {
            throw unsupported("Joins are not supported in subscriptions: subscribe to one table");
        }
        if (plain.getGroupBy() != null || plain.getHaving() != null || plain.getDistinct() != null || plain.getQualify() != null
                || plain.getWindowDefinitions() != null) {
            throw unsupported("Aggregation, DISTINCT and windows are not supported in subscriptions");
        }
        if (!(plain.getFromItem() instanceof Table table)) {
            throw unsupported("A subscription reads one table, written as namespace.table");
        }
        if (table.getSchemaName() == null) {
            throw invalid("Write the table as namespace.table, for example shop.carts");
        }
        String catalog = table.getDatabaseName();
        if (catalog != null && !unquote(catalog).equalsIgnoreCase("memory")) {
            throw unsupported("Subscriptions read tables of the realtime namespaces only");
        }
        String alias = table.getAlias() == null ? unquote(table.getName()) : unquote(table.getAlias().getName());
        String projection = plain.getSelectItems().stream().map(SelectItem::toString).collect(Collectors.joining(", "));
        Optional<String> predicate = Optional.ofNullable(plain.getWhere()).map(Object::toString);
        return new LiveQuery(sql.trim(), unquote(table.getSchemaName()), unquote(table.getName()), alias, projection, predicate);
    }

    /**
     * The query with CURRENT_USER (with or without "()") as the subscriber's name: the
     * dispatcher's session acts for nobody, and queries of different users must not share an
     * evaluation when their text means different rows.
     */
    public LiveQuery forUser(String userName) {
        return new LiveQuery(sql, namespace, table, alias, withUser(projection, userName), predicate.map(p -> withUser(p, userName)));
    }

    private static String withUser(String text, String userName) {
        return CurrentUser.replace(text, dev.tarn.engine.SqlQuoting.literal(userName));
    }

    /** namespace.table as DuckDB names it, quoted. */
    public String qualifiedTable() {
        return "memory." + quote(namespace) + "." + quote(table);
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static String unquote(String name) {
        if (name.length() >= 2 && (name.startsWith("\"") && name.endsWith("\"") || name.startsWith("`") && name.endsWith("`"))) {
            return name.substring(1, name.length() - 1);
        }
        return name;
    }

    private static String firstLine(JSQLParserException e) {
        String message = String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static TarnException invalid(String message) {
        return new TarnException(ErrorCode.LIVE_INVALID_SQL, message);
    }

    private static TarnException unsupported(String message) {
        return new TarnException(ErrorCode.LIVE_UNSUPPORTED, message);
    }
}
