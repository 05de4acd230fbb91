import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * POST /append throughput with 16 concurrent clients and batches of 1, 100 and 1000 events, every
 * event durable (fsync'd) before its 200; compared with DuckDB's appender alone in this process
 * (the limit: no HTTP, no JSON, no log). Then the visibility latency: from an append's 200 to the
 * row showing in /query for another user (no read-your-writes wait), without sync.
 *
 *   java -cp target/tarn.jar bench/AppendBenchmark.java --url URL --user root --password PW --seconds 10
 */
public final class AppendBenchmark {
    private static final int CLIENTS = 16;
    private static final int[] BATCH_SIZES = {1, 100, 1000};
    private static final int VISIBILITY_PROBES = 200;
    private static final double TARGET_EVENTS_PER_SECOND = 200_000;
    private static final double TARGET_VISIBILITY_P99_MILLIS = 1000;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String url;
    private final String authorization;

    private AppendBenchmark(String url, String user, String password) {
        this.url = url;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static void main(String[] arguments) throws Exception {
        String url = argument(arguments, "--url");
        AppendBenchmark benchmark = new AppendBenchmark(url, argument(arguments, "--user"), argument(arguments, "--password"));
        int seconds = Integer.parseInt(argument(arguments, "--seconds"));
        List<String> summary = new ArrayList<>();
        double appenderLimit = appenderRowsPerSecond(2_000_000);
        summary.add(String.format(Locale.ROOT, "duckdb appender alone: %.0f events/s (the limit)", appenderLimit));
        for (int batchSize : BATCH_SIZES) {
            double rate = benchmark.throughput(batchSize, seconds);
            summary.add(String.format(Locale.ROOT, "append batch=%d clients=%d: %.0f events/s (%.2f of the appender)%s", batchSize, CLIENTS, rate,
                    rate / appenderLimit, batchSize == 100 ? String.format(Locale.ROOT, " target >= %.0f: %s", TARGET_EVENTS_PER_SECOND,
                            rate >= TARGET_EVENTS_PER_SECOND ? "met" : "NOT met") : ""));
        }
        List<Double> latencies = benchmark.visibility();
        summary.add(String.format(Locale.ROOT, "visibility without sync: p50=%.1fms p99=%.1fms max=%.1fms (target p99 < %.0fms: %s)",
                percentile(latencies, 0.50), percentile(latencies, 0.99), percentile(latencies, 1.0), TARGET_VISIBILITY_P99_MILLIS,
                percentile(latencies, 0.99) < TARGET_VISIBILITY_P99_MILLIS ? "met" : "NOT met"));
        System.out.println();
        summary.forEach(line -> System.out.println("append: " + line));
    }

    /** Events per second that 16 clients get acknowledged, each sending batches of this size for the given time. */
    private double throughput(int batchSize, int seconds) throws Exception {
        String table = "bench_append_" + batchSize;
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong events = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int clientNumber = c;
            threads.add(Thread.ofPlatform().start(() -> {
                long sequence = 0;
                while (running.get()) {
                    String body = batch(clientNumber, sequence, batchSize);
                    sequence += batchSize;
                    try {
                        HttpResponse<String> response = client.send(post("/append?table=" + table, body), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 200 && response.body().contains("\"ok\":true")) {
                            events.addAndGet(batchSize);
                        } else {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
            }));
        }
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "batch %d: %d events acknowledged in %.1f s, %d failed requests%n", batchSize, events.get(), elapsed, failures.get());
        return events.get() / elapsed;
    }

    private static String batch(int client, long firstSequence, int size) {
        StringBuilder body = new StringBuilder(size * 110).append('[');
        for (int i = 0; i < size; i++) {
            long sequence = firstSequence + i;
            body.append(i == 0 ? "" : ",").append("{\"user_id\":").append(client * 1_000_000_000L + sequence)
                    .append(",\"event\":\"event_").append(sequence % 20).append("\",\"ts\":\"2026-01-01T00:00:")
                    .append(sequence % 60 < 10 ? "0" : "").append(sequence % 60).append(".123456Z\",\"amount\":").append(sequence % 1000 / 10.0)
                    .append(",\"country\":\"country_").append(sequence % 50).append("\"}");
        }
        return body.append(']').toString();
    }

    /** Milliseconds from each append's 200 until another user's query sees the row. */
    private List<Double> visibility() throws Exception {
        send(post("/query", "{\"statement\":\"CREATE USER bench_reader WITH PASSWORD 'bench-reader-pw' ROLE dba\"}"));
        String reader = "Basic " + Base64.getEncoder().encodeToString("bench_reader:bench-reader-pw".getBytes(StandardCharsets.UTF_8));
        send(post("/append?table=bench_visibility&sync=true", "{\"probe\":-1}"));
        List<Double> latencies = new ArrayList<>();
        for (int probe = 0; probe < VISIBILITY_PROBES; probe++) {
            send(post("/append?table=bench_visibility", "{\"probe\":" + probe + "}"));
            long acknowledged = System.nanoTime();
            String statement = "{\"statement\":\"SELECT count(*) FROM bench_visibility WHERE probe = " + probe + "\"}";
            while (true) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/query")).header("Authorization", reader)
                        .POST(HttpRequest.BodyPublishers.ofString(statement)).build();
                String body = client.send(request, HttpResponse.BodyHandlers.ofString()).body();
                if (body.endsWith("[1]\n")) {
                    break;
                }
                if (System.nanoTime() - acknowledged > Duration.ofSeconds(30).toNanos()) {
                    throw new IllegalStateException("probe " + probe + " never became visible");
                }
            }
            latencies.add((System.nanoTime() - acknowledged) / 1e6);
        }
        return latencies;
    }

    /** DuckDB's appender alone, in this process, with the same five columns and values already parsed. */
    private static double appenderRowsPerSecond(int rows) throws Exception {
        try (var connection = (org.duckdb.DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
            connection.createStatement().execute("CREATE TABLE e(user_id BIGINT, event VARCHAR, ts TIMESTAMPTZ, amount DOUBLE, country VARCHAR)");
            var base = java.time.OffsetDateTime.parse("2026-01-01T00:00:00.123456Z");
            long start = System.nanoTime();
            try (var appender = connection.createAppender("memory", "main", "e")) {
                for (int i = 0; i < rows; i++) {
                    appender.beginRow();
                    appender.append((long) i);
                    appender.append("event_" + (i % 20));
                    appender.append(base.plusSeconds(i % 60));
                    appender.append(i % 1000 / 10.0);
                    appender.append("country_" + (i % 50));
                    appender.endRow();
                }
            }
            return rows / ((System.nanoTime() - start) / 1e9);
        }
    }

    private HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private void send(HttpRequest request) throws Exception {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static double percentile(List<Double> values, double fraction) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(fraction * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String argument(String[] arguments, String name) {
        for (int i = 0; i + 1 < arguments.length; i++) {
            if (arguments[i].equals(name)) {
                return arguments[i + 1];
            }
        }
        throw new IllegalArgumentException("missing " + name);
    }
}
