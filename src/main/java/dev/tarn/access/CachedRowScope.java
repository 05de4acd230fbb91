package dev.tarn.access;

import dev.tarn.engine.SqlLexer;
import dev.tarn.engine.SqlNames;
import dev.tarn.engine.SqlToken;
import dev.tarn.engine.StatementKind;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Remembers the access rewrite of queries. Rewriting asks the engine three times (the tree of the
 * query, the SQL of the scoped tree, the tree again for the check), which costs more than a
 * primary-key lookup itself; clients send the same parameterised query over and over, so the
 * rewrite of (query, user, namespace) is kept until the set of per-user tables changes, told by
 * {@code tablesVersion}. A rewrite that depends on the table's columns, a positional INSERT (it
 * lists the columns the user sees), is not kept, nor is anything but a query or a data change.
 * Refusals are not kept either; they are rare and are computed again.
 */
public final class CachedRowScope implements RowScope {
    private final RowScope rewrite;
    private final LongSupplier tablesVersion;
    private final Map<Key, String> rewritten;
    private long cachedVersion = Long.MIN_VALUE;

    private record Key(String statement, String userName, String defaultSchema) {
    }

    public CachedRowScope(RowScope rewrite, LongSupplier tablesVersion, int maximumEntries) {
        this.rewrite = Objects.requireNonNull(rewrite, "rewrite");
        this.tablesVersion = Objects.requireNonNull(tablesVersion, "tablesVersion");
        this.rewritten = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, String> eldest) {
                return size() > maximumEntries;
            }
        };
    }

    @Override
    public String apply(String statement, String userName, String defaultSchema) {
        if (!dependsOnlyOnItsText(statement)) {
            return rewrite.apply(statement, userName, defaultSchema);
        }
        Key key = new Key(statement, userName, defaultSchema);
        long version = tablesVersion.getAsLong();
        synchronized (rewritten) {
            if (version != cachedVersion) {
                rewritten.clear();
                cachedVersion = version;
            }
            String known = rewritten.get(key);
            if (known != null) {
                return known;
            }
        }
        String result = rewrite.apply(statement, userName, defaultSchema);
        synchronized (rewritten) {
            if (version == cachedVersion) {
                rewritten.put(key, result);
            }
        }
        return result;
    }

    private static boolean dependsOnlyOnItsText(String statement) {
        List<SqlToken> tokens = SqlLexer.tokenize(statement).stream().filter(token -> token.type() != SqlToken.Type.COMMENT).toList();
        if (tokens.isEmpty()) {
            return false;
        }
        StatementKind kind = StatementKind.of(tokens);
        if (kind == StatementKind.QUERY) {
            return tokens.stream().noneMatch(token -> token.isKeyword("INSERT") || token.isKeyword("UPDATE") || token.isKeyword("DELETE")
                    || token.isKeyword("MERGE") || token.isKeyword("COPY"));
        }
        if (kind != StatementKind.DATA_CHANGE) {
            return false;
        }
        return !tokens.get(0).isKeyword("INSERT") || listsItsColumns(tokens);
    }

    /** INSERT INTO name (columns) …, as opposed to INSERT INTO name VALUES/SELECT … or INSERT INTO name (SELECT …). */
    private static boolean listsItsColumns(List<SqlToken> tokens) {
        int at = 1;
        if (at < tokens.size() && tokens.get(at).isKeyword("INTO")) {
            at++;
        }
        at += SqlNames.partsAt(tokens, at).size() * 2 - 1;
        if (at + 1 >= tokens.size() || !tokens.get(at).text().equals("(")) {
            return false;
        }
        SqlToken first = tokens.get(at + 1);
        return !(first.isKeyword("SELECT") || first.isKeyword("WITH") || first.isKeyword("FROM") || first.isKeyword("VALUES")
                || first.isKeyword("TABLE") || first.text().equals("("));
    }
}
