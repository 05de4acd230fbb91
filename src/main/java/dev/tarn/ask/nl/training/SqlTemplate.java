package dev.tarn.ask.nl.training;

import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.util.deparser.ExpressionDeParser;
import net.sf.jsqlparser.util.deparser.SelectDeParser;
import net.sf.jsqlparser.util.deparser.StatementDeParser;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A stored pair's SQL with every literal turned into a {@code ?} marker, parsed and re-printed by
 * JSqlParser (never edited as text), and the literals in marker order: the ones that came from
 * the question's values are replaced by a new question's values, the others are bound as they were.
 */
record SqlTemplate(String sql, List<Object> literals) {
    SqlTemplate {
        literals = List.copyOf(literals);
    }

    static SqlTemplate parse(String sql) {
        Statement statement;
        try {
            statement = CCJSqlParserUtil.parse(sql);
        } catch (JSQLParserException notSql) {
            throw new IllegalArgumentException("the training pair's SQL cannot be parsed: " + notSql.getMessage(), notSql);
        }
        if (!(statement instanceof Select)) throw new IllegalArgumentException("a training pair's SQL must be a SELECT");
        List<Object> literals = new ArrayList<>();
        StringBuilder buffer = new StringBuilder();
        ExpressionDeParser expressions = new ExpressionDeParser() {
            @Override
            public <S> StringBuilder visit(StringValue value, S context) {
                literals.add(value.getValue().replace("''", "'"));
                return buffer.append('?');
            }

            @Override
            public <S> StringBuilder visit(LongValue value, S context) {
                literals.add(new BigDecimal(value.getStringValue()));
                return buffer.append('?');
            }

            @Override
            public <S> StringBuilder visit(DoubleValue value, S context) {
                literals.add(BigDecimal.valueOf(value.getValue()));
                return buffer.append('?');
            }
        };
        SelectDeParser selects = new SelectDeParser(expressions, buffer);
        expressions.setSelectVisitor(selects);
        expressions.setBuilder(buffer);
        statement.accept(new StatementDeParser(expressions, selects, buffer));
        return new SqlTemplate(buffer.toString(), literals);
    }
}
