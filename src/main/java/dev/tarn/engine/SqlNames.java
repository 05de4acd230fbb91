package dev.tarn.engine;

import java.util.ArrayList;
import java.util.List;

/** Dotted names (table, schema.table, catalog.schema.table) read from a statement's tokens. */
public final class SqlNames {
    private SqlNames() {
    }

    /** The parts of the dotted name that starts at token {@code index}; empty when no name starts there. */
    public static List<String> partsAt(List<SqlToken> tokens, int index) {
        List<String> parts = new ArrayList<>();
        for (int i = index; i < tokens.size(); i += 2) {
            SqlToken token = tokens.get(i);
            if (token.type() != SqlToken.Type.WORD && token.type() != SqlToken.Type.QUOTED_IDENTIFIER) {
                break;
            }
            parts.add(token.identifier());
            if (i + 1 >= tokens.size() || !tokens.get(i + 1).text().equals(".")) {
                break;
            }
        }
        return List.copyOf(parts);
    }
}
