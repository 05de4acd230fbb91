package dev.tarn.engine;

import java.util.List;

/** What a statement does, told from its leading keywords; decides how it runs and who may run it. */
public enum StatementKind {
    /** Returns rows and can be wrapped as a subquery: SELECT, WITH, FROM-first, VALUES, TABLE. */
    QUERY,
    /** Returns rows but cannot be wrapped: SHOW, DESCRIBE, SUMMARIZE, EXPLAIN. */
    INSPECTION,
    /** Changes rows: INSERT, UPDATE, DELETE, MERGE, TRUNCATE. */
    DATA_CHANGE,
    /** Changes the schema: CREATE, ALTER, DROP, COMMENT. */
    SCHEMA_CHANGE,
    /** BEGIN, COMMIT, ROLLBACK, ABORT, START TRANSACTION. */
    TRANSACTION,
    /** USE: changes this session's default catalog and schema. */
    USE,
    /** Reaches files, extensions, settings or the database itself: administrators only. */
    SYSTEM,
    /** Anything else; run by administrators only, since we cannot tell what it does. */
    OTHER;

    /** Classifies the statement whose tokens are given (comments already removed). */
    public static StatementKind of(List<SqlToken> tokens) {
        if (tokens.isEmpty()) {
            return OTHER;
        }
        SqlToken first = tokens.get(0);
        if (first.type() == SqlToken.Type.SYMBOL && first.text().equals("(")) {
            return QUERY;
        }
        if (first.type() != SqlToken.Type.WORD) {
            return OTHER;
        }
        return switch (first.text().toUpperCase()) {
            case "SELECT", "WITH", "FROM", "VALUES", "TABLE" -> QUERY;
            case "SHOW", "DESCRIBE", "DESC", "SUMMARIZE", "EXPLAIN" -> INSPECTION;
            case "INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE" -> DATA_CHANGE;
            case "CREATE", "ALTER", "DROP", "COMMENT" -> createsSecret(tokens) ? SYSTEM : SCHEMA_CHANGE;
            case "BEGIN", "COMMIT", "ROLLBACK", "ABORT", "START", "END" -> TRANSACTION;
            case "USE" -> USE;
            case "COPY", "ATTACH", "DETACH", "INSTALL", "LOAD", "SET", "RESET", "PRAGMA", "CALL",
                 "EXPORT", "IMPORT", "CHECKPOINT", "FORCE", "VACUUM", "ANALYZE", "UPDATE_EXTENSIONS" -> SYSTEM;
            default -> OTHER;
        };
    }

    /** Secrets hold credentials for remote storage; like ATTACH they reach outside the database. */
    private static boolean createsSecret(List<SqlToken> tokens) {
        return tokens.stream().limit(5).anyMatch(t -> t.isKeyword("SECRET"));
    }

    /** Whether the statement produces a result set that a caller can read. */
    public boolean returnsRows() {
        return this == QUERY || this == INSPECTION;
    }
}
