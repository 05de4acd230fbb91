package dev.tarn.access;

import dev.tarn.engine.SqlLexer;
import dev.tarn.engine.SqlToken;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The tokens of a statement that no parser could give us a tree for, or whose tree we want to
 * cross-check: dotted names, string constants and function calls, read with the engine's lexer. This
 * is deliberately not parsing; it answers "could this text name a per-user table at all", erring
 * towards yes, so that statements nobody can inspect are refused rather than run unscoped.
 */
final class StatementTokens {
    private final List<SqlToken> tokens;

    private StatementTokens(List<SqlToken> tokens) {
        this.tokens = tokens;
    }

    static StatementTokens of(String statement) {
        return new StatementTokens(SqlLexer.tokenize(lineEndsAsDuckDbReadsThem(statement)).stream()
                .filter(token -> token.type() != SqlToken.Type.COMMENT).toList());
    }

    /**
     * DuckDB ends a {@code --} comment at a carriage return as well as at a line feed; the engine's
     * lexer only at a line feed, so it would take {@code -- x\rDELETE …} for one comment where DuckDB
     * runs the DELETE. Same length, so token positions stay valid.
     */
    static String lineEndsAsDuckDbReadsThem(String statement) {
        return statement.replace('\r', '\n');
    }

    /**
     * Every dotted name ({@code a}, {@code a.b}, {@code "a".b.c}) that could be a table reference:
     * not a function being called, not the qualifier before {@code .*}, and not a one-part alias after AS.
     */
    List<List<String>> names() {
        List<List<String>> names = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (!isName(i)) {
                continue;
            }
            int start = i;
            List<String> parts = new ArrayList<>(List.of(tokens.get(i).identifier()));
            while (isSymbol(i + 1, ".") && isName(i + 2)) {
                parts.add(tokens.get(i + 2).identifier());
                i += 2;
            }
            boolean called = isSymbol(i + 1, "(");
            boolean qualifier = isSymbol(i + 1, ".");
            boolean alias = parts.size() == 1 && start > 0 && tokens.get(start - 1).isKeyword("AS");
            if (!called && !qualifier && !alias) {
                names.add(List.copyOf(parts));
            }
        }
        return names;
    }

    /** The per-user tables the names and string constants of the statement could denote. */
    Set<PerUserTable> perUserTables(PerUserTableLookup lookup) {
        Set<PerUserTable> tables = new LinkedHashSet<>();
        for (List<String> name : names()) {
            lookup.find(name).ifPresent(tables::add);
        }
        for (SqlToken token : tokens) {
            if (token.type() == SqlToken.Type.STRING) {
                NameText.parts(token.identifier()).flatMap(lookup::find).ifPresent(tables::add);
            }
        }
        return tables;
    }

    /** How many of the statement's names denote a per-user table (string constants not counted). */
    long perUserNameCount(PerUserTableLookup lookup) {
        return names().stream().filter(name -> lookup.find(name).isPresent()).count();
    }

    /** The first function called whose name is in the given class of functions, if any. */
    Optional<String> calledFunction(Predicate<String> kind) {
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (isName(i) && isSymbol(i + 1, "(") && kind.test(tokens.get(i).identifier())) {
                return Optional.of(tokens.get(i).identifier());
            }
        }
        return Optional.empty();
    }

    /** Whether any word, quoted name or string constant is {@code identifier}, compared without regard to case. */
    boolean mentions(String identifier) {
        String wanted = identifier.toLowerCase(Locale.ROOT);
        return tokens.stream().filter(token -> isNameOrString(token.type()))
                .anyMatch(token -> token.identifier().toLowerCase(Locale.ROOT).equals(wanted));
    }

    /** Whether the statement's leading words are these keywords, in order. */
    boolean startsWith(String... keywords) {
        if (tokens.size() < keywords.length) {
            return false;
        }
        for (int i = 0; i < keywords.length; i++) {
            if (!tokens.get(i).isKeyword(keywords[i])) {
                return false;
            }
        }
        return true;
    }

    /** Whether the lexer saw {@code symbol} as a token of its own (outside strings, names and comments). */
    /** Whether a name is written in backquotes (`name`), which DuckDB reads as a quoted name. */
    boolean hasBackquotedName() {
        return tokens.stream().anyMatch(token -> token.type() == SqlToken.Type.QUOTED_IDENTIFIER && token.text().startsWith("`"));
    }

    boolean hasSymbol(String symbol) {
        return tokens.stream().anyMatch(token -> token.type() == SqlToken.Type.SYMBOL && token.text().equals(symbol));
    }

    /** Whether any bare word or quoted name is {@code word}, compared without regard to case. */
    boolean containsName(String word) {
        return tokens.stream().filter(token -> token.type() == SqlToken.Type.WORD || token.type() == SqlToken.Type.QUOTED_IDENTIFIER)
                .anyMatch(token -> token.identifier().equalsIgnoreCase(word));
    }

    private boolean isName(int index) {
        if (index >= tokens.size()) {
            return false;
        }
        SqlToken.Type type = tokens.get(index).type();
        return type == SqlToken.Type.WORD || type == SqlToken.Type.QUOTED_IDENTIFIER;
    }

    private boolean isSymbol(int index, String symbol) {
        return index < tokens.size() && tokens.get(index).type() == SqlToken.Type.SYMBOL && tokens.get(index).text().equals(symbol);
    }

    private static boolean isNameOrString(SqlToken.Type type) {
        return type == SqlToken.Type.WORD || type == SqlToken.Type.QUOTED_IDENTIFIER || type == SqlToken.Type.STRING;
    }
}
