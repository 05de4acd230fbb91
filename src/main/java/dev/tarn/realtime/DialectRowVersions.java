package dev.tarn.realtime;

import dev.tarn.engine.Engine;
import dev.tarn.engine.SqlNames;
import dev.tarn.engine.SqlToken;
import dev.tarn.engine.TableName;
import dev.tarn.writes.RowVersions;

import java.util.List;

/** The tables the dialect created keep a row version in {@code _seq}; an UPDATE of one sets it anew. */
public final class DialectRowVersions implements RowVersions {
    private final TableRegistry tables;

    public DialectRowVersions(TableRegistry tables) {
        this.tables = tables;
    }

    @Override
    public String versioned(String sql, List<SqlToken> tokens, String catalog, String schema) {
        if (tokens.isEmpty() || !tokens.get(0).isKeyword("UPDATE")) {
            return sql;
        }
        List<String> parts = SqlNames.partsAt(tokens, 1);
        // dialect tables live in the default catalog; a shorter name elsewhere is another table
        boolean inDefaultCatalog = parts.size() == 3 || catalog.equalsIgnoreCase(Engine.DEFAULT_CATALOG);
        return inDefaultCatalog && tables.resolve(parts, schema).isPresent() ? SystemColumns.versioned(sql) : sql;
    }

    @Override
    public boolean keepsVersions(TableName table) {
        return tables.resolve(List.of(table.catalog(), table.schema(), table.table()), "").isPresent();
    }
}
