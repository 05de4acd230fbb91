package dev.tarn.realtime;

import dev.tarn.engine.SqlLexer;
import dev.tarn.engine.SqlToken;

import java.util.List;

/**
 * CURRENT_USER() of the dialect is the acting Tarn user; DuckDB's own CURRENT_USER names its
 * internal user. Every bare CURRENT_USER word (with or without "()") becomes a read of the session
 * variable the server sets; strings, quoted names and comments are left alone.
 */
public final class CurrentUser {
    static final String EXPRESSION = "getvariable('tarn_user')";

    private CurrentUser() {
    }

    static String expand(String text) {
        return replace(text, EXPRESSION);
    }

    /** The text with every CURRENT_USER (with or without "()") replaced by {@code replacement}, words in strings untouched. */
    public static String replace(String text, String replacement) {
        List<SqlToken> tokens = SqlLexer.tokenize(text);
        StringBuilder replaced = null;
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
            if (replaced == null) {
                replaced = new StringBuilder(text.length() + 32);
            }
            replaced.append(text, copied, token.start()).append(replacement);
            copied = end;
        }
        return replaced == null ? text : replaced.append(text, copied, text.length()).toString();
    }
}
