package dev.tarn.realtime;

import dev.tarn.engine.SqlToken;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises the realtime dialect's own statements from their tokens (namespaces, typed tables,
 * SHOW/DESCRIBE forms, EXECUTE AS). Everything else is left to DuckDB. This reads a handful of
 * fixed statement shapes; it is not a SQL parser: column lists and inner statements are passed on
 * as text for DuckDB to parse.
 */
final class DialectReader {
    private final String text;
    private final List<SqlToken> tokens;
    private int position;

    private DialectReader(String text, List<SqlToken> tokens) {
        this.text = text;
        this.tokens = tokens;
    }

    /**
     * The dialect statement in {@code text}, or empty when DuckDB should read it. The text is
     * tokenized here, so token positions are positions in this text (a statement's tokens from a
     * whole script would point into the script).
     */
    static Optional<DialectStatement> read(String text) {
        List<SqlToken> tokens = dev.tarn.engine.SqlLexer.tokenize(text).stream()
                .filter(token -> token.type() != SqlToken.Type.COMMENT).toList();
        return new DialectReader(text, tokens).statement();
    }

    private Optional<DialectStatement> statement() {
        if (tokens.isEmpty()) {
            return Optional.empty();
        }
        if (is(0, "CREATE") && is(1, "NAMESPACE")) {
            position = 2;
            boolean ifNotExists = optional("IF", "NOT", "EXISTS");
            String name = name();
            end();
            return Optional.of(new DialectStatement.CreateNamespace(name, ifNotExists));
        }
        if (is(0, "DROP") && is(1, "NAMESPACE")) {
            position = 2;
            boolean ifExists = optional("IF", "EXISTS");
            String name = name();
            boolean cascade = optional("CASCADE");
            end();
            return Optional.of(new DialectStatement.DropNamespace(name, ifExists, cascade));
        }
        if (is(0, "ALTER") && is(1, "NAMESPACE")) {
            position = 2;
            String name = name();
            expect("SET");
            expect("DESCRIPTION");
            String description = string();
            end();
            return Optional.of(new DialectStatement.AlterNamespace(name, description));
        }
        if (is(0, "SHOW") && is(1, "NAMESPACES") && tokens.size() == 2) {
            return Optional.of(new DialectStatement.ShowNamespaces());
        }
        if ((is(0, "USE") || is(0, "SET")) && is(1, "NAMESPACE")) {
            position = 2;
            String name = name();
            end();
            return Optional.of(new DialectStatement.UseNamespace(name));
        }
        if (is(0, "USE") && tokens.size() == 2) {
            position = 1;
            return Optional.of(new DialectStatement.UseNamespace(name()));
        }
        if (is(0, "CREATE") && (is(1, "TABLE") || (typeAt(1).isPresent() && is(2, "TABLE")))) {
            return Optional.of(createTable());
        }
        if (is(0, "DROP") && (is(1, "TABLE") || (typeAt(1).isPresent() && is(2, "TABLE")))) {
            Optional<TableType> type = typeAt(1);
            position = type.isPresent() ? 3 : 2;
            boolean ifExists = optional("IF", "EXISTS");
            String[] name = qualifiedName();
            end();
            return Optional.of(new DialectStatement.DropTable(type, ifExists, Optional.ofNullable(name[0]), name[1]));
        }
        if (is(0, "SHOW") && is(1, "TABLES")) {
            position = 2;
            Optional<String> namespace = Optional.empty();
            if (optional("IN")) {
                optional("NAMESPACE");
                namespace = Optional.of(name());
            }
            end();
            return Optional.of(new DialectStatement.ShowTables(namespace));
        }
        if ((is(0, "DESCRIBE") || is(0, "DESC")) && is(1, "TABLE")) {
            position = 2;
            String[] name = qualifiedName();
            end();
            return Optional.of(new DialectStatement.DescribeTable(Optional.ofNullable(name[0]), name[1]));
        }
        if (is(0, "EXECUTE") && is(1, "AS")) {
            return Optional.of(executeAs());
        }
        return Optional.empty();
    }

    private DialectStatement createTable() {
        Optional<TableType> type = typeAt(1);
        position = type.isPresent() ? 3 : 2;
        boolean ifNotExists = optional("IF", "NOT", "EXISTS");
        String[] name = qualifiedName();
        int open = position;
        if (!symbol(open, "(")) {
            throw error("Expected '(' and the column list after the table name");
        }
        int close = matching(open);
        String columns = text.substring(tokens.get(open).end(), tokens.get(close).start());
        position = close + 1;
        Map<String, String> options = new LinkedHashMap<>();
        if (optional("WITH")) {
            if (!symbol(position, "(")) {
                throw error("Expected '(' after WITH");
            }
            int optionsClose = matching(position);
            position++;
            while (position < optionsClose) {
                String key = take("an option name").text().toUpperCase(Locale.ROOT);
                if (!symbol(position, "=")) {
                    throw error("Expected '=' after the option " + key);
                }
                position++;
                SqlToken value = take("the value of " + key);
                if (options.put(key, value.type() == SqlToken.Type.STRING ? value.identifier() : value.text()) != null) {
                    throw error("The option " + key + " is given twice");
                }
                if (symbol(position, ",")) {
                    position++;
                }
            }
            position = optionsClose + 1;
        }
        if (optional("USING")) {
            name();
        }
        end();
        return new DialectStatement.CreateTable(type, ifNotExists, Optional.ofNullable(name[0]), name[1], columns, options);
    }

    private DialectStatement executeAs() {
        position = 2;
        optional("USER");
        SqlToken user = take("a user name");
        String userName = user.type() == SqlToken.Type.WORD ? user.text() : user.identifier();
        if (!symbol(position, "(")) {
            throw error("Expected '(' and one statement after EXECUTE AS USER '" + userName + "'");
        }
        int close = matching(position);
        String inner = text.substring(tokens.get(position).end(), tokens.get(close).start()).trim();
        position = close + 1;
        end();
        if (inner.isEmpty()) {
            throw error("EXECUTE AS needs a statement inside the parentheses");
        }
        return new DialectStatement.ExecuteAs(userName, inner);
    }

    private Optional<TableType> typeAt(int index) {
        if (index >= tokens.size() || tokens.get(index).type() != SqlToken.Type.WORD) {
            return Optional.empty();
        }
        return switch (tokens.get(index).text().toUpperCase(Locale.ROOT)) {
            case "USER" -> Optional.of(TableType.USER);
            case "SHARED" -> Optional.of(TableType.SHARED);
            case "STREAM" -> Optional.of(TableType.STREAM);
            default -> Optional.empty();
        };
    }

    /** [namespace.]name; the namespace part is null when absent. */
    private String[] qualifiedName() {
        String first = name();
        if (symbol(position, ".")) {
            position++;
            return new String[] {first, name()};
        }
        return new String[] {null, first};
    }

    private String name() {
        SqlToken token = take("a name");
        if (token.type() != SqlToken.Type.WORD && token.type() != SqlToken.Type.QUOTED_IDENTIFIER) {
            throw error("Expected a name, found '" + token.text() + "'");
        }
        return token.type() == SqlToken.Type.WORD ? token.text() : token.identifier();
    }

    private String string() {
        SqlToken token = take("a quoted string");
        if (token.type() != SqlToken.Type.STRING) {
            throw error("Expected a quoted string, found '" + token.text() + "'");
        }
        return token.identifier();
    }

    private int matching(int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            if (symbol(i, "(")) {
                depth++;
            } else if (symbol(i, ")") && --depth == 0) {
                return i;
            }
        }
        throw error("A '(' is never closed");
    }

    private boolean optional(String... keywords) {
        for (int i = 0; i < keywords.length; i++) {
            if (!is(position + i, keywords[i])) {
                return false;
            }
        }
        position += keywords.length;
        return true;
    }

    private void expect(String keyword) {
        if (!optional(keyword)) {
            throw error("Expected " + keyword + (position < tokens.size() ? ", found '" + tokens.get(position).text() + "'" : " at the end"));
        }
    }

    private SqlToken take(String what) {
        if (position >= tokens.size()) {
            throw error("Expected " + what + " at the end of the statement");
        }
        return tokens.get(position++);
    }

    private void end() {
        if (position < tokens.size()) {
            throw error("Unexpected '" + tokens.get(position).text() + "'");
        }
    }

    private boolean is(int index, String keyword) {
        return index < tokens.size() && tokens.get(index).isKeyword(keyword);
    }

    private boolean symbol(int index, String symbol) {
        return index < tokens.size() && tokens.get(index).type() == SqlToken.Type.SYMBOL && tokens.get(index).text().equals(symbol);
    }

    private static TarnException error(String message) {
        return new TarnException(ErrorCode.INVALID_STATEMENT, "Parser Error: " + message);
    }
}
