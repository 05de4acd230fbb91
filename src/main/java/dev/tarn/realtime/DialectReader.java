package dev.tarn.realtime;

import dev.tarn.engine.SqlToken;
import dev.tarn.engine.SqlTokenReader;
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
    private final SqlTokenReader reader;

    private DialectReader(String text, List<SqlToken> tokens) {
        this.text = text;
        this.tokens = tokens;
        this.reader = new SqlTokenReader(tokens, DialectReader::error);
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
        if (reader.isKeyword(0, "CREATE") && reader.isKeyword(1, "NAMESPACE")) {
            reader.moveTo(2);
            boolean ifNotExists = reader.optional("IF", "NOT", "EXISTS");
            String name = reader.name("a name");
            reader.end();
            return Optional.of(new DialectStatement.CreateNamespace(name, ifNotExists));
        }
        if (reader.isKeyword(0, "DROP") && reader.isKeyword(1, "NAMESPACE")) {
            reader.moveTo(2);
            boolean ifExists = reader.optional("IF", "EXISTS");
            String name = reader.name("a name");
            boolean cascade = reader.optional("CASCADE");
            reader.end();
            return Optional.of(new DialectStatement.DropNamespace(name, ifExists, cascade));
        }
        if (reader.isKeyword(0, "ALTER") && reader.isKeyword(1, "NAMESPACE")) {
            reader.moveTo(2);
            String name = reader.name("a name");
            reader.expect("SET");
            reader.expect("DESCRIPTION");
            String description = reader.string("the description");
            reader.end();
            return Optional.of(new DialectStatement.AlterNamespace(name, description));
        }
        if (reader.isKeyword(0, "SHOW") && reader.isKeyword(1, "NAMESPACES") && tokens.size() == 2) {
            return Optional.of(new DialectStatement.ShowNamespaces());
        }
        if ((reader.isKeyword(0, "USE") || reader.isKeyword(0, "SET")) && reader.isKeyword(1, "NAMESPACE")) {
            reader.moveTo(2);
            String name = reader.name("a name");
            reader.end();
            return Optional.of(new DialectStatement.UseNamespace(name));
        }
        if (reader.isKeyword(0, "USE") && tokens.size() == 2) {
            reader.moveTo(1);
            return Optional.of(new DialectStatement.UseNamespace(reader.name("a name")));
        }
        if (reader.isKeyword(0, "CREATE") && (reader.isKeyword(1, "TABLE") || (typeAt(1).isPresent() && reader.isKeyword(2, "TABLE")))) {
            return Optional.of(createTable());
        }
        if (reader.isKeyword(0, "DROP") && (reader.isKeyword(1, "TABLE") || (typeAt(1).isPresent() && reader.isKeyword(2, "TABLE")))) {
            Optional<TableType> type = typeAt(1);
            reader.moveTo(type.isPresent() ? 3 : 2);
            boolean ifExists = reader.optional("IF", "EXISTS");
            String[] name = qualifiedName();
            reader.end();
            return Optional.of(new DialectStatement.DropTable(type, ifExists, Optional.ofNullable(name[0]), name[1]));
        }
        if (reader.isKeyword(0, "SHOW") && reader.isKeyword(1, "TABLES")) {
            reader.moveTo(2);
            Optional<String> namespace = Optional.empty();
            if (reader.optional("IN")) {
                reader.optional("NAMESPACE");
                namespace = Optional.of(reader.name("a name"));
            }
            reader.end();
            return Optional.of(new DialectStatement.ShowTables(namespace));
        }
        if ((reader.isKeyword(0, "DESCRIBE") || reader.isKeyword(0, "DESC")) && reader.isKeyword(1, "TABLE")) {
            reader.moveTo(2);
            String[] name = qualifiedName();
            reader.end();
            return Optional.of(new DialectStatement.DescribeTable(Optional.ofNullable(name[0]), name[1]));
        }
        if (reader.isKeyword(0, "EXECUTE") && reader.isKeyword(1, "AS")) {
            return Optional.of(executeAs());
        }
        if (reader.isKeyword(0, "SUBSCRIBE") && reader.isKeyword(1, "TO")) {
            return Optional.of(subscribeTo());
        }
        if (reader.isKeyword(0, "KILL") && reader.isKeyword(1, "LIVE") && reader.isKeyword(2, "QUERY")) {
            reader.moveTo(3);
            SqlToken id = reader.take("the live query id");
            reader.end();
            return Optional.of(new DialectStatement.KillLiveQuery(id.type() == SqlToken.Type.WORD || id.type() == SqlToken.Type.NUMBER
                    ? id.text() : id.identifier()));
        }
        return Optional.empty();
    }

    /** The WHERE text runs to OPTIONS (…) at the end, or to the end; DuckDB and the live-query reader check it. */
    private DialectStatement subscribeTo() {
        reader.moveTo(2);
        String[] name = qualifiedName();
        if (name[0] == null) {
            throw error("Write the table as namespace.table after SUBSCRIBE TO");
        }
        int end = tokens.size();
        Map<String, Long> options = new LinkedHashMap<>();
        int last = tokens.size() - 1;
        for (int i = reader.position(); i < last; i++) {
            if (tokens.get(i).isKeyword("OPTIONS") && reader.isSymbol(i + 1, "(") && reader.matching(i + 1) == last) {
                end = i;
                int position = i + 2;
                while (position < last) {
                    String key = tokens.get(position).text().toLowerCase(Locale.ROOT);
                    if (!reader.isSymbol(position + 1, "=") || position + 2 >= last || tokens.get(position + 2).type() != SqlToken.Type.NUMBER) {
                        throw error("Expected OPTIONS (name = number, …)");
                    }
                    try {
                        options.put(key, Long.parseLong(tokens.get(position + 2).text()));
                    } catch (NumberFormatException e) {
                        throw error("The option " + key + " must be a whole number");
                    }
                    position += 3;
                    if (reader.isSymbol(position, ",")) {
                        position++;
                    }
                }
                break;
            }
        }
        Optional<String> where = Optional.empty();
        if (reader.position() < end) {
            if (!reader.isKeyword(reader.position(), "WHERE") || reader.position() + 1 >= end) {
                throw error("Expected WHERE or OPTIONS after SUBSCRIBE TO " + name[0] + "." + name[1]);
            }
            where = Optional.of(text.substring(tokens.get(reader.position() + 1).start(), tokens.get(end - 1).end()));
        }
        return new DialectStatement.SubscribeTo(name[0], name[1], where, options);
    }

    private DialectStatement createTable() {
        Optional<TableType> type = typeAt(1);
        reader.moveTo(type.isPresent() ? 3 : 2);
        boolean ifNotExists = reader.optional("IF", "NOT", "EXISTS");
        String[] name = qualifiedName();
        String columns = parenthesized("'(' and the column list after the table name");
        Map<String, String> options = new LinkedHashMap<>();
        if (reader.optional("WITH")) {
            if (!reader.isSymbol(reader.position(), "(")) {
                throw error("Expected '(' after WITH");
            }
            int optionsClose = reader.matching(reader.position());
            reader.moveTo(reader.position() + 1);
            while (reader.position() < optionsClose) {
                String key = reader.take("an option name").text().toUpperCase(Locale.ROOT);
                if (!reader.optionalSymbol("=")) {
                    throw error("Expected '=' after the option " + key);
                }
                SqlToken value = reader.take("the value of " + key);
                if (options.put(key, value.type() == SqlToken.Type.STRING ? value.identifier() : value.text()) != null) {
                    throw error("The option " + key + " is given twice");
                }
                reader.optionalSymbol(",");
            }
            reader.moveTo(optionsClose + 1);
        }
        if (reader.optional("USING")) {
            reader.name("a storage name");
        }
        reader.end();
        return new DialectStatement.CreateTable(type, ifNotExists, Optional.ofNullable(name[0]), name[1], columns, options);
    }

    private DialectStatement executeAs() {
        reader.moveTo(2);
        reader.optional("USER");
        SqlToken user = reader.take("a user name");
        String userName = user.type() == SqlToken.Type.WORD ? user.text() : user.identifier();
        String inner = parenthesized("'(' and one statement after EXECUTE AS USER '" + userName + "'").trim();
        reader.end();
        if (inner.isEmpty()) {
            throw error("EXECUTE AS needs a statement inside the parentheses");
        }
        return new DialectStatement.ExecuteAs(userName, inner);
    }

    /** The text between the '(' that comes next and its ')', passed on as written; reading moves past it. */
    private String parenthesized(String expected) {
        int open = reader.position();
        if (!reader.isSymbol(open, "(")) {
            throw error("Expected " + expected);
        }
        int close = reader.matching(open);
        reader.moveTo(close + 1);
        return text.substring(tokens.get(open).end(), tokens.get(close).start());
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
        String first = reader.name("a name");
        if (reader.optionalSymbol(".")) {
            return new String[] {first, reader.name("a name")};
        }
        return new String[] {null, first};
    }

    private static TarnException error(String message) {
        return new TarnException(ErrorCode.INVALID_STATEMENT, "Parser Error: " + message);
    }
}
