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
import java.util.OptionalInt;

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
        if (reader.isKeyword(1, "TOPIC") && (reader.isKeyword(0, "CREATE") || reader.isKeyword(0, "DROP") || reader.isKeyword(0, "CLEAR")
                || reader.isKeyword(0, "ALTER"))) {
            return Optional.of(topicStatement());
        }
        if (reader.isKeyword(0, "CONSUME") && reader.isKeyword(1, "FROM")) {
            return Optional.of(consume());
        }
        if (reader.isKeyword(0, "ACK")) {
            return Optional.of(acknowledge());
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

    private DialectStatement topicStatement() {
        String verb = tokens.get(0).text().toUpperCase(Locale.ROOT);
        reader.moveTo(2);
        switch (verb) {
            case "CREATE" -> {
                boolean ifNotExists = reader.optional("IF", "NOT", "EXISTS");
                String topic = dottedName();
                OptionalInt partitions = OptionalInt.empty();
                if (reader.optional("PARTITIONS")) {
                    partitions = OptionalInt.of(integer("the number of partitions"));
                }
                reader.end();
                return new DialectStatement.CreateTopic(topic, partitions, ifNotExists);
            }
            case "DROP" -> {
                boolean ifExists = reader.optional("IF", "EXISTS");
                String topic = dottedName();
                reader.end();
                return new DialectStatement.DropTopic(topic, ifExists);
            }
            case "CLEAR" -> {
                String topic = dottedName();
                reader.end();
                return new DialectStatement.ClearTopic(topic);
            }
            default -> {
                String topic = dottedName();
                if (reader.optional("SET", "RETENTION")) {
                    reader.expect("WITH");
                    Map<String, String> options = options();
                    reader.end();
                    if (options.isEmpty()) {
                        throw error("SET RETENTION needs retention_seconds and/or retention_max_bytes");
                    }
                    return new DialectStatement.TopicRetention(topic, options);
                }
                if (reader.optional("CLEAR", "RETENTION")) {
                    reader.end();
                    return new DialectStatement.TopicRetention(topic, Map.of());
                }
                reader.expect("ADD");
                reader.expect("SOURCE");
                List<String> table = new java.util.ArrayList<>(List.of(reader.name("a table name")));
                while (reader.optionalSymbol(".")) {
                    table.add(reader.name("a table name"));
                }
                reader.expect("ON");
                String operation = reader.name("INSERT, UPDATE or DELETE");
                Optional<String> filter = Optional.empty();
                int withAt = optionsClauseStart();
                if (reader.optional("WHERE")) {
                    int end = withAt < 0 ? tokens.size() : withAt;
                    if (end <= reader.position()) {
                        throw error("Expected a condition after WHERE");
                    }
                    filter = Optional.of(text.substring(tokens.get(reader.position()).start(), tokens.get(end - 1).end()));
                    reader.moveTo(end);
                }
                Map<String, String> options = Map.of();
                if (reader.optional("WITH")) {
                    options = options();
                }
                reader.end();
                return new DialectStatement.AddTopicSource(topic, table, operation, filter, options);
            }
        }
    }

    /** Where a trailing WITH ( … ) that ends the statement begins, or -1: what comes before it is the WHERE condition. */
    private int optionsClauseStart() {
        for (int i = tokens.size() - 1; i > reader.position(); i--) {
            if (reader.isKeyword(i, "WITH") && reader.isSymbol(i + 1, "(")) {
                try {
                    return reader.matching(i + 1) == tokens.size() - 1 ? i : -1;
                } catch (TarnException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private DialectStatement consume() {
        reader.moveTo(2);
        String topic = dottedName();
        Optional<String> group = Optional.empty();
        OptionalInt partition = OptionalInt.empty();
        Optional<String> start = Optional.empty();
        OptionalInt limit = OptionalInt.empty();
        while (reader.position() < tokens.size()) {
            if (reader.optional("GROUP")) {
                group = Optional.of(groupName());
            } else if (reader.optional("PARTITION")) {
                partition = OptionalInt.of(integer("a partition number"));
            } else if (reader.optional("FROM")) {
                reader.optional("OFFSET");
                SqlToken position = reader.take("EARLIEST, LATEST or an offset");
                if (position.type() == SqlToken.Type.NUMBER || position.isKeyword("EARLIEST") || position.isKeyword("LATEST")) {
                    start = Optional.of(position.text().toUpperCase(Locale.ROOT));
                } else {
                    throw error("Expected EARLIEST, LATEST or an offset after FROM, found '" + position.text() + "'");
                }
            } else if (reader.optional("LIMIT")) {
                limit = OptionalInt.of(integer("a limit"));
            } else {
                throw error("Unexpected '" + tokens.get(reader.position()).text() + "': CONSUME FROM topic [GROUP 'g'] [PARTITION p] "
                        + "[FROM EARLIEST|LATEST|offset] [LIMIT n]");
            }
        }
        return new DialectStatement.ConsumeTopic(topic, group, partition, start, limit);
    }

    private DialectStatement acknowledge() {
        reader.moveTo(1);
        String topic = dottedName();
        reader.expect("GROUP");
        String group = groupName();
        OptionalInt partition = OptionalInt.empty();
        if (reader.optional("PARTITION")) {
            partition = OptionalInt.of(integer("a partition number"));
        }
        reader.expect("UPTO");
        reader.optional("OFFSET");
        SqlToken offset = reader.take("an offset");
        if (offset.type() != SqlToken.Type.NUMBER) {
            throw error("Expected an offset after UPTO OFFSET, found '" + offset.text() + "'");
        }
        reader.end();
        try {
            return new DialectStatement.AcknowledgeTopic(topic, group, partition, Long.parseLong(offset.text()));
        } catch (NumberFormatException e) {
            throw error("The offset must be a whole number, not '" + offset.text() + "'");
        }
    }

    private String groupName() {
        SqlToken group = reader.take("a group name");
        if (group.type() == SqlToken.Type.STRING) {
            return group.identifier();
        }
        if (group.type() == SqlToken.Type.WORD || group.type() == SqlToken.Type.QUOTED_IDENTIFIER) {
            return group.type() == SqlToken.Type.WORD ? group.text() : group.identifier();
        }
        throw error("Expected a group name such as 'billing', found '" + group.text() + "'");
    }

    private int integer(String what) {
        SqlToken number = reader.take(what);
        try {
            if (number.type() == SqlToken.Type.NUMBER) {
                return Integer.parseInt(number.text());
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw error("Expected " + what + " as a whole number, found '" + number.text() + "'");
    }

    /** name or namespace.name, as one dotted text. */
    private String dottedName() {
        String[] name = qualifiedName();
        return name[0] == null ? name[1] : name[0] + "." + name[1];
    }

    /** ( key = value, … ) with values as literals or words; keys in lower case. */
    private Map<String, String> options() {
        if (!reader.isSymbol(reader.position(), "(")) {
            throw error("Expected '(' after WITH");
        }
        int close = reader.matching(reader.position());
        reader.moveTo(reader.position() + 1);
        Map<String, String> options = new LinkedHashMap<>();
        while (reader.position() < close) {
            String written = reader.take("an option name").text();
            if (!reader.optionalSymbol("=")) {
                throw error("Expected '=' after the option " + written);
            }
            SqlToken value = reader.take("the value of " + written);
            if (options.put(written.toLowerCase(Locale.ROOT), value.type() == SqlToken.Type.STRING ? value.identifier() : value.text()) != null) {
                throw error("The option " + written + " is given twice");
            }
            reader.optionalSymbol(",");
        }
        reader.moveTo(close + 1);
        return options;
    }

    private DialectStatement createTable() {
        Optional<TableType> type = typeAt(1);
        reader.moveTo(type.isPresent() ? 3 : 2);
        boolean ifNotExists = reader.optional("IF", "NOT", "EXISTS");
        String[] name = qualifiedName();
        String columns = parenthesized("'(' and the column list after the table name");
        Map<String, String> options = new LinkedHashMap<>();
        if (reader.optional("WITH")) {
            // table options are compared in upper case, as the contract writes them
            options().forEach((key, value) -> options.put(key.toUpperCase(Locale.ROOT), value));
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
