package dev.tarn.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into tokens the way DuckDB reads it: quoted strings and identifiers, dollar
 * quoting, line and block comments. It does not parse; DuckDB does that. Tokens let Tarn split a
 * script into statements, tell statement kinds apart and complete names, where running DuckDB's
 * parser is not possible (it serialises SELECT only) or not wanted (text the user is still typing).
 */
public final class SqlLexer {
    private final String text;
    private int position;

    private SqlLexer(String text) {
        this.text = text;
    }

    /** All tokens of {@code text}, comments included (callers skip them where they do not matter). */
    public static List<SqlToken> tokenize(String text) {
        return new SqlLexer(text).run();
    }

    private List<SqlToken> run() {
        List<SqlToken> tokens = new ArrayList<>();
        while (true) {
            skipWhitespace();
            if (position >= text.length()) {
                return tokens;
            }
            tokens.add(next());
        }
    }

    private void skipWhitespace() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    private SqlToken next() {
        int start = position;
        char c = text.charAt(position);
        char following = position + 1 < text.length() ? text.charAt(position + 1) : '\0';
        if (c == '-' && following == '-') {
            // DuckDB ends a line comment at \r as well as \n; a statement hidden after a lone \r must not hide from us
            while (position < text.length() && text.charAt(position) != '\n' && text.charAt(position) != '\r') {
                position++;
            }
            return token(SqlToken.Type.COMMENT, start, true);
        }
        if (c == '/' && following == '*') {
            int close = text.indexOf("*/", position + 2);
            position = close < 0 ? text.length() : close + 2;
            return token(SqlToken.Type.COMMENT, start, close >= 0);
        }
        if (c == '\'') {
            return quoted(SqlToken.Type.STRING, '\'', start, false);
        }
        if ((c == 'e' || c == 'E') && following == '\'') {
            position++;
            return quoted(SqlToken.Type.STRING, '\'', start, true);
        }
        if (c == '"') {
            return quoted(SqlToken.Type.QUOTED_IDENTIFIER, '"', start, false);
        }
        if (c == '`') {
            // DuckDB reads backquoted names too (MySQL style)
            return quoted(SqlToken.Type.QUOTED_IDENTIFIER, '`', start, false);
        }
        if (c == '$') {
            return dollar(start);
        }
        if (c == '?') {
            position++;
            return token(SqlToken.Type.PARAMETER, start, true);
        }
        if (c == ';') {
            position++;
            return token(SqlToken.Type.SEMICOLON, start, true);
        }
        if (Character.isDigit(c) || (c == '.' && Character.isDigit(following))) {
            return number(start);
        }
        if (isWordStart(c)) {
            while (position < text.length() && isWordPart(text.charAt(position))) {
                position++;
            }
            return token(SqlToken.Type.WORD, start, true);
        }
        position++;
        return token(SqlToken.Type.SYMBOL, start, true);
    }

    private SqlToken quoted(SqlToken.Type type, char quote, int start, boolean backslashEscapes) {
        position++;
        while (position < text.length()) {
            char c = text.charAt(position);
            if (backslashEscapes && c == '\\' && position + 1 < text.length()) {
                position += 2;
                continue;
            }
            if (c == quote) {
                if (position + 1 < text.length() && text.charAt(position + 1) == quote) {
                    position += 2;
                    continue;
                }
                position++;
                return token(type, start, true);
            }
            position++;
        }
        return token(type, start, false);
    }

    private SqlToken dollar(int start) {
        int cursor = position + 1;
        if (cursor < text.length() && Character.isDigit(text.charAt(cursor))) {
            while (cursor < text.length() && Character.isDigit(text.charAt(cursor))) {
                cursor++;
            }
            position = cursor;
            return token(SqlToken.Type.PARAMETER, start, true);
        }
        while (cursor < text.length() && isWordPart(text.charAt(cursor)) && text.charAt(cursor) != '$') {
            cursor++;
        }
        if (cursor < text.length() && text.charAt(cursor) == '$') {
            String tag = text.substring(position, cursor + 1);
            int close = text.indexOf(tag, cursor + 1);
            position = close < 0 ? text.length() : close + tag.length();
            return token(SqlToken.Type.STRING, start, close >= 0);
        }
        position++;
        return token(SqlToken.Type.SYMBOL, start, true);
    }

    private SqlToken number(int start) {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (Character.isLetterOrDigit(c) || c == '.' || c == '_') {
                position++;
            } else if ((c == '+' || c == '-') && (text.charAt(position - 1) == 'e' || text.charAt(position - 1) == 'E')) {
                position++;
            } else {
                break;
            }
        }
        return token(SqlToken.Type.NUMBER, start, true);
    }

    private SqlToken token(SqlToken.Type type, int start, boolean terminated) {
        return new SqlToken(type, text.substring(start, position), start, position, terminated);
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
