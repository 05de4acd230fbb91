package dev.tarn.realtime;

import dev.tarn.engine.SqlLexer;
import dev.tarn.engine.SqlToken;

import java.util.List;

/**
 * CURRENT_USER() of the dialect is the acting Tarn user; DuckDB's own CURRENT_USER names its
 * internal user. Every bare CURRENT_USER word (with or without "()") becomes a read of the session
 * variable the server sets; strings, quoted names and comments are left alone.
 */
final class CurrentUser {
    static final String EXPRESSION = "getvariable('tarn_user')";

    private CurrentUser() {
    }

    static String expand(String text) {
        List<SqlToken> tokens = SqlLexer.tokenize(text);
        StringBuilder expanded = null;
        int copied = 0;
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (!token.isKeyword("CURRENT_USER")) {
                continue;
            }
            int end = token.end();
            if (i + 2 < tokens.size() && tokens.get(i + 1).text().equals("(") && tokens.get(i + 2).text().equals(")")) {
                end = tokens.get(i + 2).end();
                i += 2;
            }
            if (expanded == null) {
                expanded = new StringBuilder(text.length() + 32);
            }
            expanded.append(text, copied, token.start()).append(EXPRESSION);
            copied = end;
        }
        return expanded == null ? text : expanded.append(text, copied, text.length()).toString();
    }
}
