import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Topics from the outside. One run, three phases:
 * <ol>
 * <li>baseline: single-row INSERTs over /v1/api/sql into a table no topic listens to (the write path's own cost);
 * <li>produce: the same INSERTs into a table that feeds a 4-partition topic, nobody consuming;
 * <li>produce and consume at once: 100-row INSERTs while 4 members of one group (one per partition)
 *     long-poll consume (limit 500) and acknowledge every batch until they have every message, the
 *     backlog of the phase before included;
 * <li>a cold read: one more group reads the whole topic from the earliest offset.
 * </ol>
 * Reference (contract 6, KalamDB 0.4.3 on an M1 laptop): 1.6k consume calls/s, publish-side insert 1.4 ms.
 *
 *   java -cp target/tarn.jar bench/TopicsBenchmark.java --url URL --user root --password PW --inserts 500
 */
public final class TopicsBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PRODUCERS = 8;
    private static final int PARTITIONS = 4;
    private static final int BATCHES_PER_PRODUCER = 20;
    private static final int ROWS_PER_BATCH = 100;

    public static void main(String[] arguments) throws Exception {
        String url = argument(arguments, "--url");
        int inserts = Integer.parseInt(argument(arguments, "--inserts"));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String token = login(client, url, argument(arguments, "--user"), argument(arguments, "--password"));
        sql(client, url, token, "CREATE NAMESPACE IF NOT EXISTS bench");
        sql(client, url, token, "CREATE SHARED TABLE bench.quiet (id BIGINT PRIMARY KEY, name TEXT, amount DOUBLE)");
        sql(client, url, token, "CREATE SHARED TABLE bench.events (id BIGINT PRIMARY KEY, name TEXT, amount DOUBLE)");
        sql(client, url, token, "CREATE TOPIC bench.event_log PARTITIONS " + PARTITIONS);
        sql(client, url, token, "ALTER TOPIC bench.event_log ADD SOURCE bench.events ON INSERT WITH (payload = 'full')");
        AtomicLong warmId = new AtomicLong(1_000_000_000L);
        for (int i = 0; i < 500; i++) {
            long id = warmId.incrementAndGet();
            sql(client, url, token, "INSERT INTO bench.quiet (id, name, amount) VALUES ($1, $2, $3)", id, "w", 1.0);
        }

        AtomicLong quietId = new AtomicLong();
        long quietStart = System.nanoTime();
        List<Double> quietLatencies = concurrently(PRODUCERS, inserts, () -> {
            long id = quietId.incrementAndGet();
            sql(client, url, token, "INSERT INTO bench.quiet (id, name, amount) VALUES ($1, $2, $3)", id, "item-" + id, id * 0.5);
        });
        double quietSeconds = (System.nanoTime() - quietStart) / 1e9;

        // produce only: the write path's cost plus the topic's, nobody reading
        AtomicLong nextId = new AtomicLong();
        long singleStart = System.nanoTime();
        List<Double> topicLatencies = concurrently(PRODUCERS, inserts, () -> {
            long id = nextId.incrementAndGet();
            sql(client, url, token, "INSERT INTO bench.events (id, name, amount) VALUES ($1, $2, $3)", id, "item-" + id, id * 0.5);
        });
        double singleSeconds = (System.nanoTime() - singleStart) / 1e9;

        // produce and consume at once: the members first drain the backlog, then follow the 100-row INSERTs
        long expected = (long) PRODUCERS * inserts + (long) PRODUCERS * BATCHES_PER_PRODUCER * ROWS_PER_BATCH;
        AtomicLong consumed = new AtomicLong();
        AtomicLong consumeCalls = new AtomicLong();
        AtomicLong lastConsumedNanos = new AtomicLong();
        List<Thread> consumers = new ArrayList<>();
        long start = System.nanoTime();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            int member = partition;
            consumers.add(Thread.ofPlatform().start(() -> {
                try {
                    while (consumed.get() < expected) {
                        JsonNode answer = post(client, url, token, "/v1/api/topics/consume", Map.of("topic_id", "bench.event_log",
                                "group_id", "bench", "partition_id", member, "start", "Earliest", "limit", 500, "timeout_seconds", 1));
                        consumeCalls.incrementAndGet();
                        int count = answer.get("messages").size();
                        if (count > 0) {
                            post(client, url, token, "/v1/api/topics/ack", Map.of("topic_id", "bench.event_log", "group_id", "bench",
                                    "partition_id", member, "upto_offset", answer.get("next_offset").asLong() - 1));
                            consumed.addAndGet(count);
                            lastConsumedNanos.set(System.nanoTime());
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        List<Double> batchLatencies = concurrently(PRODUCERS, BATCHES_PER_PRODUCER, () -> {
            StringBuilder values = new StringBuilder();
            for (int row = 0; row < ROWS_PER_BATCH; row++) {
                long id = nextId.incrementAndGet();
                values.append(row == 0 ? "" : ", ").append('(').append(id).append(", 'item-").append(id).append("', ").append(id * 0.5).append(')');
            }
            sql(client, url, token, "INSERT INTO bench.events (id, name, amount) VALUES " + values);
        });
        long producedEnd = System.nanoTime();
        double batchSeconds = (producedEnd - start) / 1e9;
        for (Thread consumer : consumers) {
            consumer.join(120_000);
        }
        double consumeSeconds = (lastConsumedNanos.get() - start) / 1e9;

        long coldStart = System.nanoTime();
        long coldRead = 0;
        for (int partition = 0; partition < PARTITIONS; partition++) {
            while (true) {
                JsonNode answer = post(client, url, token, "/v1/api/topics/consume", Map.of("topic_id", "bench.event_log",
                        "group_id", "cold", "partition_id", partition, "start", "Earliest", "limit", 5000));
                coldRead += answer.get("messages").size();
                if (!answer.get("has_more").asBoolean()) {
                    break;
                }
            }
        }
        double coldSeconds = (System.nanoTime() - coldStart) / 1e9;

        System.out.println();
        System.out.printf(Locale.ROOT, "topics: baseline single-row INSERT, no topic: %8.0f rows/s      median=%.2fms p99=%.2fms (%d clients)%n",
                quietLatencies.size() / quietSeconds, percentile(quietLatencies, 0.5), percentile(quietLatencies, 0.99), PRODUCERS);
        System.out.printf(Locale.ROOT, "topics: produced by single-row INSERTs:       %8.0f messages/s  median=%.2fms p99=%.2fms (%.2f of baseline; nobody consuming; reference insert 1.4 ms)%n",
                topicLatencies.size() / singleSeconds, percentile(topicLatencies, 0.5), percentile(topicLatencies, 0.99),
                (topicLatencies.size() / singleSeconds) / (quietLatencies.size() / quietSeconds));
        System.out.printf(Locale.ROOT, "topics: produced by %d-row INSERTs:          %8.0f messages/s  median=%.2fms per statement, while consumed%n",
                ROWS_PER_BATCH, batchLatencies.size() * ROWS_PER_BATCH / batchSeconds, percentile(batchLatencies, 0.5));
        System.out.printf(Locale.ROOT, "topics: consumed meanwhile (%d members):      %8.0f messages/s  (%d messages incl. the backlog, %d consume calls, %.0f calls/s; reference 1.6k calls/s)%n",
                PARTITIONS, consumed.get() / consumeSeconds, consumed.get(), consumeCalls.get(), consumeCalls.get() / consumeSeconds);
        System.out.printf(Locale.ROOT, "topics: last message consumed %.0f ms after the last write was acknowledged%n",
                (lastConsumedNanos.get() - producedEnd) / 1e6);
        System.out.printf(Locale.ROOT, "topics: cold read of the whole topic:         %8.0f messages/s  (%d messages)%n", coldRead / coldSeconds, coldRead);
        if (consumed.get() != expected || coldRead != expected) {
            throw new IllegalStateException("expected " + expected + " messages, consumed " + consumed.get() + ", cold read " + coldRead);
        }
    }

    private interface Work {
        void run() throws Exception;
    }

    private static List<Double> concurrently(int clients, int requests, Work work) throws InterruptedException {
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < requests; i++) {
                    long start = System.nanoTime();
                    try {
                        work.run();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    latencies.add((System.nanoTime() - start) / 1e6);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return latencies;
    }

    private static double percentile(List<Double> values, double fraction) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.max(0, (int) Math.ceil(fraction * sorted.size()) - 1));
    }

    private static String login(HttpClient client, String url, String user, String password) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url + "/v1/api/auth/login"))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("user", user, "password", password)))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("login failed: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("access_token").asText();
    }

    private static JsonNode sql(HttpClient client, String url, String token, String sql, Object... parameters) throws Exception {
        Map<String, Object> body = parameters.length == 0 ? Map.of("sql", sql) : Map.of("sql", sql, "params", List.of(parameters));
        return post(client, url, token, "/v1/api/sql", body);
    }

    private static JsonNode post(HttpClient client, String url, String token, String path, Object body) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static String argument(String[] arguments, String name) {
        for (int i = 0; i < arguments.length - 1; i++) {
            if (arguments[i].equals(name)) {
                return arguments[i + 1];
            }
        }
        throw new IllegalArgumentException("missing " + name);
    }
}
