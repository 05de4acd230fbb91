package dev.tarn.query;

import dev.tarn.engine.Engine;
import dev.tarn.engine.Session;
import dev.tarn.engine.SqlLexer;
import dev.tarn.engine.SqlQuoting;
import dev.tarn.engine.SqlToken;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Suggests how to finish the word at the end of a SQL text: keywords, catalogs, schemas, tables,
 * columns and functions, chosen by the tokens before that word. It reads tokens rather than a parse,
 * because text still being typed rarely parses, and reads the engine's catalog afresh on every call,
 * because tables come and go.
 */
public final class Autocomplete {
    private static final List<String> STATEMENT_STARTERS = List.of("ALTER", "ANALYZE", "ATTACH", "BEGIN", "CALL", "CHECKPOINT",
            "COMMIT", "COPY", "CREATE", "DELETE", "DESCRIBE", "DETACH", "DROP", "EXPLAIN", "EXPORT", "FROM", "IMPORT", "INSERT", "PIVOT",
            "PRAGMA", "RESET", "ROLLBACK", "SELECT", "SET", "SHOW", "SUMMARIZE", "TRUNCATE", "UNPIVOT", "UPDATE", "USE", "VACUUM",
            "VALUES", "WITH");
    private static final Set<String> TABLE_LEADERS = Set.of("FROM", "JOIN", "INTO", "UPDATE", "TABLE", "DESCRIBE", "SUMMARIZE");
    private static final Set<String> EXPRESSION_LEADERS = Set.of("SELECT", "WHERE", "BY", "ON", "HAVING", "AND", "OR", "NOT", "WHEN",
            "THEN", "ELSE", "CASE", "DISTINCT", "SET", "IN", "LIKE", "ILIKE", "BETWEEN", "RETURNING", "QUALIFY", "USING");
    /** The clauses a comma can continue; only after FROM does it separate tables. */
    private static final Set<String> CLAUSE_KEYWORDS = Set.of("SELECT", "FROM", "WHERE", "GROUP", "ORDER", "HAVING", "SET", "VALUES",
            "ON", "USING", "QUALIFY", "WINDOW", "LIMIT", "RETURNING");
    /** Keywords that usually follow a name or start an expression; WHEN is left out so that WH finds WHERE first. */
    private static final Set<String> COMMON_KEYWORDS = Set.of("SELECT", "FROM", "WHERE", "GROUP", "BY", "ORDER", "HAVING", "LIMIT",
            "OFFSET", "JOIN", "LEFT", "RIGHT", "INNER", "OUTER", "FULL", "CROSS", "ON", "USING", "AS", "AND", "OR", "NOT", "IN", "IS",
            "NULL", "LIKE", "ILIKE", "BETWEEN", "CASE", "THEN", "ELSE", "END", "DISTINCT", "UNION", "EXCEPT", "INTERSECT", "ALL", "ASC",
            "DESC", "QUALIFY", "WINDOW", "OVER", "PARTITION", "EXISTS", "CAST", "TRUE", "FALSE", "INTERVAL", "VALUES", "SET", "RETURNING");
    private static final Set<String> HIDDEN_SCHEMAS = Set.of("information_schema", "pg_catalog");
    private static final Set<String> NAME_TYPES = Set.of("catalog", "schema", "table", "column");
    private static final int TIER = 1_000_000;
    private static final int CASE_MISMATCH = 100_000;

    private enum Kind { START, TABLE, EXPRESSION, AFTER_TERM, QUALIFIED }

    /** The word at the cursor, what the tokens before it ask for, and how names are to be written. */
    private record Context(Kind kind, String prefix, int start, boolean quoted, List<String> qualifier,
                           List<TableReference> references, String catalog, String schema, Set<String> reserved) {

        /** A name as the user would type it: quoted when it must be, or when the user began with a quote. */
        String display(String name) {
            return quoted || needsQuoting(name, reserved) ? SqlQuoting.identifier(name) : name;
        }

        Candidate name(String name, String type, int tier) {
            return new Candidate(name, display(name), type, tier, Optional.empty());
        }

        /** A catalog or schema name with the dot that must follow it. */
        Candidate qualifying(String name, String type, int tier) {
            return new Candidate(name, display(name) + ".", type, tier, Optional.of("."));
        }

        boolean isDefault(String candidateCatalog, String candidateSchema) {
            return candidateCatalog.equalsIgnoreCase(catalog) && candidateSchema.equalsIgnoreCase(schema);
        }
    }

    /** A table the statement names after FROM, JOIN and the like: its name parts and its alias. */
    private record TableReference(List<String> parts, Optional<String> alias) {

        /** Whether the column belongs to this table, resolving unqualified names as DuckDB does, in the default schema. */
        boolean contains(ColumnName column, Context context) {
            if (!parts.getLast().equalsIgnoreCase(column.table())) {
                return false;
            }
            String first = parts.getFirst();
            return switch (parts.size()) {
                case 1 -> context.isDefault(column.catalog(), column.schema());
                case 2 -> first.equalsIgnoreCase(column.schema())
                        || (first.equalsIgnoreCase(column.catalog()) && column.schema().equalsIgnoreCase(Engine.DEFAULT_SCHEMA));
                default -> first.equalsIgnoreCase(column.catalog()) && parts.get(1).equalsIgnoreCase(column.schema());
            };
        }
    }

    private record Relation(String catalog, String schema, String name, boolean internal) {}
    private record SchemaName(String catalog, String name, boolean hidden) {}
    private record ColumnName(String catalog, String schema, String table, String name, boolean internal) {}
    private record Candidate(String name, String text, String type, int tier, Optional<String> extraCharacter) {}

    private final Engine engine;

    public Autocomplete(Engine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * Suggestions for the word ending at the end of {@code statement}, best first, at most {@code maximum};
     * none inside a string literal or a comment. Unqualified names resolve in {@code catalog} and
     * {@code schema}, by default {@code memory} and {@code main}.
     */
    public List<Suggestion> complete(String statement, Optional<String> catalog, Optional<String> schema, int maximum) {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(schema, "schema");
        List<SqlToken> tokens = SqlLexer.tokenize(statement);
        if (maximum <= 0 || (!tokens.isEmpty() && cursorInsideLiteralOrComment(tokens.getLast(), statement.length()))) {
            return List.of();
        }
        try (Session session = engine.openSession()) {
            Map<String, String> keywords = keywords(session);
            Context context = context(statement.length(), lastStatement(tokens), keywords,
                    catalog.filter(c -> !c.isBlank()).orElse(Engine.DEFAULT_CATALOG),
                    schema.filter(s -> !s.isBlank()).orElse(Engine.DEFAULT_SCHEMA));
            return rank(candidates(context, keywords.keySet(), session), context, maximum);
        }
    }

    private static boolean cursorInsideLiteralOrComment(SqlToken last, int length) {
        return switch (last.type()) {
            // a line comment runs to the end of its line, so the cursor is in it unless a newline followed
            case COMMENT -> !last.terminated() || (last.text().startsWith("--") && last.end() == length);
            // an unterminated literal always ends at the cursor; a finished one right before it leaves nothing to complete
            case STRING, NUMBER, PARAMETER -> last.end() == length;
            default -> false;
        };
    }

    private static List<SqlToken> lastStatement(List<SqlToken> tokens) {
        int semicolon = tokens.size() - 1;
        while (semicolon >= 0 && tokens.get(semicolon).type() != SqlToken.Type.SEMICOLON) {
            semicolon--;
        }
        return tokens.subList(semicolon + 1, tokens.size()).stream().filter(t -> t.type() != SqlToken.Type.COMMENT).toList();
    }

    private static Context context(int length, List<SqlToken> tokens, Map<String, String> keywords, String catalog, String schema) {
        Optional<SqlToken> typed = tokens.isEmpty() ? Optional.empty()
                : Optional.of(tokens.getLast()).filter(t -> isName(t) && t.end() == length);
        List<SqlToken> preceding = typed.isPresent() ? tokens.subList(0, tokens.size() - 1) : tokens;
        // a bare word keeps its case so that an exact-case match can rank first
        String prefix = typed.map(t -> t.type() == SqlToken.Type.WORD ? t.text() : t.identifier()).orElse("");
        boolean quoted = typed.map(t -> t.type() == SqlToken.Type.QUOTED_IDENTIFIER).orElse(false);
        List<String> qualifier = qualifier(preceding);
        Set<String> reserved = keywords.entrySet().stream().filter(e -> e.getValue().equals("reserved"))
                .map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
        return new Context(qualifier.isEmpty() ? kind(preceding) : Kind.QUALIFIED, prefix, typed.map(SqlToken::start).orElse(length),
                quoted, qualifier, references(preceding, keywords.keySet()), catalog, schema, reserved);
    }

    /** The names before a trailing dot, as in {@code memory.main.} or {@code e.}; empty when there is no dot. */
    private static List<String> qualifier(List<SqlToken> preceding) {
        List<String> parts = new ArrayList<>();
        int index = preceding.size() - 1;
        while (index >= 1 && isSymbol(preceding.get(index), ".") && isName(preceding.get(index - 1))) {
            parts.addFirst(preceding.get(index - 1).identifier());
            index -= 2;
        }
        return List.copyOf(parts);
    }

    private static Kind kind(List<SqlToken> preceding) {
        if (preceding.isEmpty()) {
            return Kind.START;
        }
        SqlToken previous = preceding.getLast();
        String word = upperWord(previous);
        if (TABLE_LEADERS.contains(word)) {
            return Kind.TABLE;
        }
        if (isSymbol(previous, ",")) {
            return clauseOfComma(preceding);
        }
        boolean operator = previous.type() == SqlToken.Type.SYMBOL && !isSymbol(previous, ")");
        return EXPRESSION_LEADERS.contains(word) || operator ? Kind.EXPRESSION : Kind.AFTER_TERM;
    }

    /** Walks back to the clause a trailing comma continues; a comma inside parentheses separates arguments. */
    private static Kind clauseOfComma(List<SqlToken> preceding) {
        int depth = 0;
        for (int i = preceding.size() - 1; i >= 0; i--) {
            SqlToken token = preceding.get(i);
            if (isSymbol(token, ")")) {
                depth++;
            } else if (isSymbol(token, "(")) {
                if (depth == 0) {
                    return Kind.EXPRESSION;
                }
                depth--;
            } else if (depth == 0 && CLAUSE_KEYWORDS.contains(upperWord(token))) {
                return token.isKeyword("FROM") ? Kind.TABLE : Kind.EXPRESSION;
            }
        }
        return Kind.EXPRESSION;
    }

    private static List<TableReference> references(List<SqlToken> tokens, Set<String> keywords) {
        List<TableReference> references = new ArrayList<>();
        int index = 0;
        while (index < tokens.size()) {
            index = TABLE_LEADERS.contains(upperWord(tokens.get(index))) ? readReferences(tokens, index + 1, keywords, references) : index + 1;
        }
        return List.copyOf(references);
    }

    /** Reads {@code name [[AS] alias] [, ...]} from {@code index} on and returns the index after it. */
    private static int readReferences(List<SqlToken> tokens, int index, Set<String> keywords, List<TableReference> into) {
        while (true) {
            List<String> parts = new ArrayList<>();
            while (index < tokens.size() && isName(tokens.get(index))) {
                parts.add(tokens.get(index++).identifier());
                if (index + 1 >= tokens.size() || !isSymbol(tokens.get(index), ".")) {
                    break;
                }
                index++;
            }
            if (parts.isEmpty()) {
                return index;
            }
            boolean explicitAlias = index < tokens.size() && tokens.get(index).isKeyword("AS");
            index += explicitAlias ? 1 : 0;
            Optional<String> alias = Optional.empty();
            // without AS, a keyword after the name starts the next clause (WHERE, JOIN ...) rather than naming an alias
            if (index < tokens.size() && isName(tokens.get(index)) && (explicitAlias || !keywords.contains(upperWord(tokens.get(index))))) {
                alias = Optional.of(tokens.get(index).identifier());
                index++;
            }
            into.add(new TableReference(List.copyOf(parts), alias));
            if (index >= tokens.size() || !isSymbol(tokens.get(index), ",")) {
                return index;
            }
            index++;
        }
    }

    private static List<Candidate> candidates(Context context, Collection<String> keywords, Session session) {
        return switch (context.kind()) {
            case START -> keywordCandidates(STATEMENT_STARTERS, 0);
            case TABLE -> concat(tableCandidates(context, session), qualifierCandidates(context, session),
                    functionCandidates(session, true, 2));
            case EXPRESSION -> concat(columnCandidates(context, session, context.references(), 0, true),
                    functionCandidates(session, false, 2), keywordCandidates(keywords, 3));
            case AFTER_TERM -> concat(keywordCandidates(keywords, 0),
                    columnCandidates(context, session, context.references(), 2, true), functionCandidates(session, false, 4));
            case QUALIFIED -> qualifiedCandidates(context, session);
        };
    }

    private static List<Candidate> tableCandidates(Context context, Session session) {
        return relations(session).stream().filter(r -> !r.internal() && context.isDefault(r.catalog(), r.schema()))
                .map(r -> context.name(r.name(), "table", 0)).toList();
    }

    /** Schemas of the default catalog and all catalogs, offered so that a table can be qualified. */
    private static List<Candidate> qualifierCandidates(Context context, Session session) {
        Stream<Candidate> schemas = schemas(session).stream()
                .filter(s -> !s.hidden() && s.catalog().equalsIgnoreCase(context.catalog()))
                .map(s -> context.qualifying(s.name(), "schema", 1));
        Stream<Candidate> catalogs = session.rows("SELECT database_name FROM duckdb_databases() WHERE NOT internal").stream()
                .map(row -> context.qualifying(text(row, "database_name"), "catalog", 1));
        return Stream.concat(schemas, catalogs).toList();
    }

    /** Columns of the {@code named} tables at {@code tier}; with {@code others}, the rest of the default schema's one lower. */
    private static List<Candidate> columnCandidates(Context context, Session session, List<TableReference> named, int tier, boolean others) {
        List<Candidate> candidates = new ArrayList<>();
        for (ColumnName column : columns(session)) {
            if (named.stream().anyMatch(r -> r.contains(column, context))) {
                candidates.add(context.name(column.name(), "column", tier));
            } else if (others && !column.internal() && context.isDefault(column.catalog(), column.schema())) {
                candidates.add(context.name(column.name(), "column", tier + 1));
            }
        }
        return candidates;
    }

    /** After {@code x.}: the schemas of catalog x, the tables of schema x, the columns of table or alias x. */
    private static List<Candidate> qualifiedCandidates(Context context, Session session) {
        List<String> qualifier = context.qualifier();
        List<TableReference> tables = new ArrayList<>(List.of(new TableReference(qualifier, Optional.empty())));
        if (qualifier.size() == 1) {
            String name = qualifier.getFirst();
            context.references().stream()
                    .filter(r -> r.alias().map(name::equalsIgnoreCase).orElse(false) || r.parts().getLast().equalsIgnoreCase(name))
                    .forEach(tables::add);
        }
        return concat(qualifiedSchemasAndTables(context, session), columnCandidates(context, session, tables, 0, false));
    }

    private static List<Candidate> qualifiedSchemasAndTables(Context context, Session session) {
        List<String> qualifier = context.qualifier();
        String first = qualifier.getFirst();
        if (qualifier.size() == 2) {
            return relations(session).stream()
                    .filter(r -> r.catalog().equalsIgnoreCase(first) && r.schema().equalsIgnoreCase(qualifier.get(1)))
                    .map(r -> context.name(r.name(), "table", 0)).toList();
        }
        if (qualifier.size() != 1) {
            return List.of();
        }
        List<SchemaName> schemas = schemas(session);
        // a schema of the default catalog shadows same-named ones elsewhere, as in DuckDB's name resolution
        boolean inDefaultCatalog = schemas.stream()
                .anyMatch(s -> s.catalog().equalsIgnoreCase(context.catalog()) && s.name().equalsIgnoreCase(first));
        Stream<Candidate> tables = relations(session).stream()
                .filter(r -> r.schema().equalsIgnoreCase(first) && (!inDefaultCatalog || r.catalog().equalsIgnoreCase(context.catalog())))
                .map(r -> context.name(r.name(), "table", 0));
        Stream<Candidate> schemasOfCatalog = schemas.stream().filter(s -> s.catalog().equalsIgnoreCase(first))
                .map(s -> context.qualifying(s.name(), "schema", 0));
        return Stream.concat(schemasOfCatalog, tables).toList();
    }

    private static List<Candidate> functionCandidates(Session session, boolean tableFunctions, int tier) {
        String type = tableFunctions ? "table_function" : "scalar_function";
        return session.rows("SELECT DISTINCT function_name, function_type IN ('table', 'table_macro') AS is_table FROM duckdb_functions() "
                        + "WHERE function_type IN ('scalar', 'aggregate', 'macro', 'window', 'table', 'table_macro')").stream()
                .filter(row -> Boolean.TRUE.equals(row.get("is_table")) == tableFunctions)
                .map(row -> text(row, "function_name"))
                // operators (+, ~~) and internal helpers (__internal_...) are not names anyone types
                .filter(name -> !name.isEmpty() && Character.isLetter(name.charAt(0)))
                .map(name -> new Candidate(name, name + "(", type, tier, Optional.of("(")))
                .toList();
    }

    /** Keywords at {@code tier}, the uncommon ones one tier lower. */
    private static List<Candidate> keywordCandidates(Collection<String> keywords, int tier) {
        return keywords.stream()
                .map(k -> new Candidate(k, k + " ", "keyword", COMMON_KEYWORDS.contains(k) ? tier : tier + 1, Optional.of(" ")))
                .toList();
    }

    private static List<Suggestion> rank(List<Candidate> candidates, Context context, int maximum) {
        record Scored(Candidate candidate, int score) {}
        String lowerPrefix = context.prefix().toLowerCase(Locale.ROOT);
        Set<String> seen = new HashSet<>();
        List<Scored> best = candidates.stream()
                // after an opening quote only a name can follow, not a keyword or a function
                .filter(c -> !context.quoted() || NAME_TYPES.contains(c.type()))
                .filter(c -> c.name().toLowerCase(Locale.ROOT).startsWith(lowerPrefix))
                .map(c -> new Scored(c, score(c, context.prefix())))
                .sorted(Comparator.comparingInt(Scored::score).thenComparing(s -> s.candidate().text()))
                .filter(s -> seen.add(s.candidate().text())) // the same column in two tables is one suggestion, at its best rank
                .limit(maximum)
                .toList();
        List<Suggestion> suggestions = new ArrayList<>();
        int rank = 0;
        for (int i = 0; i < best.size(); i++) {
            rank += i > 0 && best.get(i).score() != best.get(i - 1).score() ? 1 : 0;
            Candidate candidate = best.get(i).candidate();
            suggestions.add(new Suggestion(candidate.text(), context.start(), candidate.type(), rank, candidate.extraCharacter()));
        }
        return List.copyOf(suggestions);
    }

    /** Context tier first, then names typed in the same case, then shorter names; the caller renumbers from 0. */
    private static int score(Candidate candidate, String prefix) {
        int caseMismatch = candidate.name().startsWith(prefix) ? 0 : CASE_MISMATCH;
        return candidate.tier() * TIER + caseMismatch + Math.min(candidate.name().length(), CASE_MISMATCH - 1);
    }

    /** DuckDB's keywords in upper case, each with its category (reserved ones need quoting as names). */
    private static Map<String, String> keywords(Session session) {
        Map<String, String> keywords = new HashMap<>();
        session.rows("SELECT keyword_name, keyword_category FROM duckdb_keywords()")
                .forEach(row -> keywords.put(text(row, "keyword_name").toUpperCase(Locale.ROOT), text(row, "keyword_category")));
        return keywords;
    }

    private static List<Relation> relations(Session session) {
        return session.rows("SELECT database_name, schema_name, table_name AS name, internal FROM duckdb_tables() "
                        + "UNION ALL SELECT database_name, schema_name, view_name, internal FROM duckdb_views()").stream()
                .map(row -> new Relation(text(row, "database_name"), text(row, "schema_name"), text(row, "name"),
                        Boolean.TRUE.equals(row.get("internal"))))
                .toList();
    }

    private static List<SchemaName> schemas(Session session) {
        return session.rows("SELECT s.database_name, s.schema_name, d.internal FROM duckdb_schemas() s "
                        + "JOIN duckdb_databases() d ON d.database_name = s.database_name").stream()
                .map(row -> new SchemaName(text(row, "database_name"), text(row, "schema_name"),
                        Boolean.TRUE.equals(row.get("internal")) || HIDDEN_SCHEMAS.contains(text(row, "schema_name"))))
                .toList();
    }

    private static List<ColumnName> columns(Session session) {
        return session.rows("SELECT database_name, schema_name, table_name, column_name, internal FROM duckdb_columns()").stream()
                .map(row -> new ColumnName(text(row, "database_name"), text(row, "schema_name"), text(row, "table_name"),
                        text(row, "column_name"), Boolean.TRUE.equals(row.get("internal"))))
                .toList();
    }

    /** Names DuckDB reads back unchanged without quotes: lower-case letters, digits and underscores, not reserved. */
    private static boolean needsQuoting(String name, Set<String> reserved) {
        boolean plain = !name.isEmpty() && !Character.isDigit(name.charAt(0))
                && name.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
        return !plain || reserved.contains(name.toUpperCase(Locale.ROOT));
    }

    private static boolean isName(SqlToken token) {
        return token.type() == SqlToken.Type.WORD || token.type() == SqlToken.Type.QUOTED_IDENTIFIER;
    }

    private static boolean isSymbol(SqlToken token, String symbol) {
        return token.type() == SqlToken.Type.SYMBOL && token.text().equals(symbol);
    }

    private static String upperWord(SqlToken token) {
        return token.type() == SqlToken.Type.WORD ? token.text().toUpperCase(Locale.ROOT) : "";
    }

    private static String text(Map<String, Object> row, String column) {
        return String.valueOf(row.get(column));
    }

    @SafeVarargs
    private static List<Candidate> concat(List<Candidate>... lists) {
        return Stream.of(lists).flatMap(List::stream).toList();
    }
}
