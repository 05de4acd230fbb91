package dev.tarn.engine;

import java.util.Locale;
import java.util.Objects;

/** One lexical token of a SQL text, with its position so callers can point back into the text. */
public record SqlToken(Type type, String text, int start, int end, boolean terminated) {

    /** Token classes; enough to split scripts, classify statements and complete names, not to parse. */
    public enum Type { WORD, QUOTED_IDENTIFIER, STRING, NUMBER, PARAMETER, SEMICOLON, SYMBOL, COMMENT }

    public SqlToken {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(text, "text");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad token span " + start + ".." + end);
        }
    }

    /** Whether this is the bare word {@code keyword}, compared without regard to case. */
    public boolean isKeyword(String keyword) {
        return type == Type.WORD && text.equalsIgnoreCase(keyword);
    }

    /** The identifier this token names: bare words fold to lower case as DuckDB does; quoted ones keep their text. */
    public String identifier() {
        return switch (type) {
            case WORD -> text.toLowerCase(Locale.ROOT);
            case QUOTED_IDENTIFIER -> text.startsWith("`") ? unquote(text, '`') : unquote(text, '"');
            case STRING -> unquote(text, '\'');
            default -> text;
        };
    }

    private static String unquote(String quoted, char quote) {
        if (quoted.length() >= 2 && quoted.charAt(0) == quote && quoted.charAt(quoted.length() - 1) == quote) {
            String inner = quoted.substring(1, quoted.length() - 1);
            return inner.replace(String.valueOf(quote) + quote, String.valueOf(quote));
        }
        return quoted.length() >= 1 && quoted.charAt(0) == quote ? quoted.substring(1) : quoted;
    }
}
