package dev.tarn.engine;

import java.util.List;
import java.util.function.Function;

/**
 * A cursor over a statement's tokens for the few statement shapes Tarn reads itself (user
 * management, the realtime dialect). Every mistake becomes the caller's own error, naming what was
 * expected and what was found, so a user learns what to change.
 */
public final class SqlTokenReader {
    private final List<SqlToken> tokens;
    private final Function<String, ? extends RuntimeException> errors;
    private int position;

    /** {@code errors} turns a message into the exception the caller's statements fail with. */
    public SqlTokenReader(List<SqlToken> tokens, Function<String, ? extends RuntimeException> errors) {
        this.tokens = tokens;
        this.errors = errors;
    }

    public int position() {
        return position;
    }

    public void moveTo(int index) {
        position = index;
    }

    public SqlToken tokenAt(int index) {
        return tokens.get(index);
    }

    public boolean isKeyword(int index, String keyword) {
        return index < tokens.size() && tokens.get(index).isKeyword(keyword);
    }

    public boolean isSymbol(int index, String symbol) {
        return index < tokens.size() && tokens.get(index).type() == SqlToken.Type.SYMBOL
                && tokens.get(index).text().equals(symbol);
    }

    /** Consumes the keywords when they all come next, in order. */
    public boolean optional(String... keywords) {
        for (int i = 0; i < keywords.length; i++) {
            if (!isKeyword(position + i, keywords[i])) {
                return false;
            }
        }
        position += keywords.length;
        return true;
    }

    public void expect(String keyword) {
        if (!optional(keyword)) {
            throw error("Expected " + keyword + (position < tokens.size()
                    ? ", found '" + tokens.get(position).text() + "'" : " at the end of the statement"));
        }
    }

    /** Consumes the symbol when it comes next. */
    public boolean optionalSymbol(String symbol) {
        if (!isSymbol(position, symbol)) {
            return false;
        }
        position++;
        return true;
    }

    public SqlToken take(String what) {
        if (position >= tokens.size()) {
            throw error("Expected " + what + " at the end of the statement");
        }
        return tokens.get(position++);
    }

    /** A plain or double-quoted identifier, as the name it denotes. */
    public String name(String what) {
        SqlToken token = take(what);
        if (token.type() != SqlToken.Type.WORD && token.type() != SqlToken.Type.QUOTED_IDENTIFIER) {
            throw error("Expected " + what + ", found '" + token.text() + "'");
        }
        return token.type() == SqlToken.Type.WORD ? token.text() : token.identifier();
    }

    /** A single-quoted string literal, as the text it denotes. */
    public String string(String what) {
        SqlToken token = take(what);
        if (token.type() != SqlToken.Type.STRING || !token.terminated()) {
            throw error("Expected " + what + " as a quoted string, found '" + token.text() + "'");
        }
        return token.identifier();
    }

    /** The index of the ')' that closes the '(' at {@code open}. */
    public int matching(int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            if (isSymbol(i, "(")) {
                depth++;
            } else if (isSymbol(i, ")") && --depth == 0) {
                return i;
            }
        }
        throw error("A '(' is never closed");
    }

    public void end() {
        if (position < tokens.size()) {
            throw error("Unexpected '" + tokens.get(position).text() + "' after the end of the statement");
        }
    }

    public RuntimeException error(String message) {
        return errors.apply(message);
    }
}
