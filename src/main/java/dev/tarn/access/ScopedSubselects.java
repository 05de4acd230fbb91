package dev.tarn.access;

import dev.tarn.engine.SqlQuoting;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Database;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;

import java.util.Optional;

/**
 * The scoped subquery for statements JSqlParser parses: {@code (SELECT * EXCLUDE ("owner") FROM
 * "catalog"."schema"."table" WHERE "owner" = 'user') AS alias}, built node by node (names quoted,
 * the user id escaped as a string constant), and the test that a parsed SELECT is exactly that.
 */
final class ScopedSubselects {
    private ScopedSubselects() {
    }

    static ParenthesedSelect subquery(PerUserTable table, String userId, Alias alias) {
        ParenthesedSelect subquery = new ParenthesedSelect();
        subquery.setSelect(select(table, userId));
        subquery.setAlias(alias);
        return subquery;
    }

    /** Whether {@code candidate} is, clause for clause, the scoped SELECT of {@code table} for {@code userId}. */
    static boolean isScopedSelect(PlainSelect candidate, PerUserTable table, String userId) {
        // Both sides go through the same deparser, so any extra clause (a join, an OR, a UNION) shows as a difference.
        return candidate.toString().equals(select(table, userId).toString());
    }

    /** {@code "owner" = 'user'}, optionally qualified by a table name or alias. */
    static EqualsTo ownerCondition(PerUserTable table, String userId, Optional<String> qualifier) {
        Column owner = new Column(SqlQuoting.identifier(table.ownerColumn()));
        qualifier.ifPresent(name -> owner.setTable(new Table(name)));
        return new EqualsTo(owner, userLiteral(userId));
    }

    /** The user id as a SQL string constant; JSqlParser writes the value between quotes as it is, so quotes are doubled here. */
    static StringValue userLiteral(String userId) {
        StringValue literal = new StringValue();
        literal.setValue(userId.replace("'", "''"));
        return literal;
    }

    static boolean isUserLiteral(Object expression, String userId) {
        return expression instanceof StringValue && expression.toString().equals(userLiteral(userId).toString());
    }

    static Column ownerColumn(PerUserTable table) {
        return new Column(SqlQuoting.identifier(table.ownerColumn()));
    }

    private static PlainSelect select(PerUserTable table, String userId) {
        PlainSelect select = new PlainSelect();
        select.addSelectItems(new AllColumns(new ExpressionList<>(ownerColumn(table)), null, "EXCLUDE"));
        select.setFromItem(new Table(new Database(SqlQuoting.identifier(table.table().catalog())),
                SqlQuoting.identifier(table.table().schema()), SqlQuoting.identifier(table.table().table())));
        select.setWhere(ownerCondition(table, userId, Optional.empty()));
        return select;
    }
}
