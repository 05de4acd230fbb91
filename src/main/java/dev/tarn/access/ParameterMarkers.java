package dev.tarn.access;

/**
 * Counts the {@code ?} markers of printed SQL, skipping quoted texts, quoted names and comments: a
 * check that every marker of the rewritten query is one whose value the rewrite knows.
 */
final class ParameterMarkers {
    private ParameterMarkers() {
    }

    static int count(String sql, QueryDialect dialect) {
        int count = 0;
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = skipQuoted(sql, i, c, dialect == QueryDialect.MYSQL && c != '`');
            } else if (c == '[' && dialect == QueryDialect.SQLITE) {
                int end = sql.indexOf(']', i + 1);
                i = end < 0 ? sql.length() : end + 1;
            } else if (c == '-' && sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end + 1;
            } else if (c == '/' && sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? sql.length() : end + 2;
            } else {
                if (c == '?') {
                    count++;
                }
                i++;
            }
        }
        return count;
    }

    private static int skipQuoted(String sql, int start, char quote, boolean backslashEscapes) {
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }
}
