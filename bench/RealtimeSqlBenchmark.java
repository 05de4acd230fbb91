import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Single-row INSERT and primary-key SELECT through POST /v1/api/sql, 10 concurrent clients each
 * with its own keep-alive connection and token; the same statements on an in-process DuckDB with
 * 10 threads (one connection each) in the same run, as the engine's own floor.
 *
 *   java -cp target/tarn.jar bench/RealtimeSqlBenchmark.java --url URL --user root --password PW --requests 1000
 */
public final class RealtimeSqlBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 10;
    private static final double REFERENCE_INSERT_MEDIAN_MILLIS = 0.27;
    private static final double REFERENCE_SELECT_MEDIAN_MILLIS = 0.38;

    public static void main(String[] arguments) throws Exception {
        String url = argument(arguments, "--url");
        int requests = Integer.parseInt(argument(arguments, "--requests"));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String token = login(client, url, argument(arguments, "--user"), argument(arguments, "--password"));
        sql(client, url, token, "CREATE NAMESPACE IF NOT EXISTS bench");
        sql(client, url, token, "CREATE SHARED TABLE IF NOT EXISTS bench.items (id BIGINT PRIMARY KEY, name TEXT, price DOUBLE)");
        AtomicLong nextId = new AtomicLong();
        warm(client, url, token, nextId);
        List<Double> inserts = concurrently(requests, () -> {
            long id = nextId.incrementAndGet();
            sql(client, url, token, "INSERT INTO bench.items (id, name, price) VALUES ($1, $2, $3)", id, "item-" + id, id * 0.5);
        });
        List<Double> selects = concurrently(requests, () -> {
            long id = 1 + (long) (Math.random() * nextId.get());
            sql(client, url, token, "SELECT id, name, price FROM bench.items WHERE id = $1", id);
        });
        // a USER table: every statement is scoped to the caller's rows by the access rewrite
        sql(client, url, token, "CREATE USER TABLE IF NOT EXISTS bench.notes (id BIGINT PRIMARY KEY, body TEXT)");
        AtomicLong nextNote = new AtomicLong();
        List<Double> userInserts = concurrently(requests, () -> {
            long id = nextNote.incrementAndGet();
            sql(client, url, token, "INSERT INTO bench.notes (id, body) VALUES ($1, $2)", id, "note-" + id);
        });
        List<Double> userSelects = concurrently(requests, () -> {
            long id = 1 + (long) (Math.random() * nextNote.get());
            sql(client, url, token, "SELECT id, body FROM bench.notes WHERE id = $1", id);
        });
        List<Double> directInserts;
        List<Double> directSelects;
        // file-backed like the server's database, so each commit writes its WAL as the server's do
        java.nio.file.Path peerFile = java.nio.file.Files.createTempDirectory("realtime-peer").resolve("peer.duckdb");
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:" + peerFile)) {
            duckdb.createStatement().execute("CREATE TABLE items (id BIGINT PRIMARY KEY, name TEXT, price DOUBLE)");
            AtomicLong directId = new AtomicLong();
            ThreadLocal<Connection> connections = ThreadLocal.withInitial(() -> {
                try {
                    return ((org.duckdb.DuckDBConnection) duckdb).duplicate();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            directInserts = concurrently(requests, () -> {
                long id = directId.incrementAndGet();
                try (PreparedStatement insert = connections.get().prepareStatement("INSERT INTO items VALUES ($1, $2, $3)")) {
                    insert.setLong(1, id);
                    insert.setString(2, "item-" + id);
                    insert.setDouble(3, id * 0.5);
                    insert.execute();
                }
            });
            directSelects = concurrently(requests, () -> {
                long id = 1 + (long) (Math.random() * directId.get());
                try (PreparedStatement select = connections.get().prepareStatement("SELECT id, name, price FROM items WHERE id = $1")) {
                    select.setLong(1, id);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            rows.getString(2);
                        }
                    }
                }
            });
        }
        System.out.println();
        report("insert over /v1/api/sql", inserts, REFERENCE_INSERT_MEDIAN_MILLIS);
        report("insert on DuckDB directly", directInserts, Double.NaN);
        report("primary-key select over /v1/api/sql", selects, REFERENCE_SELECT_MEDIAN_MILLIS);
        report("primary-key select on DuckDB directly", directSelects, Double.NaN);
        report("insert into a USER table over /v1/api/sql", userInserts, REFERENCE_INSERT_MEDIAN_MILLIS);
        report("primary-key select of a USER table", userSelects, REFERENCE_SELECT_MEDIAN_MILLIS);
    }

    private interface Work {
        void run() throws Exception;
    }

    /** Milliseconds of each of CLIENTS × requests calls, made by CLIENTS threads at once. */
    private static List<Double> concurrently(int requests, Work work) throws InterruptedException {
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
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

    private static void warm(HttpClient client, String url, String token, AtomicLong nextId) throws Exception {
        for (int i = 0; i < 2000; i++) {
            long id = nextId.incrementAndGet();
            sql(client, url, token, "INSERT INTO bench.items (id, name, price) VALUES ($1, $2, $3)", id, "item-" + id, id * 0.5);
            sql(client, url, token, "SELECT id, name, price FROM bench.items WHERE id = $1", id);
        }
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
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url + "/v1/api/sql"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(sql + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static void report(String label, List<Double> latencies, double reference) {
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        double median = sorted.get(sorted.size() / 2);
        double p99 = sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1);
        System.out.printf(Locale.ROOT, "realtime-sql: %-40s median=%.3fms p99=%.3fms n=%d%s%n", label, median, p99, sorted.size(),
                Double.isNaN(reference) ? "" : String.format(Locale.ROOT, " (reference median %.2fms)", reference));
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
