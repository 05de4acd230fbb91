import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
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
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whole-process benchmark of POST /query streaming against a running Tarn server, compared with
 * what DuckDB itself achieves rendering the same rows as JSON. Started by bench/query-stream.sh:
 *
 *   java -cp target/tarn.jar bench/QueryStreamBenchmark.java --url http://127.0.0.1:PORT
 *        --user root --password SECRET --server-pid PID --rows 10000000
 *
 * Measures: A) rows per second of SELECT * streamed over HTTP (newlines counted, JSON not parsed),
 * B) rows per second of COPY ... TO '/dev/null' (FORMAT json) in an in-memory DuckDB in this
 * process, the ratio A/B, the server's heap while streaming, and the latency of SELECT 1. Each
 * streaming run also reports the CPU time of the server, of this process and of every other
 * process, because on a machine with few cores a concurrent build skews the numbers badly.
 */
public final class QueryStreamBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TIMED_RUNS = 3;
    /** Enough for the JIT to compile the request path: with 200 the compiler was still busy in the timed part. */
    private static final int SELECT_ONE_WARM_UP_REQUESTS = 3_000;
    private static final int SELECT_ONE_TIMED_REQUESTS = 2_000;
    private static final int READ_BUFFER_BYTES = 1 << 20;
    private static final int TAIL_BYTES = 4096;
    private static final long HEAP_SAMPLE_INTERVAL_MILLIS = 200;
    private static final long FLAT_HEAP_TOLERANCE_BYTES = 256L << 20;
    private static final double TARGET_RATIO = 0.80;
    private static final double TARGET_SELECT_ONE_MEDIAN_MILLIS = 1.0;
    /** Above this share of the machine's CPU used by other processes, the run is flagged as noisy. */
    private static final double NOISY_MACHINE_SHARE = 0.05;

    /** The same deterministic table on the server and in the in-process DuckDB. */
    private static String createTableSql(long rows) {
        return "CREATE TABLE bench_events AS SELECT i AS user_id, 'event_' || (i % 20) AS event, "
                + "TIMESTAMP '2026-01-01' + to_seconds(i % 2592000) AS ts, (i % 1000) / 10.0 AS amount, "
                + "'country_' || (i % 50) AS country FROM range(" + rows + ") t(i)";
    }

    private static final String STREAM_SQL = "SELECT * FROM bench_events";
    private static final String NARROW_SQL = "SELECT user_id FROM bench_events";

    private final URI queryUri;
    private final String authorization;
    private final long serverPid;
    private final long rows;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private QueryStreamBenchmark(URI baseUri, String user, String password, long serverPid, long rows) {
        this.queryUri = baseUri.resolve("/query");
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.serverPid = serverPid;
        this.rows = rows;
    }

    public static void main(String[] arguments) throws Exception {
        Map<String, String> options = parseOptions(arguments);
        QueryStreamBenchmark benchmark = new QueryStreamBenchmark(
                URI.create(required(options, "url")),
                required(options, "user"),
                required(options, "password"),
                Long.parseLong(required(options, "server-pid")),
                Long.parseLong(options.getOrDefault("rows", "10000000")));
        benchmark.run();
    }

    private void run() throws Exception {
        log("rows=%,d server_pid=%d cores=%d java=%s", rows, serverPid,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        CpuSnapshot benchmarkStart = cpuSnapshot();

        long setupStart = System.nanoTime();
        runSmallQuery("DROP TABLE IF EXISTS bench_events");
        runSmallQuery(createTableSql(rows));
        log("setup: created bench_events on the server in %.1f s", seconds(System.nanoTime() - setupStart));

        // A: the whole HTTP path. The heap is sampled on an extra pass so that the sampler's own
        // CPU use (it is a second JVM) never slows a timed run on a machine with few cores.
        // One untimed pass first: the server's JIT compiles the streaming path during it.
        // It also counts the rows; timed runs then only check they received the very same bytes,
        // so the benchmark's own newline counting takes no CPU from the server while timed.
        StreamResult warmUp = streamQuery(STREAM_SQL, rows);
        log("A warm-up: %s", warmUp.describe());
        List<StreamResult> httpRuns = new ArrayList<>();
        for (int run = 1; run <= TIMED_RUNS; run++) {
            StreamResult result = streamQueryDiscarding(STREAM_SQL, warmUp.rows(), warmUp.bytes());
            httpRuns.add(result);
            log("A run %d: %s", run, result.describe());
        }
        HeapReport heap = streamWhileSamplingHeap();
        // One narrow run: close to A's rows/s means the cost is per row, far above it means per value.
        StreamResult narrow = streamQuery(NARROW_SQL, rows);
        log("narrow run (%s): %s", NARROW_SQL, narrow.describe());

        // B: the engine's own limit, rendering the same rows to JSON with no Java in the way.
        List<CopyResult> copyRuns = new ArrayList<>();
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = duckdb.createStatement()) {
            long createStart = System.nanoTime();
            statement.execute(createTableSql(rows));
            log("setup: created bench_events in the in-process DuckDB in %.1f s", seconds(System.nanoTime() - createStart));
            for (int run = 1; run <= TIMED_RUNS; run++) {
                CpuSnapshot before = cpuSnapshot();
                long start = System.nanoTime();
                statement.execute("COPY (" + STREAM_SQL + ") TO '/dev/null' (FORMAT json)");
                long elapsed = System.nanoTime() - start;
                CopyResult result = new CopyResult(rows, elapsed, cpuSnapshot().minus(before));
                copyRuns.add(result);
                log("B run %d: %s", run, result.describe());
            }
        }

        CpuSnapshot selectOneStart = cpuSnapshot();
        LatencyReport selectOne = measureSelectOne();
        CpuSnapshot selectOneCpu = cpuSnapshot().minus(selectOneStart);
        log("select 1: median %.3f ms; %s", selectOne.median(), selectOneCpu.describe());

        runSmallQuery("DROP TABLE IF EXISTS bench_events");
        CpuSnapshot benchmarkCpu = cpuSnapshot().minus(benchmarkStart);

        StreamResult httpMedian = httpRuns.stream().sorted(Comparator.comparingLong(StreamResult::totalNanos))
                .toList().get(TIMED_RUNS / 2);
        CopyResult copyMedian = copyRuns.stream().sorted(Comparator.comparingLong(CopyResult::totalNanos))
                .toList().get(TIMED_RUNS / 2);
        double ratio = (double) copyMedian.totalNanos() / httpMedian.totalNanos();

        System.out.println();
        System.out.println("== report ==");
        System.out.printf(Locale.ROOT, "A  http /query %s, median of %d: %s%n", STREAM_SQL, TIMED_RUNS, httpMedian.describe());
        System.out.printf(Locale.ROOT, "   narrow %s, one run: %s (%.1fx A's rows/s)%n", NARROW_SQL, narrow.describe(),
                (double) httpMedian.totalNanos() / narrow.totalNanos());
        System.out.printf(Locale.ROOT, "B  in-process DuckDB COPY (%s) TO '/dev/null' (FORMAT json), median of %d: %s%n",
                STREAM_SQL, TIMED_RUNS, copyMedian.describe());
        System.out.printf(Locale.ROOT, "A/B ratio %.2f (target >= %.2f): %s%n", ratio, TARGET_RATIO,
                ratio >= TARGET_RATIO ? "met" : "NOT met");
        System.out.printf(Locale.ROOT, "heap pass (not in the median): %s%n", heap.pass().describe());
        System.out.printf(Locale.ROOT, "heap (G1 used = S0U+S1U+EU+OU, jstat every %d ms, %d samples during): before %s, "
                        + "max during %s, after %s; old generation before %s, max during %s; young collections during %d%n",
                HEAP_SAMPLE_INTERVAL_MILLIS, heap.samplesDuring(), megabytes(heap.before().used()),
                megabytes(heap.maximumDuring().used()), megabytes(heap.after().used()),
                megabytes(heap.before().oldUsed()), megabytes(heap.maximumOldDuring()),
                heap.after().youngCollections() - heap.before().youngCollections());
        System.out.printf(Locale.ROOT, "select 1: %d sequential requests on one connection after %d warm-up: "
                        + "median %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms; %s%n",
                SELECT_ONE_TIMED_REQUESTS, SELECT_ONE_WARM_UP_REQUESTS, selectOne.median(), selectOne.p90(),
                selectOne.p99(), selectOne.maximum(), selectOneCpu.describe());
        if (benchmarkCpu.otherProcessesKnown()) {
            double share = benchmarkCpu.otherProcessesNanos() / (double) benchmarkCpu.wallNanos()
                    / Runtime.getRuntime().availableProcessors();
            System.out.printf(Locale.ROOT, "other processes used %.1f CPU-seconds during the benchmark (%.0f%% of the machine)%s%n",
                    seconds(benchmarkCpu.otherProcessesNanos()), share * 100,
                    share > NOISY_MACHINE_SHARE ? ": NOISY, the numbers above understate this machine; rerun when it is idle" : "");
        }

        System.out.println();
        System.out.printf(Locale.ROOT, "query-stream: rows=%d http_jsonl=%s rows/s duckdb_copy_json=%s rows/s ratio=%.2f (target >= %.2f)%n",
                rows, rate(rows, httpMedian.totalNanos()), rate(rows, copyMedian.totalNanos()), ratio, TARGET_RATIO);
        System.out.printf(Locale.ROOT, "heap: before=%s max_during=%s after=%s flat=%s%n",
                megabytes(heap.before().used()), megabytes(heap.maximumDuring().used()), megabytes(heap.after().used()),
                heap.flat() ? "yes" : "no");
        System.out.printf(Locale.ROOT, "select1: median=%.2fms p90=%.2fms p99=%.2fms (target median < %.0fms)%n",
                selectOne.median(), selectOne.p90(), selectOne.p99(), TARGET_SELECT_ONE_MEDIAN_MILLIS);
    }

    // ---------------------------------------------------------------- CPU accounting

    /**
     * CPU time used so far by the server, by this process (client and in-process DuckDB) and by the
     * whole machine. The difference between two snapshots says how many cores a run kept busy, and
     * whether other processes competed with it, which on a shared machine explains noisy numbers.
     */
    private record CpuSnapshot(long wallNanos, long serverNanos, long ownNanos, long machineBusyNanos) {
        CpuSnapshot minus(CpuSnapshot earlier) {
            return new CpuSnapshot(wallNanos - earlier.wallNanos, serverNanos - earlier.serverNanos,
                    ownNanos - earlier.ownNanos,
                    machineBusyNanos < 0 || earlier.machineBusyNanos < 0 ? -1 : machineBusyNanos - earlier.machineBusyNanos);
        }

        boolean otherProcessesKnown() {
            return machineBusyNanos >= 0;
        }

        long otherProcessesNanos() {
            return Math.max(0, machineBusyNanos - serverNanos - ownNanos);
        }

        String describe() {
            String line = String.format(Locale.ROOT, "server CPU %.1f s (%.2f cores), client CPU %.1f s", seconds(serverNanos),
                    (double) serverNanos / wallNanos, seconds(ownNanos));
            if (otherProcessesKnown()) {
                line += String.format(Locale.ROOT, ", other processes %.1f s", seconds(otherProcessesNanos()));
            }
            return line;
        }
    }

    private CpuSnapshot cpuSnapshot() {
        long server = ProcessHandle.of(serverPid).flatMap(handle -> handle.info().totalCpuDuration())
                .map(Duration::toNanos).orElse(0L);
        long own = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        return new CpuSnapshot(System.nanoTime(), server, own, machineBusyNanos());
    }

    /** Busy CPU time of the whole machine from Linux's /proc/stat; -1 elsewhere. */
    private static long machineBusyNanos() {
        Path stat = Path.of("/proc/stat");
        if (!Files.isReadable(stat)) {
            return -1;
        }
        try {
            String[] fields = Files.readAllLines(stat).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal: user, nice and system are what
            // processes use; steal is time another virtual machine took. Interrupt time is left
            // out, because the benchmark's own loopback traffic lands there.
            long busyTicks = Long.parseLong(fields[1]) + Long.parseLong(fields[2]) + Long.parseLong(fields[3])
                    + (fields.length > 8 ? Long.parseLong(fields[8]) : 0);
            // /proc/stat counts in USER_HZ ticks, 100 per second on every mainstream Linux build
            return busyTicks * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private record CopyResult(long rows, long totalNanos, CpuSnapshot cpu) {
        String describe() {
            String line = String.format(Locale.ROOT, "%.2f s, %s rows/s, DuckDB CPU %.1f s (%.2f cores)", seconds(totalNanos),
                    rate(rows, totalNanos), seconds(cpu.ownNanos()), (double) cpu.ownNanos() / totalNanos);
            if (cpu.otherProcessesKnown()) {
                line += String.format(Locale.ROOT, ", other processes %.1f s", seconds(cpu.otherProcessesNanos()));
            }
            return line;
        }
    }

    // ---------------------------------------------------------------- A: streaming over HTTP

    private record StreamResult(long rows, long bytes, long headersNanos, long totalNanos, CpuSnapshot cpu) {
        String describe() {
            return String.format(Locale.ROOT, "%.2f s, %s rows/s, %.1f MB (%.0f MB/s), first byte after %.0f ms; %s",
                    seconds(totalNanos), rate(rows, totalNanos), bytes / 1e6, bytes / 1e6 / seconds(totalNanos),
                    headersNanos / 1e6, cpu.describe());
        }
    }

    /**
     * Streams one query through curl and counts newline bytes of what curl prints; the body is never
     * parsed. curl is the client because on two cores the client's CPU is taken from the server:
     * java.net.http spent about 1.3 CPU-seconds on 670 MB that curl receives with 0.12. The last
     * line is kept to tell a complete result from one cut short by an {"error": …} line.
     */
    private StreamResult streamQuery(String sql, long expectedRows) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("statement", sql));
        ProcessBuilder curl = new ProcessBuilder("curl", "--silent", "--show-error", "--fail", "--no-buffer",
                "-H", "Authorization: " + authorization, "-H", "Content-Type: application/json",
                "--data-binary", body, queryUri.toString());
        curl.redirectError(ProcessBuilder.Redirect.INHERIT);
        CpuSnapshot cpuBefore = cpuSnapshot();
        long start = System.nanoTime();
        Process process = curl.start();
        byte[] buffer = new byte[READ_BUFFER_BYTES];
        // the last bytes of the body, kept across reads, so the last line is known even when it
        // arrived split over two reads; only the newline count touches every byte
        byte[] tail = new byte[TAIL_BYTES];
        int tailLength = 0;
        long lines = 0;
        long bytes = 0;
        long headersNanos = -1;
        try (InputStream input = process.getInputStream()) {
            int read;
            while ((read = input.read(buffer)) > 0) {
                if (headersNanos < 0) {
                    headersNanos = System.nanoTime() - start;
                }
                bytes += read;
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
                if (read >= tail.length) {
                    System.arraycopy(buffer, read - tail.length, tail, 0, tail.length);
                    tailLength = tail.length;
                } else {
                    int keep = Math.min(tailLength, tail.length - read);
                    System.arraycopy(tail, tailLength - keep, tail, 0, keep);
                    System.arraycopy(buffer, 0, tail, keep, read);
                    tailLength = keep + read;
                }
            }
        }
        if (process.waitFor() != 0) {
            throw new IllegalStateException("curl failed with exit code " + process.exitValue() + " for " + sql);
        }
        long totalNanos = System.nanoTime() - start;
        CpuSnapshot cpu = cpuSnapshot().minus(cpuBefore);
        String lastLine = lastLine(new String(tail, 0, tailLength, StandardCharsets.UTF_8));
        if (lastLine.startsWith("{\"error\"")) {
            throw new IllegalStateException("the server ended " + sql + " with an error: " + lastLine);
        }
        if (lines - 2 != expectedRows) {
            throw new IllegalStateException("expected " + expectedRows + " rows from " + sql + " but counted " + (lines - 2)
                    + " (last line: " + lastLine + ")");
        }
        return new StreamResult(lines - 2, bytes, Math.max(0, headersNanos), totalNanos, cpu);
    }

    /** Streams one query through curl into /dev/null; the answer must be as long as {@code expectedBytes}. */
    private StreamResult streamQueryDiscarding(String sql, long expectedRows, long expectedBytes) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("statement", sql));
        ProcessBuilder curl = new ProcessBuilder("curl", "--silent", "--show-error", "--fail", "--output", "/dev/null",
                "--write-out", "%{size_download} %{time_starttransfer}", "-H", "Authorization: " + authorization,
                "-H", "Content-Type: application/json", "--data-binary", body, queryUri.toString());
        curl.redirectError(ProcessBuilder.Redirect.INHERIT);
        CpuSnapshot cpuBefore = cpuSnapshot();
        long start = System.nanoTime();
        Process process = curl.start();
        String written = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("curl failed with exit code " + process.exitValue() + " for " + sql);
        }
        long totalNanos = System.nanoTime() - start;
        CpuSnapshot cpu = cpuSnapshot().minus(cpuBefore);
        String[] parts = written.split(" ");
        long bytes = Long.parseLong(parts[0]);
        if (bytes != expectedBytes) {
            throw new IllegalStateException("expected " + expectedBytes + " bytes from " + sql + " as in the counted pass, got " + bytes);
        }
        long headersNanos = (long) (Double.parseDouble(parts[1]) * 1e9);
        return new StreamResult(expectedRows, bytes, headersNanos, totalNanos, cpu);
    }

    private static String lastLine(String tail) {
        String text = tail.endsWith("\n") ? tail.substring(0, tail.length() - 1) : tail;
        return text.substring(text.lastIndexOf('\n') + 1);
    }

    // ---------------------------------------------------------------- heap of the server

    /** One jstat -gc line: heap used in bytes (survivors + eden + old) and the young collection count. */
    private record HeapSample(long used, long oldUsed, long youngCollections) {
    }

    private record HeapReport(StreamResult pass, HeapSample before, HeapSample maximumDuring, long maximumOldDuring,
                              int samplesDuring, HeapSample after) {
        boolean flat() {
            return maximumDuring.used() < before.used() + FLAT_HEAP_TOLERANCE_BYTES;
        }
    }

    /**
     * Streams once more while one long-lived "jstat -gc PID 200" prints the server's heap every
     * 200 ms. jstat reads the JVM's shared performance counters instead of attaching to it, so the
     * server does no extra work for it, and one sampler process is far cheaper than a jcmd per sample.
     */
    private HeapReport streamWhileSamplingHeap() throws Exception {
        Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
        if (!Files.isExecutable(jstat)) {
            throw new IllegalStateException("no jstat next to this java (" + jstat + "); run the benchmark with a full JDK");
        }
        Process sampler = new ProcessBuilder(jstat.toString(), "-gc", Long.toString(serverPid),
                Long.toString(HEAP_SAMPLE_INTERVAL_MILLIS)).redirectErrorStream(true).start();
        List<HeapSample> beforeSamples = new ArrayList<>();
        List<HeapSample> duringSamples = new ArrayList<>();
        List<HeapSample> afterSamples = new ArrayList<>();
        // 0 = before the stream, 1 = during, 2 = after; the reader thread files each sample by phase
        int[] phase = {0};
        AtomicBoolean samplerFailed = new AtomicBoolean();
        StringBuilder samplerOutput = new StringBuilder();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(sampler.getInputStream(), StandardCharsets.UTF_8))) {
                String[] header = null;
                String line;
                while ((line = lines.readLine()) != null) {
                    String[] fields = line.trim().split("\\s+");
                    if (header == null) {
                        if (line.contains("EU") && line.contains("OU")) {
                            header = fields;
                        } else {
                            synchronized (samplerOutput) {
                                samplerOutput.append(line).append('\n');
                            }
                        }
                        continue;
                    }
                    HeapSample sample = parseJstat(header, fields);
                    synchronized (phase) {
                        (phase[0] == 0 ? beforeSamples : phase[0] == 1 ? duringSamples : afterSamples).add(sample);
                        phase.notifyAll();
                    }
                }
            } catch (IOException | RuntimeException e) {
                samplerFailed.set(true);
                synchronized (samplerOutput) {
                    samplerOutput.append(e).append('\n');
                }
            }
            synchronized (phase) {
                phase.notifyAll();
            }
        });
        try {
            waitForSamples(phase, beforeSamples, 2, sampler, samplerOutput);
            synchronized (phase) {
                phase[0] = 1;
            }
            StreamResult pass = streamQuery(STREAM_SQL, rows);
            synchronized (phase) {
                phase[0] = 2;
            }
            // a short wait: "after" is the heap once the stream is done, not after a collection
            waitForSamples(phase, afterSamples, 2, sampler, samplerOutput);
            synchronized (phase) {
                HeapSample before = beforeSamples.get(beforeSamples.size() - 1);
                HeapSample after = afterSamples.get(afterSamples.size() - 1);
                List<HeapSample> during = new ArrayList<>(duringSamples);
                during.add(before);
                HeapSample maximum = during.stream().max((left, right) -> Long.compare(left.used(), right.used())).orElseThrow();
                long maximumOld = during.stream().mapToLong(HeapSample::oldUsed).max().orElseThrow();
                log("heap pass: %s; %d heap samples during", pass.describe(), duringSamples.size());
                return new HeapReport(pass, before, maximum, maximumOld, duringSamples.size(), after);
            }
        } finally {
            sampler.destroy();
            reader.join(5_000);
        }
    }

    private static void waitForSamples(int[] phase, List<HeapSample> samples, int wanted, Process sampler,
                                       StringBuilder samplerOutput) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        synchronized (phase) {
            while (samples.size() < wanted) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0 || !sampler.isAlive()) {
                    String output;
                    synchronized (samplerOutput) {
                        output = samplerOutput.toString();
                    }
                    throw new IllegalStateException("jstat gave no heap samples for the server: " + output.trim());
                }
                phase.wait(Math.max(1, Math.min(remaining / 1_000_000, 500)));
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
                // a "-" for a column this collector lacks counts as zero
                values.put(header[i], 0.0);
            }
        }
        double usedKilobytes = values.getOrDefault("S0U", 0.0) + values.getOrDefault("S1U", 0.0)
                + values.getOrDefault("EU", 0.0) + values.getOrDefault("OU", 0.0);
        return new HeapSample((long) (usedKilobytes * 1024), (long) (values.getOrDefault("OU", 0.0) * 1024),
                values.getOrDefault("YGC", 0.0).longValue());
    }

    // ---------------------------------------------------------------- SELECT 1 latency

    private record LatencyReport(double median, double p90, double p99, double maximum) {
    }

    /** Sequential requests on one keep-alive connection; each is timed from send to the last body byte. */
    private LatencyReport measureSelectOne() throws IOException, InterruptedException {
        HttpRequest request = queryRequest("SELECT 1");
        for (int i = 0; i < SELECT_ONE_WARM_UP_REQUESTS; i++) {
            sendExpectingSuccess(request);
        }
        long[] nanos = new long[SELECT_ONE_TIMED_REQUESTS];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            sendExpectingSuccess(request);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return new LatencyReport(percentile(nanos, 0.50) / 1e6, percentile(nanos, 0.90) / 1e6,
                percentile(nanos, 0.99) / 1e6, nanos[nanos.length - 1] / 1e6);
    }

    private void sendExpectingSuccess(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Runs a statement whose result is small and fails on an HTTP error or an {"error": …} line. */
    private void runSmallQuery(String sql) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(queryRequest(sql), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + " for " + sql + ": " + response.body());
        }
        for (String line : response.body().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            if (node.isObject() && node.has("error")) {
                throw new IllegalStateException("the server refused " + sql + ": " + node.get("error").asText());
            }
        }
    }

    private HttpRequest queryRequest(String sql) throws IOException {
        String body = JSON.writeValueAsString(Map.of("statement", sql));
        return HttpRequest.newBuilder(queryUri)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** Nearest-rank percentile of sorted values. */
    private static long percentile(long[] sorted, double fraction) {
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** Rows per second as 1.85M (or 850K below a million). */
    private static String rate(long count, long nanos) {
        double perSecond = count / seconds(nanos);
        return perSecond >= 1e6
                ? String.format(Locale.ROOT, "%.2fM", perSecond / 1e6)
                : String.format(Locale.ROOT, "%.0fK", perSecond / 1e3);
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
                throw new IllegalArgumentException("usage: --url URL --user USER --password PASSWORD --server-pid PID [--rows N]; "
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
