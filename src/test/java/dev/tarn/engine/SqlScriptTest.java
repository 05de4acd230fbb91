package dev.tarn.engine;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Scripts split at top-level semicolons only, and each statement is classified by its leading keywords. */
class SqlScriptTest {

    @Test
    void splitsAtSemicolonsOutsideQuotesAndComments() {
        List<SqlScript.Statement> statements = SqlScript.split("""
                CREATE TABLE t(a VARCHAR); -- a comment; with a semicolon
                INSERT INTO t VALUES ('x;y'), (E'it\\'s;'), ($$dollar;quoted$$);
                /* block; comment */ SELECT "odd;name" FROM t;
                """);
        assertThat(statements).extracting(SqlScript.Statement::kind)
                .containsExactly(StatementKind.SCHEMA_CHANGE, StatementKind.DATA_CHANGE, StatementKind.QUERY);
        assertThat(statements.get(1).text()).isEqualTo("INSERT INTO t VALUES ('x;y'), (E'it\\'s;'), ($$dollar;quoted$$)");
        assertThat(statements.get(2).text()).isEqualTo("SELECT \"odd;name\" FROM t");
    }

    @Test
    void dropsEmptyStatements() {
        assertThat(SqlScript.split(" ;; -- nothing\n ;")).isEmpty();
    }

    @Test
    void classifiesStatementsThatReachOutsideTheDatabaseAsSystem() {
        for (String sql : List.of("COPY t TO 'x.csv'", "ATTACH 'x.db'", "INSTALL httpfs", "LOAD httpfs", "SET threads = 1",
                "PRAGMA version", "CALL pragma_version()", "EXPORT DATABASE 'x'", "CREATE SECRET s (TYPE s3)", "CHECKPOINT")) {
            assertThat(SqlScript.split(sql).get(0).kind()).as(sql).isEqualTo(StatementKind.SYSTEM);
        }
    }

    @Test
    void queriesIncludeFromFirstValuesAndParenthesisedSelects() {
        for (String sql : List.of("FROM t", "VALUES (1)", "(SELECT 1) UNION (SELECT 2)", "WITH x AS (SELECT 1) SELECT * FROM x", "TABLE t")) {
            assertThat(SqlScript.split(sql).get(0).kind()).as(sql).isEqualTo(StatementKind.QUERY);
        }
    }

    @Test
    void unterminatedQuotesRunToTheEndInsteadOfFailing() {
        List<SqlToken> tokens = SqlLexer.tokenize("SELECT 'open");
        assertThat(tokens.get(1).type()).isEqualTo(SqlToken.Type.STRING);
        assertThat(tokens.get(1).terminated()).isFalse();
    }
}
