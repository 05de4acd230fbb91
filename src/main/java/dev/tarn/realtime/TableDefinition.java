package dev.tarn.realtime;

import dev.tarn.engine.SqlLexer;
import dev.tarn.engine.SqlQuoting;
import dev.tarn.engine.SqlToken;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Turns the dialect's CREATE TABLE into DuckDB's: checks the options and the primary key, maps
 * the dialect's defaults and serial types to Tarn's macros, and adds the system columns: {@code _seq}
 * (a Snowflake id, the row version) on every table, {@code _deleted} on USER and SHARED tables, and
 * on per-user tables the hidden owner column, which also leads the primary key.
 */
final class TableDefinition {
    static final String OWNER_COLUMN = "_user_id";

    private static final Set<String> RESERVED_COLUMNS = Set.of("_seq", "_deleted", "_id", "_row_id", "_rowid", "_key", "_updated",
            "_created", "_timestamp", "_version", "_hash", OWNER_COLUMN);
    private static final Map<TableType, Set<String>> OPTIONS = Map.of(
            TableType.USER, Set.of("TYPE", "STORAGE_ID", "USE_USER_STORAGE", "FLUSH_POLICY", "DELETED_RETENTION_HOURS"),
            TableType.SHARED, Set.of("TYPE", "STORAGE_ID", "FLUSH_POLICY", "DELETED_RETENTION_HOURS", "ACCESS_LEVEL"),
            TableType.STREAM, Set.of("TYPE", "TTL_SECONDS"));

    private TableDefinition() {
    }

    /** The type the statement asks for: the prefix or WITH (TYPE=…), SHARED when neither, an error when they differ. */
    static TableType type(DialectStatement.CreateTable create) {
        TableType fromOption = create.options().containsKey("TYPE") ? TableType.parse(create.options().get("TYPE")) : null;
        if (create.type().isPresent() && fromOption != null && create.type().get() != fromOption) {
            throw invalid("The table type " + create.type().get() + " conflicts with WITH (TYPE = '" + fromOption + "')");
        }
        return create.type().orElse(fromOption == null ? TableType.SHARED : fromOption);
    }

    static RealtimeTable metadata(DialectStatement.CreateTable create, String namespace) {
        TableType type = type(create);
        for (String option : create.options().keySet()) {
            if (!OPTIONS.get(type).contains(option)) {
                throw invalid("Unknown table option " + option + " for a " + type + " table; allowed: " + String.join(", ", OPTIONS.get(type)));
            }
        }
        AccessLevel level = create.options().containsKey("ACCESS_LEVEL") ? AccessLevel.parse(create.options().get("ACCESS_LEVEL")) : AccessLevel.PRIVATE;
        OptionalLong ttl = OptionalLong.empty();
        if (create.options().containsKey("TTL_SECONDS")) {
            try {
                ttl = OptionalLong.of(Long.parseLong(create.options().get("TTL_SECONDS")));
            } catch (NumberFormatException e) {
                throw invalid("TTL_SECONDS must be a whole number of seconds");
            }
            if (ttl.getAsLong() <= 0) {
                throw invalid("TTL_SECONDS must be positive");
            }
        }
        if (type == TableType.STREAM && ttl.isEmpty()) {
            throw invalid("A STREAM table needs WITH (TTL_SECONDS = n)");
        }
        return new RealtimeTable(namespace, create.name(), type, level, ttl);
    }

    /** DuckDB's CREATE TABLE for the statement. */
    static String createSql(DialectStatement.CreateTable create, RealtimeTable table) {
        List<String> definitions = new ArrayList<>();
        List<String> primaryKey = new ArrayList<>();
        for (String segment : segments(create.columns())) {
            columnOrConstraint(segment, primaryKey).ifPresent(definitions::add);
        }
        if (definitions.isEmpty()) {
            throw invalid("A table needs at least one column");
        }
        if (primaryKey.isEmpty() && table.type() != TableType.STREAM) {
            throw invalid("A " + table.type() + " table needs a PRIMARY KEY column");
        }
        List<String> all = new ArrayList<>();
        if (table.type().perUser()) {
            all.add(SqlQuoting.identifier(OWNER_COLUMN) + " VARCHAR NOT NULL DEFAULT " + CurrentUser.EXPRESSION);
        }
        all.addAll(definitions);
        all.add("\"_seq\" BIGINT NOT NULL DEFAULT snowflake_id()");
        if (table.type() != TableType.STREAM) {
            all.add("\"_deleted\" BOOLEAN NOT NULL DEFAULT false");
        }
        if (!primaryKey.isEmpty()) {
            List<String> key = new ArrayList<>();
            if (table.type().perUser()) {
                key.add(SqlQuoting.identifier(OWNER_COLUMN));
            }
            primaryKey.forEach(column -> key.add(SqlQuoting.identifier(column)));
            all.add("PRIMARY KEY (" + String.join(", ", key) + ")");
        }
        return "CREATE TABLE " + (create.ifNotExists() ? "IF NOT EXISTS " : "") + "memory." + SqlQuoting.identifier(table.namespace())
                + "." + SqlQuoting.identifier(table.name()) + " (\n  " + String.join(",\n  ", all) + "\n)";
    }

    /** One column definition, mapped; or empty for a table constraint that only names the primary key. */
    private static java.util.Optional<String> columnOrConstraint(String segment, List<String> primaryKey) {
        List<SqlToken> tokens = withoutComments(segment);
        int first = 0;
        if (tokens.get(0).isKeyword("CONSTRAINT") && tokens.size() > 2) {
            first = 2;
        }
        if (tokens.get(first).isKeyword("PRIMARY") && tokens.size() > first + 1 && tokens.get(first + 1).isKeyword("KEY")) {
            for (SqlToken token : tokens.subList(first + 2, tokens.size())) {
                if (token.type() == SqlToken.Type.WORD || token.type() == SqlToken.Type.QUOTED_IDENTIFIER) {
                    primaryKey.add(token.identifier());
                }
            }
            return java.util.Optional.empty();
        }
        String name = tokens.get(0).identifier();
        if (RESERVED_COLUMNS.contains(name.toLowerCase(Locale.ROOT))) {
            throw invalid("The column name " + name + " is reserved for the system; choose another");
        }
        List<Edit> edits = new ArrayList<>();
        for (int i = 1; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (token.isKeyword("PRIMARY") && i + 1 < tokens.size() && tokens.get(i + 1).isKeyword("KEY")) {
                primaryKey.add(name);
                edits.add(new Edit(token.start(), tokens.get(i + 1).end(), ""));
                i++;
            } else if (token.isKeyword("SERIAL") || token.isKeyword("BIGSERIAL") || token.isKeyword("SMALLSERIAL")) {
                edits.add(new Edit(token.start(), token.end(), "BIGINT DEFAULT snowflake_id()"));
            } else if (i == 1 && token.isKeyword("FILE")) {
                // a FILE column holds its file reference as JSON text; FileColumns remembers the type
                edits.add(new Edit(token.start(), token.end(), "VARCHAR"));
            } else if (token.isKeyword("AUTO_INCREMENT")) {
                edits.add(new Edit(token.start(), token.end(), "DEFAULT snowflake_id()"));
            }
        }
        StringBuilder mapped = new StringBuilder(segment);
        edits.sort(Comparator.comparingInt(Edit::start).reversed());
        for (Edit edit : edits) {
            mapped.replace(edit.start(), edit.end(), edit.replacement());
        }
        return java.util.Optional.of(CurrentUser.expand(mapped.toString().trim()));
    }

    /** The columns the statement declares as FILE. */
    static List<String> fileColumns(DialectStatement.CreateTable create) {
        List<String> columns = new ArrayList<>();
        for (String segment : segments(create.columns())) {
            List<SqlToken> tokens = withoutComments(segment);
            if (tokens.size() > 1 && tokens.get(1).isKeyword("FILE")) {
                columns.add(tokens.get(0).identifier());
            }
        }
        return columns;
    }

    private record Edit(int start, int end, String replacement) {
    }

    /** The column list split at its top-level commas. */
    private static List<String> segments(String columns) {
        List<String> segments = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (SqlToken token : SqlLexer.tokenize(columns)) {
            if (token.type() != SqlToken.Type.SYMBOL) {
                continue;
            }
            switch (token.text()) {
                case "(" -> depth++;
                case ")" -> depth--;
                case "," -> {
                    if (depth == 0) {
                        segments.add(columns.substring(start, token.start()));
                        start = token.end();
                    }
                }
                default -> {
                }
            }
        }
        segments.add(columns.substring(start));
        return segments.stream().filter(segment -> !withoutComments(segment).isEmpty()).toList();
    }

    private static List<SqlToken> withoutComments(String text) {
        return SqlLexer.tokenize(text).stream().filter(token -> token.type() != SqlToken.Type.COMMENT).toList();
    }

    private static TarnException invalid(String message) {
        return new TarnException(ErrorCode.INVALID_STATEMENT, message);
    }
}
