package dev.tarn.live;

import dev.tarn.access.StatementGuard;
import dev.tarn.auth.PasswordHasher;
import dev.tarn.auth.Principal;
import dev.tarn.auth.Role;
import dev.tarn.auth.UserAdministration;
import dev.tarn.auth.UserStore;
import dev.tarn.config.TarnConfig;
import dev.tarn.engine.Engine;
import dev.tarn.engine.SystemDatabase;
import dev.tarn.engine.TableName;
import dev.tarn.error.ErrorCode;
import dev.tarn.realtime.RealtimeSqlService;
import dev.tarn.realtime.TableRegistry;
import dev.tarn.writes.Change;
import dev.tarn.writes.ReadYourWrites;
import dev.tarn.writes.WritePath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The dispatcher on hand-made changes: the engine evaluates predicates, identical queries share one evaluation, gaps fail loudly. */
class LiveQueriesTest {
    private static final Principal ROOT = new Principal("root", Role.SYSTEM);
    private static final TableName ITEMS = new TableName("memory", "shop", "items");

    @TempDir
    Path data;
    private Engine engine;
    private SystemDatabase system;
    private WritePath writes;
    private LiveQueries live;

    @BeforeEach
    void open() {
        engine = Engine.open(data, new TarnConfig.EngineSettings(4, 5000, 0, Optional.empty()));
        system = SystemDatabase.open(data);
        UserStore users = new UserStore(system, new PasswordHasher(4, false));
        writes = new WritePath(engine);
        TableRegistry tables = new TableRegistry(system);
        RealtimeSqlService sql = new RealtimeSqlService(engine, tables, new UserAdministration(users), users, new StatementGuard(),
                (statement, user, schema) -> statement, new ReadYourWrites(), writes,
                new dev.tarn.topics.TopicService(engine, system, writes, table -> Optional.empty(), new TarnConfig.TopicSettings(60, 25),
                        java.time.Clock.systemUTC()));
        live = new LiveQueries(engine, sql, writes, tables, 10_000);
        sql.attachLiveQueries(live);
        writes.subscribe(live);
        sql.execute(ROOT, "CREATE NAMESPACE shop; CREATE SHARED TABLE shop.items (id BIGINT PRIMARY KEY, name TEXT, tags VARCHAR[])",
                List.of(), Optional.empty());
    }

    @AfterEach
    void close() {
        live.close();
        engine.close();
        system.close();
    }

    private static Map<String, Object> row(long id, String name, long seq) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("name", name);
        row.put("tags", null);
        row.put("_seq", seq);
        row.put("_deleted", false);
        return row;
    }

    private void inserted(Map<String, Object>... rows) {
        writes.committed(List.of(new Change(ITEMS, Change.Operation.INSERT, rows.length, List.of(rows), List.of(), true, "root", Instant.now())));
    }

    @Test
    void anyPredicateTheEngineEvaluatesSelectsTheChangedRows() {
        FakeSink sink = new FakeSink();
        live.subscribe(ROOT, 1, "regex", "SELECT id, upper(name) AS loud FROM shop.items WHERE regexp_matches(name, '^a.*z$') AND id % 2 = 0",
                SubscriptionOptions.defaults(), sink);
        inserted(row(1, "abz", 11), row(2, "abz", 12), row(4, "abc", 14), row(6, "aaz", 16));
        List<LiveEvent.RowsChanged> changes = sink.await(LiveEvent.RowsChanged.class, 1);
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).type()).isEqualTo(LiveEvent.ChangeType.INSERT);
        assertThat(changes.get(0).rows()).extracting(r -> r.get("id") + " " + r.get("loud")).containsExactly("2 ABZ", "6 AAZ");
    }

    @Test
    void aThousandSubscriptionsWithTwoDistinctQueriesCostTwoEvaluationsAndAllReceive() {
        List<FakeSink> sinks = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            FakeSink sink = new FakeSink();
            sinks.add(sink);
            live.subscribe(ROOT, i / 100, "s" + i, "SELECT id FROM shop.items WHERE id > " + (i % 2), SubscriptionOptions.defaults(), sink);
        }
        assertThat(live.queryGroups(ITEMS)).isEqualTo(2);
        inserted(row(5, "five", 25));
        for (FakeSink sink : sinks) {
            assertThat(sink.await(LiveEvent.RowsChanged.class, 1)).hasSize(1);
        }
    }

    @Test
    void aChangeWithoutItsRowImagesFailsTheSubscriptionsInsteadOfGuessing() {
        FakeSink sink = new FakeSink();
        live.subscribe(ROOT, 1, "all", "SELECT * FROM shop.items", SubscriptionOptions.defaults(), sink);
        assertThat(writes.wantsRows(ITEMS)).isTrue();
        writes.committed(List.of(Change.counted(ITEMS, Change.Operation.UPDATE, 200_000, "root")));
        List<LiveEvent.Failed> failures = sink.await(LiveEvent.Failed.class, 1);
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).error().code()).isEqualTo(ErrorCode.LIVE_SUBSCRIPTION_FAILED);
        assertThat(live.count()).isZero();
        assertThat(writes.wantsRows(ITEMS)).as("nobody watches any more, so writes stop capturing").isFalse();
    }

    @Test
    void changesToATableNobodyWatchesAreNotQueued() {
        assertThat(writes.wantsRows(ITEMS)).isFalse();
        FakeSink sink = new FakeSink();
        live.subscribe(ROOT, 1, "one", "SELECT * FROM shop.items WHERE id = 1", SubscriptionOptions.defaults(), sink);
        live.unsubscribe(1, "one");
        inserted(row(1, "one", 31));
        assertThat(sink.await(LiveEvent.RowsChanged.class, 1)).isEmpty();
    }

    @Test
    void aConnectionHoldsAtMostOneHundredSubscriptions() {
        for (int i = 0; i < LiveQueries.MAXIMUM_SUBSCRIPTIONS_PER_CONNECTION; i++) {
            live.subscribe(ROOT, 7, "s" + i, "SELECT id FROM shop.items", SubscriptionOptions.defaults(), new FakeSink());
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> live.subscribe(ROOT, 7, "one-more", "SELECT id FROM shop.items",
                        SubscriptionOptions.defaults(), new FakeSink()))
                .satisfies(error -> assertThat(((dev.tarn.error.TarnException) error).code()).isEqualTo(ErrorCode.LIVE_SUBSCRIPTION_LIMIT));
        live.subscribe(ROOT, 8, "elsewhere", "SELECT id FROM shop.items", SubscriptionOptions.defaults(), new FakeSink());
    }

    @Test
    void currentUserInAPredicateMeansTheSubscriber() {
        FakeSink rootSink = new FakeSink();
        FakeSink aliceSink = new FakeSink();
        live.subscribe(ROOT, 1, "mine", "SELECT id FROM shop.items WHERE name = CURRENT_USER()", SubscriptionOptions.defaults(), rootSink);
        live.subscribe(new Principal("alice", Role.DBA), 2, "mine", "SELECT id FROM shop.items WHERE name = CURRENT_USER",
                SubscriptionOptions.defaults(), aliceSink);
        assertThat(live.queryGroups(ITEMS)).isEqualTo(2);
        inserted(row(1, "alice", 41), row(2, "root", 42));
        assertThat(rootSink.await(LiveEvent.RowsChanged.class, 1).get(0).rows()).extracting(r -> r.get("id")).containsExactly(2L);
        assertThat(aliceSink.await(LiveEvent.RowsChanged.class, 1).get(0).rows()).extracting(r -> r.get("id")).containsExactly(1L);
    }

    @Test
    void distinctPredicatesAreEvaluatedTogetherAndOneThatFailsEndsOnlyItsOwnSubscriptions() {
        List<FakeSink> sinks = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            FakeSink sink = new FakeSink();
            sinks.add(sink);
            live.subscribe(ROOT, i / 100, "p" + i, "SELECT id, name FROM shop.items WHERE id < " + (1000 + i), SubscriptionOptions.defaults(), sink);
        }
        FakeSink breaking = new FakeSink();
        live.subscribe(ROOT, 9, "breaking", "SELECT id, name FROM shop.items WHERE CAST(name AS INTEGER) > 0", SubscriptionOptions.defaults(), breaking);
        assertThat(live.queryGroups(ITEMS)).isEqualTo(301);
        inserted(row(7, "seven", 51));
        for (FakeSink sink : sinks) {
            assertThat(sink.await(LiveEvent.RowsChanged.class, 1)).singleElement()
                    .satisfies(change -> assertThat(change.rows()).extracting(r -> r.get("id") + " " + r.get("name")).containsExactly("7 seven"));
        }
        assertThat(breaking.await(LiveEvent.Failed.class, 1)).hasSize(1);
        assertThat(live.queryGroups(ITEMS)).isEqualTo(300);
    }
}
