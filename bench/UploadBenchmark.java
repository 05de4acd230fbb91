import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whole-process benchmark of POST /upload against a running Tarn server, compared with DuckDB
 * loading the same CSV file itself. Started by bench/upload.sh:
 *
 *   java -cp target/tarn.jar bench/UploadBenchmark.java --url http://127.0.0.1:PORT
 *        --user root --password SECRET --server-pid PID --rows 10000000 --work WORK_DIRECTORY
 *
 * Measures: A) rows per second of POST /upload?mode=create with the CSV streamed from disk,
 * B) rows per second of CREATE TABLE ... AS SELECT * FROM read_csv(file) in a file-backed DuckDB
 * in this process (the same kind of database the server writes to), A and B alternating, the
 * ratio A/B per pair, and the server's heap while it receives and loads the file.
 */
public final class UploadBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TIMED_RUNS = 3;
    private static final long HEAP_SAMPLE_INTERVAL_MILLIS = 200;
    private static final long FLAT_HEAP_TOLERANCE_BYTES = 256L << 20;
    private static final double TARGET_RATIO = 0.90;
    private static final String TABLE = "bench_upload";

    /** Five columns like an event log: BIGINT, VARCHAR, TIMESTAMP, DOUBLE, VARCHAR. */
    private static String generateCsvSql(long rows, Path file) {
        return "COPY (SELECT hash(i) % 1000000 AS user_id, 'event_' || (i % 20) AS event, "
                + "TIMESTAMP '2026-01-01' + to_microseconds(i * 259) AS ts, ((i * 7919) % 100000 / 100.0)::DOUBLE AS amount, "
                + "'country_' || (i % 50) AS country FROM range(" + rows + ") t(i)) TO '" + file + "' (FORMAT csv, HEADER)";
    }

    private final URI baseUri;
    private final String authorization;
    private final long serverPid;
    private final long rows;
    private final Path work;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private UploadBenchmark(URI baseUri, String user, String password, long serverPid, long rows, Path work) {
        this.baseUri = baseUri;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.serverPid = serverPid;
        this.rows = rows;
        this.work = work;
    }

    public static void main(String[] arguments) throws Exception {
        Map<String, String> options = parseOptions(arguments);
        new UploadBenchmark(
                URI.create(required(options, "url")),
                required(options, "user"),
                required(options, "password"),
                Long.parseLong(required(options, "server-pid")),
                Long.parseLong(options.getOrDefault("rows", "10000000")),
                Path.of(required(options, "work"))).run();
    }

    private void run() throws Exception {
        log("rows=%,d server_pid=%d cores=%d java=%s", rows, serverPid, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        Path csv = work.resolve("events.csv");
        long generateStart = System.nanoTime();
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
            statement.execute(generateCsvSql(rows, csv));
        }
        long fileBytes = Files.size(csv);
        log("setup: wrote %s (%.1f MB) in %.1f s", csv, fileBytes / 1e6, seconds(System.nanoTime() - generateStart));

        // A (the whole HTTP path, from the first byte sent to the 200 after commit) and B (the engine's
        // own limit on the same file, into a file-backed database like the server's) alternate, so that
        // load from other processes on a shared machine falls on both alike; the ratio is taken per pair.
        dropTable();
        long warmUp = upload(csv);
        log("warm-up upload (not timed): %.2f s", seconds(warmUp));
        List<Long> uploadNanos = new ArrayList<>();
        List<Long> engineNanos = new ArrayList<>();
        List<Double> pairRatios = new ArrayList<>();
        Path database = work.resolve("baseline.duckdb");
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:" + database); Statement statement = duckdb.createStatement()) {
            for (int run = 1; run <= TIMED_RUNS; run++) {
                dropTable();
                CpuSnapshot beforeUpload = CpuSnapshot.take(serverPid);
                long uploadElapsed = upload(csv);
                CpuSnapshot afterUpload = CpuSnapshot.take(serverPid);
                uploadNanos.add(uploadElapsed);
                log("A run %d: %.2f s, %s rows/s, %.0f MB/s; %s", run, seconds(uploadElapsed), rate(rows, uploadElapsed),
                        fileBytes / 1e6 / seconds(uploadElapsed), afterUpload.since(beforeUpload));

                statement.execute("DROP TABLE IF EXISTS " + TABLE);
                statement.execute("CHECKPOINT");
                CpuSnapshot beforeEngine = CpuSnapshot.take(serverPid);
                long start = System.nanoTime();
                statement.execute("CREATE TABLE " + TABLE + " AS SELECT * FROM read_csv('" + csv + "')");
                long engineElapsed = System.nanoTime() - start;
                CpuSnapshot afterEngine = CpuSnapshot.take(serverPid);
                engineNanos.add(engineElapsed);
                pairRatios.add((double) engineElapsed / uploadElapsed);
                log("B run %d: %.2f s, %s rows/s; %s", run, seconds(engineElapsed), rate(rows, engineElapsed), afterEngine.since(beforeEngine));
            }
            statement.execute("DROP TABLE IF EXISTS " + TABLE);
        }
        HeapReport heap = uploadWhileSamplingHeap(csv);
        dropTable();

        long uploadMedian = median(uploadNanos);
        long engineMedian = median(engineNanos);
        double ratio = medianOf(pairRatios);

        System.out.println();
        System.out.println("== report ==");
        System.out.printf(Locale.ROOT, "file: %,d rows, %.1f MB of CSV (user_id BIGINT, event VARCHAR, ts TIMESTAMP, amount DOUBLE, country VARCHAR)%n",
                rows, fileBytes / 1e6);
        System.out.printf(Locale.ROOT, "A  http POST /upload?mode=create (streamed from disk): median %.2f s, %s rows/s, %.0f MB/s%n",
                seconds(uploadMedian), rate(rows, uploadMedian), fileBytes / 1e6 / seconds(uploadMedian));
        System.out.printf(Locale.ROOT, "B  duckdb CREATE TABLE AS SELECT * FROM read_csv(file), file-backed: median %.2f s, %s rows/s%n",
                seconds(engineMedian), rate(rows, engineMedian));
        System.out.printf(Locale.ROOT, "A/B ratio (median of the %d run pairs, rows/s over rows/s) %.2f (target >= %.2f): %s%n", TIMED_RUNS, ratio,
                TARGET_RATIO, ratio >= TARGET_RATIO ? "met" : "NOT met");
        System.out.printf(Locale.ROOT, "heap pass: %.2f s; server heap (jstat -gc every %d ms, %d samples, -Xmx1g): before %s, max during %s, after %s; "
                        + "old generation before %s, max during %s%n",
                seconds(heap.nanos()), HEAP_SAMPLE_INTERVAL_MILLIS, heap.samplesDuring(), megabytes(heap.before().used()),
                megabytes(heap.maximumUsed()), megabytes(heap.after().used()), megabytes(heap.before().oldUsed()),
                megabytes(heap.maximumOld()));
        System.out.println();
        System.out.printf(Locale.ROOT, "upload: rows=%d bytes=%d http_upload=%s rows/s duckdb_read_csv=%s rows/s ratio=%.2f (target >= %.2f)%n",
                rows, fileBytes, rate(rows, uploadMedian), rate(rows, engineMedian), ratio, TARGET_RATIO);
        System.out.printf(Locale.ROOT, "heap: before=%s max_during=%s after=%s flat=%s%n", megabytes(heap.before().used()),
                megabytes(heap.maximumUsed()), megabytes(heap.after().used()), heap.flat() ? "yes" : "no");
    }

    // ---------------------------------------------------------------- A: upload over HTTP

    private long upload(Path csv) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(baseUri.resolve("/upload?table=" + TABLE + "&mode=create"))
                .header("Authorization", authorization)
                .header("Content-Type", "text/csv")
                .timeout(Duration.ofMinutes(30))
                .POST(HttpRequest.BodyPublishers.ofFile(csv))
                .build();
        long start = System.nanoTime();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        long elapsed = System.nanoTime() - start;
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + " from /upload: " + response.body());
        }
        long loaded = JSON.readTree(response.body()).get("rows").asLong();
        if (loaded != rows) {
            throw new IllegalStateException("the server loaded " + loaded + " rows, expected " + rows + ": " + response.body());
        }
        return elapsed;
    }

    private void dropTable() throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("statement", "DROP TABLE IF EXISTS " + TABLE + "; CHECKPOINT"));
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(baseUri.resolve("/query"))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        for (String line : response.body().split("\n")) {
            JsonNode node = line.isBlank() ? null : JSON.readTree(line);
            if (response.statusCode() != 200 || (node != null && node.isObject() && node.has("error"))) {
                throw new IllegalStateException("cannot drop " + TABLE + ": HTTP " + response.statusCode() + " " + response.body());
            }
        }
    }

    // ---------------------------------------------------------------- heap of the server

    /** One jstat -gc line: heap used in bytes (survivors + eden + old) and the old generation alone. */
    private record HeapSample(long used, long oldUsed) {
    }

    private record HeapReport(long nanos, HeapSample before, List<HeapSample> during, HeapSample after) {
        long maximumUsed() {
            return during.stream().mapToLong(HeapSample::used).max().orElse(before.used());
        }

        long maximumOld() {
            return during.stream().mapToLong(HeapSample::oldUsed).max().orElse(before.oldUsed());
        }

        int samplesDuring() {
            return during.size();
        }

        boolean flat() {
            return maximumUsed() < before.used() + FLAT_HEAP_TOLERANCE_BYTES;
        }
    }

    /**
     * One more upload, kept out of the median, while one long-lived "jstat -gc PID 200" prints the
     * server's heap: jstat reads the JVM's shared performance counters, so the server does no work for it.
     */
    private HeapReport uploadWhileSamplingHeap(Path csv) throws Exception {
        dropTable();
        Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
        if (!Files.isExecutable(jstat)) {
            throw new IllegalStateException("no jstat next to this java (" + jstat + "); run the benchmark with a full JDK");
        }
        Process sampler = new ProcessBuilder(jstat.toString(), "-gc", Long.toString(serverPid), Long.toString(HEAP_SAMPLE_INTERVAL_MILLIS))
                .redirectErrorStream(true).start();
        List<HeapSample> samples = new ArrayList<>();
        List<Long> sampleTimes = new ArrayList<>();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(sampler.getInputStream(), StandardCharsets.UTF_8))) {
                String[] header = null;
                String line;
                while ((line = lines.readLine()) != null) {
                    String[] fields = line.trim().split("\\s+");
                    if (header == null) {
                        header = line.contains("EU") && line.contains("OU") ? fields : null;
                        continue;
                    }
                    HeapSample sample = parseJstat(header, fields);
                    synchronized (samples) {
                        samples.add(sample);
                        sampleTimes.add(System.nanoTime());
                        samples.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the sampler was stopped
            }
        });
        try {
            waitForSamples(samples, 2);
            long start = System.nanoTime();
            long elapsed = upload(csv);
            long end = start + elapsed;
            int wanted;
            synchronized (samples) {
                wanted = samples.size() + 2;
            }
            waitForSamples(samples, wanted);
            synchronized (samples) {
                HeapSample before = null;
                HeapSample after = null;
                List<HeapSample> during = new ArrayList<>();
                for (int i = 0; i < samples.size(); i++) {
                    long at = sampleTimes.get(i);
                    if (at < start) {
                        before = samples.get(i);
                    } else if (at <= end) {
                        during.add(samples.get(i));
                    } else if (after == null) {
                        after = samples.get(i);
                    }
                }
                log("heap pass: %.2f s, %s rows/s, %d heap samples during", seconds(elapsed), rate(rows, elapsed), during.size());
                return new HeapReport(elapsed, before, during, after);
            }
        } finally {
            sampler.destroy();
            reader.join(5_000);
        }
    }

    private static void waitForSamples(List<HeapSample> samples, int wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        synchronized (samples) {
            while (samples.size() < wanted) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new IllegalStateException("jstat gave no heap samples for the server");
                }
                samples.wait(Math.max(1, Math.min(remaining / 1_000_000, 500)));
            }
        }
    }

    /** jstat -gc prints capacities and usages in KB; used = S0U + S1U + EU + OU. */
    private static HeapSample parseJstat(String[] header, String[] fields) {
        Map<String, Double> values = new HashMap<>();
        for (int i = 0; i < header.length && i < fields.length; i++) {
            try {
                values.put(header[i], Double.parseDouble(fields[i]));
            } catch (NumberFormatException e) {
                values.put(header[i], 0.0);
            }
        }
        double used = values.getOrDefault("S0U", 0.0) + values.getOrDefault("S1U", 0.0) + values.getOrDefault("EU", 0.0)
                + values.getOrDefault("OU", 0.0);
        return new HeapSample((long) (used * 1024), (long) (values.getOrDefault("OU", 0.0) * 1024));
    }

    // ---------------------------------------------------------------- CPU, to tell a noisy run

    /** CPU ticks (1/100 s) of the whole machine (busy), of the server and of this benchmark process, from /proc. */
    private record CpuSnapshot(long machineBusy, long server, long benchmark, long nanos) {
        private static final double NOISY_SHARE = 0.05;

        static CpuSnapshot take(long serverPid) {
            try {
                String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long busy = 0;
                for (int i = 1; i < cpu.length; i++) {
                    // idle and iowait are fields 4 and 5; guest time is already counted in user time
                    if (i != 4 && i != 5 && i < 9) {
                        busy += Long.parseLong(cpu[i]);
                    }
                }
                return new CpuSnapshot(busy, processTicks(Long.toString(serverPid)), processTicks("self"), System.nanoTime());
            } catch (IOException | RuntimeException e) {
                return new CpuSnapshot(-1, -1, -1, System.nanoTime());
            }
        }

        private static long processTicks(String process) throws IOException {
            String stat = Files.readString(Path.of("/proc/" + process + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split("\\s+");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }

        /** Server and benchmark CPU since {@code before}, and what all other processes took meanwhile (noise). */
        String since(CpuSnapshot before) {
            if (machineBusy < 0 || before.machineBusy < 0) {
                return "cpu n/a";
            }
            double wall = (nanos - before.nanos) / 1e9;
            double available = wall * Runtime.getRuntime().availableProcessors();
            double serverSeconds = (server - before.server) / 100.0;
            double benchmarkSeconds = (benchmark - before.benchmark) / 100.0;
            double otherSeconds = Math.max(0, (machineBusy - before.machineBusy) / 100.0 - serverSeconds - benchmarkSeconds);
            return String.format(Locale.ROOT, "cpu: server %.1f s (%.1f cores), benchmark %.1f s, other processes %.1f s of %.1f s%s",
                    serverSeconds, serverSeconds / wall, benchmarkSeconds, otherSeconds, available,
                    otherSeconds > NOISY_SHARE * available ? " (NOISY)" : "");
        }
    }

    // ---------------------------------------------------------------- helpers

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static double medianOf(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** Rows per second as 2.85M (or 850K below a million). */
    private static String rate(long count, long nanos) {
        double perSecond = count / seconds(nanos);
        return perSecond >= 1e6 ? String.format(Locale.ROOT, "%.2fM", perSecond / 1e6) : String.format(Locale.ROOT, "%.0fK", perSecond / 1e3);
    }

    private static String megabytes(long bytes) {
        return (bytes >> 20) + "MB";
    }

    private static void log(String format, Object... arguments) {
        System.out.printf(Locale.ROOT, format + "%n", arguments);
        System.out.flush();
    }

    private static Map<String, String> parseOptions(String[] arguments) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < arguments.length; i++) {
            if (!arguments[i].startsWith("--") || i + 1 >= arguments.length) {
                throw new IllegalArgumentException("usage: --url URL --user USER --password PASSWORD --server-pid PID --work DIR [--rows N]; "
                        + "unexpected argument " + arguments[i]);
            }
            options.put(arguments[i].substring(2), arguments[++i]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value;
    }
}
