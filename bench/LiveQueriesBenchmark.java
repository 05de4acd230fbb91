import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Live queries from the outside. A: one subscriber on a shared table, single-row INSERTs through
 * POST /v1/api/sql one after another; latency from the INSERT's HTTP answer (and from its request)
 * to the change message on the socket. B: N subscriptions spread over C connections with P
 * distinct predicates that all match, then inserts, each of which every subscription must receive;
 * the server heap (jstat, after a full GC through jcmd) before and after subscribing.
 *
 *   java -cp target/tarn.jar bench/LiveQueriesBenchmark.java --url URL --user root --password PW --pid PID \
 *        --inserts 500 --subscriptions 10000 --connections 100 --predicates 10
 */
public final class LiveQueriesBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CAPACITY_INSERTS = 5;

    public static void main(String[] arguments) throws Exception {
        String url = argument(arguments, "--url");
        long pid = Long.parseLong(argument(arguments, "--pid"));
        int inserts = Integer.parseInt(argument(arguments, "--inserts"));
        int subscriptions = Integer.parseInt(argument(arguments, "--subscriptions"));
        int connections = Integer.parseInt(argument(arguments, "--connections"));
        int distinctPredicates = Integer.parseInt(argument(arguments, "--predicates"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String token = login(http, url, argument(arguments, "--user"), argument(arguments, "--password"));
        sql(http, url, token, "CREATE NAMESPACE IF NOT EXISTS bench");
        sql(http, url, token, "CREATE SHARED TABLE IF NOT EXISTS bench.items (id BIGINT PRIMARY KEY, name TEXT, price DOUBLE)");
        String ws = url.replace("http://", "ws://") + "/v1/ws";
        AtomicLong nextId = new AtomicLong();

        // A: latency
        Socket subscriber = Socket.open(http, ws, token);
        subscriber.subscribeAndWait("latency", "SELECT id, name, price FROM bench.items WHERE price >= 0");
        Map<Long, Long> arrivals = new ConcurrentHashMap<>();
        subscriber.onChange = message -> arrivals.put(message.get("rows").get(0).get("id").asLong(), System.nanoTime());
        List<Double> fromAnswer = new ArrayList<>();
        List<Double> fromRequest = new ArrayList<>();
        int warmUp = 300;
        for (int i = 0; i < warmUp + inserts; i++) {
            long id = nextId.incrementAndGet();
            long sent = System.nanoTime();
            sql(http, url, token, "INSERT INTO bench.items (id, name, price) VALUES ($1, $2, $3)", id, "item-" + id, id * 0.5);
            long answered = System.nanoTime();
            long deadline = answered + TimeUnit.SECONDS.toNanos(5);
            while (!arrivals.containsKey(id) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            Long arrived = arrivals.get(id);
            if (arrived == null) {
                throw new IllegalStateException("the change of row " + id + " did not arrive within 5 s");
            }
            if (i >= warmUp) {
                fromAnswer.add((arrived - answered) / 1e6);
                fromRequest.add((arrived - sent) / 1e6);
            }
        }
        subscriber.close();
        System.out.printf(Locale.ROOT, "A. change latency, %d single-row INSERTs one after another (after %d untimed), one subscriber:%n", inserts, warmUp);
        report("   INSERT answer -> change message", fromAnswer);
        report("   INSERT request -> change message", fromRequest);
        long early = fromAnswer.stream().filter(value -> value <= 0).count();
        System.out.printf(Locale.ROOT, "   %d of %d messages arrived before the HTTP answer (publish happens at commit, before the answer is written)%n",
                early, inserts);
        System.out.printf(Locale.ROOT, "   target: median under 5 ms -> %s%n", percentile(fromAnswer, 50) < 5 ? "met" : "NOT met");

        // B: capacity
        long heapBefore = heapAfterFullGc(pid);
        List<Socket> sockets = new ArrayList<>();
        AtomicLong received = new AtomicLong();
        Map<String, AtomicLong> perSubscription = new ConcurrentHashMap<>();
        long subscribeStart = System.nanoTime();
        List<Thread> openers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Socket socket = Socket.open(http, ws, token);
            sockets.add(socket);
            socket.onChange = message -> {
                received.incrementAndGet();
                perSubscription.computeIfAbsent(message.get("subscription_id").asText(), key -> new AtomicLong()).incrementAndGet();
            };
            int first = c * (subscriptions / connections);
            int count = subscriptions / connections + (c == connections - 1 ? subscriptions % connections : 0);
            openers.add(Thread.ofVirtual().start(() -> {
                try {
                    for (int s = first; s < first + count; s++) {
                        long started = System.nanoTime();
                        socket.subscribeAndWait("s" + s, "SELECT id, name FROM bench.items WHERE price >= " + (s % distinctPredicates) * 0.01);
                        // the connection's limit is 50 messages a second
                        long wait = TimeUnit.MILLISECONDS.toNanos(25) - (System.nanoTime() - started);
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread opener : openers) {
            opener.join();
        }
        double subscribeSeconds = (System.nanoTime() - subscribeStart) / 1e9;
        long heapAfter = heapAfterFullGc(pid);
        List<Double> fanOut = new ArrayList<>();
        for (int i = 0; i < CAPACITY_INSERTS; i++) {
            long expected = received.get() + subscriptions;
            long id = nextId.incrementAndGet();
            sql(http, url, token, "INSERT INTO bench.items (id, name, price) VALUES ($1, $2, $3)", id, "item-" + id, 100.0);
            long answered = System.nanoTime();
            long deadline = answered + TimeUnit.SECONDS.toNanos(60);
            while (received.get() < expected && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            fanOut.add((System.nanoTime() - answered) / 1e6);
        }
        Thread.sleep(500);
        long complete = perSubscription.values().stream().filter(count -> count.get() == CAPACITY_INSERTS).count();
        System.out.printf(Locale.ROOT, "B. %d subscriptions on %d connections (%d distinct predicates), subscribed in %.1f s (%.0f/s)%n",
                subscriptions, connections, distinctPredicates, subscribeSeconds, subscriptions / subscribeSeconds);
        System.out.printf(Locale.ROOT, "   %d INSERTs each matching every subscription: %d of %d subscriptions received all %d changes (%d messages)%n",
                CAPACITY_INSERTS, complete, subscriptions, CAPACITY_INSERTS, received.get());
        report("   INSERT answer -> last subscriber's message", fanOut);
        System.out.printf(Locale.ROOT, "   server heap after full GC: %.1f MB before, %.1f MB with the subscriptions: %.1f KB per subscription%n",
                heapBefore / 1e6, heapAfter / 1e6, (heapAfter - heapBefore) / 1024.0 / subscriptions);
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    /** One client socket: authenticates in-band, waits for the ack and the first batch of each subscribe. */
    private static final class Socket implements WebSocket.Listener {
        private final LinkedBlockingQueue<JsonNode> control = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
        private volatile Consumer<JsonNode> onChange = message -> { };
        private WebSocket socket;

        static Socket open(HttpClient http, String url, String token) throws Exception {
            Socket socket = new Socket();
            socket.socket = http.newWebSocketBuilder().buildAsync(URI.create(url), socket).join();
            socket.socket.sendText("{\"type\":\"authenticate\",\"method\":\"jwt\",\"token\":\"" + token + "\"}", true).join();
            JsonNode answer = socket.control.poll(10, TimeUnit.SECONDS);
            if (answer == null || !"auth_success".equals(answer.path("type").asText())) {
                throw new IllegalStateException("authentication failed: " + answer);
            }
            return socket;
        }

        synchronized void subscribeAndWait(String id, String sql) throws Exception {
            socket.sendText(JSON.createObjectNode().put("type", "subscribe").set("subscription",
                    JSON.createObjectNode().put("id", id).put("sql", sql)).toString(), true).join();
            for (String expected : List.of("subscription_ack", "initial_data_batch")) {
                JsonNode message = control.poll(30, TimeUnit.SECONDS);
                if (message == null || !expected.equals(message.path("type").asText())) {
                    throw new IllegalStateException("subscribe " + id + ": expected " + expected + ", got " + message);
                }
            }
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                handle(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(binary.toByteArray()))) {
                    handle(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                binary.reset();
            }
            webSocket.request(1);
            return null;
        }

        private void handle(String message) {
            try {
                JsonNode json = JSON.readTree(message);
                if ("change".equals(json.path("type").asText())) {
                    onChange.accept(json);
                } else {
                    control.add(json);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Used heap (S0U + S1U + EU + OU) right after a full collection, in bytes. */
    private static long heapAfterFullGc(long pid) throws Exception {
        String jdk = System.getProperty("java.home");
        run(jdk + "/bin/jcmd", Long.toString(pid), "GC.run");
        Thread.sleep(500);
        List<String> lines = run(jdk + "/bin/jstat", "-gc", Long.toString(pid));
        String[] names = lines.get(0).trim().split("\\s+");
        String[] values = lines.get(1).trim().split("\\s+");
        double used = 0;
        for (int i = 0; i < names.length; i++) {
            if (List.of("S0U", "S1U", "EU", "OU").contains(names[i])) {
                used += Double.parseDouble(values[i]);
            }
        }
        return (long) (used * 1024);
    }

    private static List<String> run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        process.waitFor();
        return lines;
    }

    private static void report(String label, List<Double> latencies) {
        System.out.printf(Locale.ROOT, "%s: median %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n", label,
                percentile(latencies, 50), percentile(latencies, 90), percentile(latencies, 99), Collections.max(latencies));
    }

    private static double percentile(List<Double> values, double percentile) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100 * sorted.size()) - 1));
    }

    private static String login(HttpClient client, String url, String user, String password) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url + "/v1/api/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("user", user).put("password", password).toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("login failed: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("access_token").asText();
    }

    private static JsonNode sql(HttpClient client, String url, String token, String sql, Object... parameters) throws Exception {
        var body = JSON.createObjectNode().put("sql", sql);
        var params = body.putArray("params");
        for (Object parameter : parameters) {
            params.addPOJO(parameter);
        }
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url + "/v1/api/sql"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(response.body());
        if (!"success".equals(answer.path("status").asText())) {
            throw new IllegalStateException(sql + ": " + response.body());
        }
        return answer;
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
