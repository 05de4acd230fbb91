package dev.tarn.topics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tarn.auth.Principal;
import dev.tarn.auth.Role;
import dev.tarn.config.TarnConfig;
import dev.tarn.engine.Engine;
import dev.tarn.engine.Session;
import dev.tarn.engine.SystemDatabase;
import dev.tarn.engine.TableName;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import dev.tarn.writes.Change;
import dev.tarn.writes.WritePath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Topics fed by hand-made changes published through the write path, as writers publish them
 * after commit: routing, payload modes, DuckDB-evaluated filters, keyed partitions, gap-free
 * offsets, consumer groups, redelivery and acknowledgements.
 */
class TopicServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Principal ROOT = new Principal("root", Role.SYSTEM);
    private static final TableName CARTS = TableName.of("memory", "shop", "carts");
    private static final TopicId EVENTS = new TopicId("shop", "cart_events");

    @TempDir
    Path data;
    private Engine engine;
    private SystemDatabase database;
    private WritePath writes;
    private TopicService topics;

    @BeforeEach
    void open() {
        engine = Engine.open(data, new TarnConfig.EngineSettings(4, 5000, 0, Optional.empty()));
        database = SystemDatabase.open(data, "topics.duckdb");
        writes = new WritePath(engine);
        topics = service();
        try (Session session = engine.openSession()) {
            session.execute("CREATE SCHEMA memory.shop");
            session.execute("CREATE TABLE memory.shop.carts (id BIGINT PRIMARY KEY, sku VARCHAR, qty INTEGER, added TIMESTAMP, _seq BIGINT)");
        }
    }

    @AfterEach
    void close() {
        topics.close();
        engine.close();
        database.close();
    }

    private TopicService service() {
        return new TopicService(engine, database, writes, table -> Optional.empty(), new TarnConfig.TopicSettings(1, 25), Clock.systemUTC());
    }

    @Test
    void eachOperationReachesItsSourceWithItsPayloadMode() throws Exception {
        topics.create(ROOT, EVENTS, OptionalInt.empty(), false);
        addSource(TopicOperation.INSERT, Optional.empty(), PayloadMode.FULL);
        addSource(TopicOperation.UPDATE, Optional.empty(), PayloadMode.DIFF);
        addSource(TopicOperation.DELETE, Optional.empty(), PayloadMode.KEY);

        publish(Change.Operation.INSERT, List.of(cart(1, "A-1", 2)), List.of());
        publish(Change.Operation.UPDATE, List.of(cart(1, "A-1", 5)), List.of(cart(1, "A-1", 2)));
        publish(Change.Operation.DELETE, List.of(), List.of(cart(1, "A-1", 5)));

        List<TopicMessage> messages = consume("reader", 0, new StartPosition.Earliest(), 10).messages();
        assertThat(messages).extracting(TopicMessage::offset).containsExactly(0L, 1L, 2L);
        assertThat(messages).extracting(TopicMessage::operation).containsExactly(TopicOperation.INSERT, TopicOperation.UPDATE, TopicOperation.DELETE);
        assertThat(messages).allSatisfy(message -> {
            assertThat(message.key()).contains("1");
            assertThat(message.userId()).isEqualTo("alice");
        });
        assertThat(JSON.readTree(messages.get(0).payload())).isEqualTo(JSON.readTree(
                "{\"id\":\"1\",\"sku\":\"A-1\",\"qty\":2,\"added\":1000000,\"_seq\":\"7\",\"_table\":\"shop.carts\"}"));
        assertThat(JSON.readTree(messages.get(1).payload())).as("diff: the key and what changed")
                .isEqualTo(JSON.readTree("{\"id\":\"1\",\"qty\":5,\"_table\":\"shop.carts\"}"));
        assertThat(JSON.readTree(messages.get(2).payload())).as("key: the row without _table")
                .isEqualTo(JSON.readTree("{\"id\":\"1\",\"sku\":\"A-1\",\"qty\":5,\"added\":1000000,\"_seq\":\"7\"}"));
    }

    @Test
    void aSourceFilterIsEvaluatedByDuckDbOnTheChangedRows() {
        topics.create(ROOT, EVENTS, OptionalInt.empty(), false);
        addSource(TopicOperation.INSERT, Optional.of("qty > 10 AND upper(carts.sku) LIKE 'A%' AND added < TIMESTAMP '2000-01-01'"), PayloadMode.FULL);

        publish(Change.Operation.INSERT, List.of(cart(1, "a-1", 11), cart(2, "b-2", 50), cart(3, "A-3", 3), cart(4, "a-4", 99)), List.of());

        assertThat(consume("reader", 0, new StartPosition.Earliest(), 10).messages()).extracting(message -> message.key().orElseThrow())
                .containsExactly("1", "4");
    }

    @Test
    void aFilterDuckDbCannotBindIsRefusedWhenTheSourceIsAdded() {
        topics.create(ROOT, EVENTS, OptionalInt.empty(), false);
        assertThatThrownBy(() -> addSource(TopicOperation.INSERT, Optional.of("quantity > 10"), PayloadMode.FULL))
                .isInstanceOf(TarnException.class).hasMessageContaining("quantity");
        assertThatThrownBy(() -> addSource(TopicOperation.INSERT, Optional.of("1 = 1) UNION SELECT 1 FROM (SELECT 1"), PayloadMode.FULL))
                .isInstanceOf(TarnException.class).hasMessageContaining("parenthesis");
        assertThatThrownBy(() -> addSource(TopicOperation.INSERT, Optional.of("true; DROP TABLE memory.shop.carts"), PayloadMode.FULL))
                .isInstanceOf(TarnException.class).hasMessageContaining("';'");
        assertThatThrownBy(() -> topics.addSource(ROOT, engine.openInternalSession(), EVENTS, TableName.of("memory", "shop", "nothing"),
                TopicOperation.INSERT, Optional.empty(), PayloadMode.FULL)).isInstanceOf(TarnException.class).hasMessageContaining("shop.nothing");
        assertThat(topics.find(EVENTS).orElseThrow().sources()).isEmpty();
    }

    @Test
    void messagesArePartitionedByKeyWithGapFreeOffsetsPerPartition() {
        topics.create(ROOT, EVENTS, OptionalInt.of(4), false);
        addSource(TopicOperation.INSERT, Optional.empty(), PayloadMode.FULL);
        addSource(TopicOperation.UPDATE, Optional.empty(), PayloadMode.FULL);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int id = 0; id < 40; id++) {
            rows.add(cart(id, "S-" + id, 1));
        }
        publish(Change.Operation.INSERT, rows, List.of());
        publish(Change.Operation.UPDATE, rows, rows);

        Set<Integer> used = new HashSet<>();
        int total = 0;
        for (int partition = 0; partition < 4; partition++) {
            List<TopicMessage> messages = consume("reader", partition, new StartPosition.Earliest(), 1000).messages();
            total += messages.size();
            if (!messages.isEmpty()) {
                used.add(partition);
            }
            for (int i = 0; i < messages.size(); i++) {
                assertThat(messages.get(i).offset()).isEqualTo(i);
            }
            Map<String, TopicOperation> lastOperation = new LinkedHashMap<>();
            for (TopicMessage message : messages) {
                // one row's changes stay in one partition, in the order they happened
                TopicOperation before = lastOperation.put(message.key().orElseThrow(), message.operation());
                assertThat(before == null ? TopicOperation.INSERT : TopicOperation.UPDATE).isEqualTo(message.operation());
            }
        }
        assertThat(total).isEqualTo(80);
        assertThat(used).as("40 keys spread over the partitions").hasSizeGreaterThan(1);
    }

    @Test
    void membersOfAGroupConsumingConcurrentlyNeverGetTheSameMessage() throws Exception {
        topics.create(ROOT, EVENTS, OptionalInt.empty(), false);
        addSource(TopicOperation.INSERT, Optional.empty(), PayloadMode.KEY);
        for (int batch = 0; batch < 20; batch++) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int row = 0; row < 10; row++) {
                rows.add(cart(batch * 10 + row, "S", 1));
            }
            publish(Change.Operation.INSERT, rows, List.of());
        }
        List<List<Long>> received = new CopyOnWriteArrayList<>();
        List<Thread> members = new ArrayList<>();
        for (int member = 0; member < 6; member++) {
            List<Long> mine = new CopyOnWriteArrayList<>();
            received.add(mine);
            members.add(Thread.ofVirtual().start(() -> {
                while (true) {
                    ConsumeResult result = consume("billing", 0, new StartPosition.Earliest(), 7);
                    if (result.messages().isEmpty()) {
                        return;
                    }
                    result.messages().forEach(message -> mine.add(message.offset()));
                }
            }));
        }
        for (Thread member : members) {
            member.join();
        }
        Set<Long> union = new HashSet<>();
        for (List<Long> mine : received) {
            for (Long offset : mine) {
                assertThat(union.add(offset)).as("offset " + offset + " went to one member only").isTrue();
            }
        }
        assertThat(union).hasSize(200);
        assertThat(received.stream().filter(mine -> !mine.isEmpty()).count()).as("the work was shared").isGreaterThan(1);
    }

    @Test
    void unacknowledgedMessagesAreDeliveredAgainAfterTheVisibilityTimeout() throws Exception {
        topics.create(ROOT, EVENTS, OptionalInt.empty(), false);
        addSource(TopicOperation.INSERT, Optional.empty(), PayloadMode.FULL);
        publish(Change.Operation.INSERT, List.of(cart(1, "A", 1), cart(2, "B", 1), cart(3, "C", 1)), List.of());

        assertThat(consume("billing", 0, new StartPosition.Earliest(), 2).messages()).extracting(TopicMessage::offset).containsExactly(0L, 1L);
        assertThat(consume("billing", 0, new StartPosition.Earliest(), 10).messages()).extracting(TopicMessage::offset).containsExactly(2L);
        topics.acknowledge(EVENTS, "billing", 0, 2);
        assertThat(consume("billing", 0, new StartPosition.Earliest(), 10).messages()).as("acknowledged up to 2: nothing left").isEmpty();

        publish(Change.Operation.INSERT, List.of(cart(4, "D", 1), cart(5, "E", 1)), List.of());
        assertThat(consume("billing", 0, new StartPosition.Earliest(), 10).messages()).extracting(TopicMessage::offset).containsExactly(3L, 4L);
        // that member dies without acknowledging
        assertThat(consume("billing", 0, new StartPosition.Earliest(), 10).messages()).isEmpty();
        Thread.sleep(1_200);
        assertThat(consume("billing", 0, new StartPosition.Earliest(), 10).messages()).as("redelivered after the visibility timeout")
                .extracting(TopicMessage::offset).containsExactly(3L, 4L);
    }

    @Test
    void acknowledgementsOnlyMoveForwardAndOnlyOverProducedMessages() {
        topics.create(ROOT, EVENTS, OptionalInt.empty(), false);
        addSource(TopicOperation.INSERT, Optional.empty(), PayloadMode.FULL);
        publish(Change.Operation.INSERT, List.of(cart(1, "A", 1), cart(2, "B", 1), cart(3, "C", 1)), List.of());

        assertThat(topics.acknowledge(EVENTS, "billing", 0, 1)).isEqualTo(1);
        assertThat(topics.acknowledge(EVENTS, "billing", 0, 0)).as("a lower ack does not move it back").isEqualTo(1);
        assertThatThrownBy(() -> topics.acknowledge(EVENTS, "billing", 0, 3)).isInstanceOf(TarnException.class)
                .hasMessageContaining("has not been produced yet");
        assertThat(consume("billing", 0, new StartPosition.Earliest(), 10).messages()).as("the group's position wins over the start")
                .extracting(TopicMessage::offset).containsExactly(2L);
    }

    @Test
    void offsetsAndPositionsSurviveAReopenAndOffsetsAreNeverReused() {
        topics.create(ROOT, EVENTS, OptionalInt.of(2), false);
        addSource(TopicOperation.INSERT, Optional.empty(), PayloadMode.FULL);
        publish(Change.Operation.INSERT, List.of(cart(1, "A", 1), cart(2, "B", 1), cart(3, "C", 1), cart(4, "D", 1)), List.of());
        topics.acknowledge(EVENTS, "billing", 0, 0);
        topics.close();
        // as after a restart: a new write path, a new service on the same store
        writes = new WritePath(engine);
        topics = service();
        topics.clear(ROOT, EVENTS);
        publish(Change.Operation.INSERT, List.of(cart(1, "A", 2)), List.of());
        int partition = MessagePayload.partition(Optional.of("1"), "", 2);
        List<TopicMessage> messages = consume("other", partition, new StartPosition.Earliest(), 10).messages();
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).offset()).as("after the earlier messages of its partition, though they were cleared").isGreaterThan(0);
        assertThat(topics.acknowledge(EVENTS, "billing", 0, 0)).isEqualTo(0);
    }

    @Test
    void aWaitingConsumerReturnsAsSoonAsAMessageIsProduced() throws Exception {
        topics.create(ROOT, EVENTS, OptionalInt.empty(), false);
        addSource(TopicOperation.INSERT, Optional.empty(), PayloadMode.FULL);
        Map<String, Object> answer = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        Thread consumer = Thread.ofVirtual().start(() -> {
            ConsumeResult result = topics.consume(new ConsumeRequest(EVENTS, Optional.of("waiters"), 0, new StartPosition.Latest(), 10,
                    Duration.ofSeconds(10)));
            answer.put("result", result);
            answer.put("millis", (System.nanoTime() - start) / 1_000_000);
        });
        Thread.sleep(500);
        assertThat(answer).as("still waiting").isEmpty();
        publish(Change.Operation.INSERT, List.of(cart(9, "Z", 1)), List.of());
        consumer.join(5_000);
        assertThat(((ConsumeResult) answer.get("result")).messages()).extracting(message -> message.key().orElseThrow()).containsExactly("9");
        assertThat((Long) answer.get("millis")).isBetween(400L, 3_000L);
    }

    @Test
    void retentionDeletesOldMessagesAndLaterOffsetsGoOn() throws Exception {
        topics.create(ROOT, EVENTS, OptionalInt.empty(), false);
        addSource(TopicOperation.INSERT, Optional.empty(), PayloadMode.FULL);
        publish(Change.Operation.INSERT, List.of(cart(1, "A", 1), cart(2, "B", 1), cart(3, "C", 1)), List.of());
        topics.retention(ROOT, EVENTS, new TopicOptions.Retention(java.util.OptionalLong.of(1), java.util.OptionalLong.empty()));
        Thread.sleep(2_600);
        assertThat(consume("late", 0, new StartPosition.Earliest(), 10).messages()).as("older than a second: gone").isEmpty();
        publish(Change.Operation.INSERT, List.of(cart(4, "D", 1)), List.of());
        assertThat(consume("late", 0, new StartPosition.Earliest(), 10).messages()).extracting(TopicMessage::offset).containsExactly(3L);

        topics.retention(ROOT, EVENTS, new TopicOptions.Retention(java.util.OptionalLong.empty(), java.util.OptionalLong.of(150)));
        for (int id = 10; id < 20; id++) {
            publish(Change.Operation.INSERT, List.of(cart(id, "E", 1)), List.of());
        }
        Thread.sleep(1_600);
        List<TopicMessage> kept = topics.consume(new ConsumeRequest(EVENTS, Optional.empty(), 0, new StartPosition.Earliest(), 100,
                Duration.ZERO)).messages();
        assertThat(kept).as("only the newest messages within 150 bytes").hasSizeBetween(1, 2);
        assertThat(kept.get(kept.size() - 1).offset()).isEqualTo(13L);
    }

    @Test
    void onlyAdministratorsManageTopics() {
        Principal service = new Principal("svc", Role.SERVICE);
        assertThatThrownBy(() -> topics.create(service, EVENTS, OptionalInt.empty(), false))
                .isInstanceOfSatisfying(TarnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
        topics.create(ROOT, EVENTS, OptionalInt.empty(), false);
        assertThatThrownBy(() -> topics.drop(service, EVENTS, false))
                .isInstanceOfSatisfying(TarnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
        assertThatThrownBy(() -> topics.create(ROOT, EVENTS, OptionalInt.empty(), false))
                .isInstanceOfSatisfying(TarnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOPIC_EXISTS));
    }

    private void addSource(TopicOperation operation, Optional<String> filter, PayloadMode payload) {
        try (Session session = engine.openSession()) {
            topics.addSource(ROOT, session, EVENTS, CARTS, operation, filter, payload);
        }
    }

    private ConsumeResult consume(String group, int partition, StartPosition start, int limit) {
        return topics.consume(new ConsumeRequest(EVENTS, Optional.of(group), partition, start, limit, Duration.ZERO));
    }

    private void publish(Change.Operation operation, List<Map<String, Object>> rows, List<Map<String, Object>> oldRows) {
        writes.committed(List.of(new Change(CARTS, operation, Math.max(rows.size(), oldRows.size()), rows, oldRows, true, "alice", Instant.now())));
    }

    private static Map<String, Object> cart(long id, String sku, int qty) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("sku", sku);
        row.put("qty", qty);
        row.put("added", java.time.LocalDateTime.of(1970, 1, 1, 0, 0, 1));
        row.put("_seq", 7L);
        return row;
    }
}
