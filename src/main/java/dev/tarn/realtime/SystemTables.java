package dev.tarn.realtime;

import dev.tarn.engine.SqlLexer;
import dev.tarn.engine.SqlToken;

import java.util.List;

/**
 * system.users, system.namespaces and system.tables live in schema {@code system} of the default
 * catalog; DuckDB also has a catalog named system, so a bare {@code system.users} is ambiguous.
 * References are qualified with the catalog before the statement runs.
 */
final class SystemTables {
    private SystemTables() {
    }

    static String qualify(String text) {
        List<SqlToken> tokens = SqlLexer.tokenize(text);
        StringBuilder qualified = new StringBuilder(text.length() + 16);
        int copied = 0;
        for (int i = 0; i + 1 < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            boolean first = i == 0 || !tokens.get(i - 1).text().equals(".");
            if (first && token.isKeyword("system") && tokens.get(i + 1).text().equals(".")) {
                qualified.append(text, copied, token.start()).append("memory.system");
                copied = token.end();
            }
        }
        return qualified.append(text, copied, text.length()).toString();
    }
}
