package dev.tarn.access;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarn.engine.Engine;
import dev.tarn.engine.SqlScript;
import dev.tarn.engine.SyntaxTrees;
import dev.tarn.engine.TableName;

import java.util.Objects;
import java.util.Set;

/**
 * The one place where a statement is limited to the rows of one user, before it reaches the
 * engine. Every reference to a per-user table becomes
 * {@code (SELECT * EXCLUDE (owner) FROM table WHERE owner = 'user') AS table}; inserts into one get
 * the owner column set to the user; updates and deletes of one get {@code AND owner = 'user'}.
 * Queries (SELECT, WITH, VALUES, TABLE, FROM-first, DESCRIBE, SUMMARIZE) are rewritten on DuckDB's
 * own syntax tree, other statements on JSqlParser's; either result is parsed again and checked
 * before it is returned. Statements that touch no per-user table come back unchanged.
 * <p>
 * Deliberate choices: CREATE TABLE … AS SELECT copies only the creator's rows (as INSERT … SELECT
 * would); ALTER, DROP, CREATE INDEX, COMMENT and ANALYZE of a per-user table pass unchanged, since
 * they read no rows and who may run them is decided by role. Refused with {@code PERMISSION_DENIED}:
 * any mention of the owner column (quoted or not, even in a string); views over per-user tables;
 * TRUNCATE of one; SHOW of one; functions that take SQL text or a table name as a string
 * ({@code query}, {@code query_table}, {@code pragma_storage_info}, …); whole-database copies; changing the search path. Refused with
 * {@code INVALID_STATEMENT}, saying what to write instead: any statement naming a per-user table
 * that JSqlParser cannot parse (COPY, CREATE MACRO, PRAGMA, INSERT … BY NAME, INSERT OR REPLACE,
 * FROM-first subqueries inside data changes), EXPLAIN, PIVOT without an IN list, time travel,
 * CTEs named like a per-user table, backquoted names outside queries, more than one statement.
 * <p>
 * Thread-safe. It borrows engine sessions to parse, so call it before opening the session the
 * statement will run in, and pass that session's schema: the caller tracks USE.
 */
public final class RowScopeRewriter {
    private final SyntaxTrees syntaxTrees;
    private final DataChangeScoping dataChanges;
    private volatile ScopedSubqueryTemplate template;

    public RowScopeRewriter(SyntaxTrees syntaxTrees) {
        this.syntaxTrees = Objects.requireNonNull(syntaxTrees, "syntaxTrees");
        this.dataChanges = new DataChangeScoping(syntaxTrees);
    }

    /**
     * The statement rewritten so that every reference to a table {@code tables} calls per-user sees
     * and changes only {@code userId}'s rows. Unqualified names resolve in catalog {@code memory} and
     * {@code defaultSchema} (blank means {@code main}), as in the session the statement will run in.
     */
    public String rewrite(String statement, String userId, String defaultSchema, ScopedTables tables) {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(tables, "tables");
        requireUserId(userId);
        PerUserTableLookup lookup = new PerUserTableLookup(schema(defaultSchema), tables);
        if (SqlScript.split(StatementTokens.lineEndsAsDuckDbReadsThem(statement)).size() != 1) {
            throw Refusals.invalid("Send exactly one statement at a time here");
        }
        ObjectNode tree = SyntaxTreeJson.read(syntaxTrees.toJson(statement));
        if (SyntaxTreeJson.isOtherThanSelect(tree)) {
            return dataChanges.rewrite(statement, userId, lookup);
        }
        if (SyntaxTreeJson.isError(tree)) {
            // the same words DuckDB would use for this statement, so callers see the usual parser error
            throw Refusals.invalid("Parser Error: " + SyntaxTreeJson.errorMessage(tree));
        }
        return rewriteQuery(statement, tree, userId, lookup);
    }

    private String rewriteQuery(String statement, ObjectNode tree, String userId, PerUserTableLookup lookup) {
        ArrayNode statements = SyntaxTreeJson.statements(tree);
        if (statements.size() != 1) {
            throw Refusals.invalid("Send exactly one statement at a time here");
        }
        Set<PerUserTable> scoped = QueryTreeScoping.scope((ObjectNode) statements.get(0), template(), lookup, userId);
        if (scoped.isEmpty()) {
            return statement;
        }
        String rewritten = syntaxTrees.toSql(SyntaxTreeJson.write(tree));
        QueryTreeVerification.verify(SyntaxTreeJson.read(syntaxTrees.toJson(rewritten)), template(), lookup, userId);
        return rewritten;
    }

    private ScopedSubqueryTemplate template() {
        ScopedSubqueryTemplate current = template;
        if (current == null) {
            // Serialising twice under a race is harmless: both results are the same tree.
            current = ScopedSubqueryTemplate.serialise(syntaxTrees);
            template = current;
        }
        return current;
    }

    private static String schema(String defaultSchema) {
        Objects.requireNonNull(defaultSchema, "defaultSchema");
        String schema = defaultSchema.isBlank() ? Engine.DEFAULT_SCHEMA : defaultSchema.trim();
        return new TableName(Engine.DEFAULT_CATALOG, schema, "table").schema();
    }

    private static void requireUserId(String userId) {
        Objects.requireNonNull(userId, "userId");
        if (userId.isEmpty() || userId.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a user id must be non-empty and free of control characters");
        }
    }
}
