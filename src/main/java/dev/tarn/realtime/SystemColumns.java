package dev.tarn.realtime;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

import java.util.Locale;

/**
 * Keeps {@code _seq} the version of a row: an UPDATE of a dialect table also sets
 * {@code _seq = snowflake_id()}, so a later version always has a greater _seq (what live queries
 * resume by), and no statement may set it itself.
 */
final class SystemColumns {
    private static final String SEQUENCE = "_seq";

    private SystemColumns() {
    }

    /** The UPDATE with the new row version added; other statements unchanged. */
    static String versioned(String sql) {
        Statement statement;
        try {
            statement = CCJSqlParserUtil.parse(sql);
        } catch (JSQLParserException e) {
            return sql;
        }
        if (!(statement instanceof Update update)) {
            return sql;
        }
        for (UpdateSet set : update.getUpdateSets()) {
            for (Column column : set.getColumns()) {
                if (column.getColumnName().replace("\"", "").toLowerCase(Locale.ROOT).equals(SEQUENCE)) {
                    throw new TarnException(ErrorCode.PERMISSION_DENIED, "Permission Error: _seq is the row version the server sets; it cannot be updated");
                }
            }
        }
        Function next = new Function();
        next.setName("snowflake_id");
        update.getUpdateSets().add(new UpdateSet(new Column(SEQUENCE), next));
        return update.toString();
    }
}
