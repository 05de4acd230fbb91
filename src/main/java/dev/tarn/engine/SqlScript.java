package dev.tarn.engine;

import java.util.ArrayList;
import java.util.List;

/** A SQL text split into its statements at top-level semicolons, each classified by its kind. */
public final class SqlScript {
    private SqlScript() {
    }

    /**
     * One statement of a script: its text without the trailing semicolon, where it starts, its tokens
     * and kind. Token positions are positions in the whole script, not in {@link #text()}; a reader
     * that cuts the text by position tokenizes the statement's text itself.
     */
    public record Statement(String text, int offset, List<SqlToken> tokens, StatementKind kind) {
        public Statement {
            tokens = List.copyOf(tokens);
        }

        /** The n-th token that is not a comment, if there is one. */
        public java.util.Optional<SqlToken> token(int index) {
            return index < tokens.size() ? java.util.Optional.of(tokens.get(index)) : java.util.Optional.empty();
        }
    }

    /** The statements of {@code text}; empty statements (stray semicolons, comments only) are dropped. */
    public static List<Statement> split(String text) {
        List<Statement> statements = new ArrayList<>();
        List<SqlToken> current = new ArrayList<>();
        for (SqlToken token : SqlLexer.tokenize(text)) {
            if (token.type() == SqlToken.Type.SEMICOLON) {
                add(text, current, statements);
                current = new ArrayList<>();
            } else if (token.type() != SqlToken.Type.COMMENT) {
                current.add(token);
            }
        }
        add(text, current, statements);
        return List.copyOf(statements);
    }

    private static void add(String text, List<SqlToken> tokens, List<Statement> statements) {
        if (tokens.isEmpty()) {
            return;
        }
        int start = tokens.get(0).start();
        int end = tokens.get(tokens.size() - 1).end();
        statements.add(new Statement(text.substring(start, end), start, tokens, StatementKind.of(tokens)));
    }
}
