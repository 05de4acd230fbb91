package dev.tarn.ask.question;

import dev.tarn.ask.nl.sql.SqlDialect;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.util.deparser.ExpressionDeParser;
import net.sf.jsqlparser.util.deparser.SelectDeParser;
import net.sf.jsqlparser.util.deparser.StatementDeParser;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The SQL a person reads and can paste into their own client: the bound values written as literals
 * of the datasource's dialect. The statement is re-printed by JSqlParser with each {@code ?} marker
 * replaced, never edited as text; what runs is always the parameterised form.
 */
public final class SqlDisplay {
    private SqlDisplay() {
    }

    /** The SQL with its values inlined, or empty when JSqlParser cannot re-print this statement. */
    public static Optional<String> inline(String sql, List<Object> parameters, SqlDialect dialect) {
        if (parameters.isEmpty()) {
            return Optional.of(sql);
        }
        Statement statement;
        try {
            statement = CCJSqlParserUtil.parse(sql);
        } catch (JSQLParserException notParsed) {
            return Optional.empty();
        }
        Iterator<Object> values = parameters.iterator();
        StringBuilder buffer = new StringBuilder();
        ExpressionDeParser expressions = new ExpressionDeParser() {
            @Override
            public <S> StringBuilder visit(JdbcParameter parameter, S context) {
                return buffer.append(values.hasNext() ? literal(values.next(), dialect) : "?");
            }
        };
        SelectDeParser selects = new SelectDeParser(expressions, buffer);
        expressions.setSelectVisitor(selects);
        expressions.setBuilder(buffer);
        statement.accept(new StatementDeParser(expressions, selects, buffer));
        return values.hasNext() ? Optional.empty() : Optional.of(buffer.toString());
    }

    static String literal(Object value, SqlDialect dialect) {
        return switch (value) {
            case null -> "NULL";
            case Boolean bool -> bool ? "TRUE" : "FALSE";
            case BigDecimal decimal -> decimal.toPlainString();
            case Number number -> number.toString();
            case LocalDate date -> dialect == SqlDialect.SQLITE ? text(date.toString(), dialect) : "DATE " + text(date.toString(), dialect);
            default -> text(value.toString(), dialect);
        };
    }

    private static String text(String value, SqlDialect dialect) {
        String escaped = value.replace("'", "''");
        // MySQL reads a backslash in a string as an escape unless NO_BACKSLASH_ESCAPES is set
        if (dialect == SqlDialect.MYSQL) {
            escaped = escaped.replace("\\", "\\\\");
        }
        return "'" + escaped + "'";
    }
}
