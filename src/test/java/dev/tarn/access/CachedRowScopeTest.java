package dev.tarn.access;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Rewrites of queries are kept per query, user and namespace until the per-user tables change. */
class CachedRowScopeTest {
    private final AtomicInteger rewrites = new AtomicInteger();
    private final AtomicLong tablesVersion = new AtomicLong();
    private final RowScope cached = new CachedRowScope((statement, user, schema) -> {
        rewrites.incrementAndGet();
        return statement + " /* " + user + "@" + schema + " */";
    }, tablesVersion::get, 2);

    @Test
    void theSameQueryOfTheSameUserIsRewrittenOnce() {
        assertThat(cached.apply("SELECT * FROM t WHERE id = $1", "alice", "ns")).isEqualTo("SELECT * FROM t WHERE id = $1 /* alice@ns */");
        assertThat(cached.apply("SELECT * FROM t WHERE id = $1", "alice", "ns")).isEqualTo("SELECT * FROM t WHERE id = $1 /* alice@ns */");
        assertThat(rewrites).hasValue(1);
    }

    @Test
    void anotherUserOrNamespaceGetsItsOwnRewrite() {
        cached.apply("SELECT * FROM t", "alice", "ns");
        assertThat(cached.apply("SELECT * FROM t", "bob", "ns")).endsWith("/* bob@ns */");
        assertThat(cached.apply("SELECT * FROM t", "alice", "other")).endsWith("/* alice@other */");
        assertThat(rewrites).hasValue(3);
    }

    @Test
    void aChangeOfTheTablesForgetsEveryRewrite() {
        cached.apply("SELECT * FROM t", "alice", "ns");
        tablesVersion.incrementAndGet();
        cached.apply("SELECT * FROM t", "alice", "ns");
        assertThat(rewrites).hasValue(2);
    }

    @Test
    void dataChangesThatNameTheirColumnsAreKept() {
        cached.apply("INSERT INTO ns.t (id, body) VALUES ($1, $2)", "alice", "ns");
        cached.apply("INSERT INTO ns.t (id, body) VALUES ($1, $2)", "alice", "ns");
        cached.apply("UPDATE t SET body = $1 WHERE id = $2", "alice", "ns");
        cached.apply("UPDATE t SET body = $1 WHERE id = $2", "alice", "ns");
        assertThat(rewrites).hasValue(2);
    }

    @Test
    void aPositionalInsertIsRewrittenEveryTimeSinceItListsTheTablesColumns() {
        for (String insert : new String[] {"INSERT INTO t VALUES (1)", "INSERT INTO t SELECT 1", "INSERT INTO t (SELECT 1)"}) {
            cached.apply(insert, "alice", "ns");
            cached.apply(insert, "alice", "ns");
        }
        assertThat(rewrites).hasValue(6);
    }

    @Test
    void statementsOtherThanQueriesAndDataChangesAreNotKept() {
        cached.apply("CREATE TABLE x AS SELECT * FROM t", "alice", "ns");
        cached.apply("CREATE TABLE x AS SELECT * FROM t", "alice", "ns");
        assertThat(rewrites).hasValue(2);
    }

    @Test
    void theLeastRecentlyUsedRewriteMakesRoomAtTheLimit() {
        cached.apply("SELECT 1 FROM a", "alice", "ns");
        cached.apply("SELECT 1 FROM b", "alice", "ns");
        cached.apply("SELECT 1 FROM a", "alice", "ns");
        cached.apply("SELECT 1 FROM c", "alice", "ns");
        cached.apply("SELECT 1 FROM a", "alice", "ns");
        assertThat(rewrites).hasValue(3);
        cached.apply("SELECT 1 FROM b", "alice", "ns");
        assertThat(rewrites).hasValue(4);
    }
}
