import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * The question endpoints against the product-analytics data: the file is uploaded as a DuckDB
 * datasource, synced and its text columns indexed; then every question of the set that does not
 * follow another is asked through q2s and q2a, and each answered question's SQL is also run directly
 * on the same file with DuckDB's JDBC driver in this process, the peer the ratio is taken against.
 */
public class AskBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final int ROUNDS = 3;

    public static void main(String[] arguments) throws Exception {
        Map<String, String> options = options(arguments);
        String url = options.get("--url");
        String basic = "Basic " + Base64.getEncoder().encodeToString((options.get("--user") + ":" + options.get("--password")).getBytes(StandardCharsets.UTF_8));
        Path dataset = Path.of(options.get("--dataset"));

        String key = send(url, "POST", "/v1/sys/projects/p_default/api-keys", basic, "{\"ak_role\":\"admin\"}").get("original_ak_value").asText();
        String bearer = "Bearer " + key;
        String datasource = send(url, "POST", "/v1/datasources", bearer, "{\"engine\":\"duckdb\",\"name\":\"product analytics\"}").get("id").asText();
        long uploadStarted = System.nanoTime();
        upload(url, bearer, datasource, dataset);
        double uploadSeconds = (System.nanoTime() - uploadStarted) / 1e9;
        long syncStarted = System.nanoTime();
        JsonNode meta = send(url, "POST", "/v1/datasources/" + datasource + "/meta", bearer, "{}");
        double syncSeconds = (System.nanoTime() - syncStarted) / 1e9;
        long indexStarted = System.nanoTime();
        int indexes = 0;
        for (var schema : iterable(meta.get("schemas"))) {
            for (var table : iterable(schema.getValue().get("tables"))) {
                for (var field : iterable(table.getValue().get("fields"))) {
                    String type = field.getValue().path("data_type").asText().toLowerCase(Locale.ROOT);
                    if (type.contains("char") || type.contains("text") || type.contains("string")) {
                        send(url, "POST", "/v1/datasources/" + datasource + "/indexes", bearer, JSON.writeValueAsString(Map.of(
                                "schema_name", schema.getKey(), "table_name", table.getKey(), "field_name", field.getKey())));
                        indexes++;
                    }
                }
            }
        }
        double indexSeconds = (System.nanoTime() - indexStarted) / 1e9;
        System.out.printf(Locale.ROOT, "ask: upload %.1f s, metadata sync %.1f s, %d value indexes %.1f s%n", uploadSeconds, syncSeconds, indexes, indexSeconds);

        List<String> questions = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(options.get("--questions")))) {
            JsonNode question = JSON.readTree(line);
            if (!question.has("follows")) {
                questions.add(question.get("question").asText());
            }
        }

        List<Double> toSql = new ArrayList<>();
        List<Double> toAnswer = new ArrayList<>();
        List<Double> direct = new ArrayList<>();
        int answered = 0;
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:" + dataset, readOnly)) {
            for (int round = 0; round < ROUNDS; round++) {
                for (String question : questions) {
                    String body = JSON.writeValueAsString(Map.of("datasource_id", datasource, "question", question, "max_rows", 1000));
                    long started = System.nanoTime();
                    JsonNode sql = send(url, "POST", "/v1/single-turn/q2s", bearer, body);
                    double sqlMillis = (System.nanoTime() - started) / 1e6;
                    if (!sql.get("status").asText().equals("success")) {
                        continue;
                    }
                    started = System.nanoTime();
                    JsonNode answer = send(url, "POST", "/v1/single-turn/q2a", bearer, body);
                    double answerMillis = (System.nanoTime() - started) / 1e6;
                    started = System.nanoTime();
                    runDirectly(duckdb, sql.at("/query/parameterized_sql").asText(), sql.at("/query/params"));
                    double directMillis = (System.nanoTime() - started) / 1e6;
                    if (round == 0) {
                        answered++;
                        continue;   // the first round warms both sides up
                    }
                    toSql.add(sqlMillis);
                    toAnswer.add(answerMillis);
                    direct.add(directMillis);
                    if (!answer.get("status").asText().equals("success")) {
                        throw new IllegalStateException("q2s answered but q2a did not: " + question + " -> " + answer);
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "ask: %d questions, %d answered; %d timed requests each over %d rounds after a warm-up%n",
                questions.size(), answered, toSql.size(), ROUNDS - 1);
        System.out.printf(Locale.ROOT, "  q2s (HTTP, question to SQL)          median %7.2f ms   p95 %7.2f ms%n", percentile(toSql, 50), percentile(toSql, 95));
        System.out.printf(Locale.ROOT, "  q2a (HTTP, SQL run, sentence)        median %7.2f ms   p95 %7.2f ms%n", percentile(toAnswer, 50), percentile(toAnswer, 95));
        System.out.printf(Locale.ROOT, "  the same SQL on DuckDB directly      median %7.2f ms   p95 %7.2f ms%n", percentile(direct, 50), percentile(direct, 95));
        System.out.printf(Locale.ROOT, "  q2a over direct DuckDB, ratio of medians %.2f; q2a minus direct, median of differences %.2f ms%n",
                percentile(toAnswer, 50) / percentile(direct, 50), medianDifference(toAnswer, direct));
    }

    private static void runDirectly(Connection duckdb, String sql, JsonNode parameters) throws Exception {
        try (PreparedStatement statement = duckdb.prepareStatement(sql)) {
            for (int index = 0; index < parameters.size(); index++) {
                JsonNode value = parameters.get(index);
                Object bound = value.isNumber() ? value.numberValue() : value.isBoolean() ? value.booleanValue() : value.asText();
                if (bound instanceof String text && text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                    bound = LocalDate.parse(text);
                }
                statement.setObject(index + 1, bound);
            }
            try (ResultSet rows = statement.executeQuery()) {
                int read = 0;
                while (rows.next() && ++read < 1000) {
                    rows.getObject(1);
                }
            }
        }
    }

    private static void upload(String url, String bearer, String datasource, Path file) throws Exception {
        String boundary = "bench-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"product-analytics.duckdb\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/v1/datasources/" + datasource + "/files")).timeout(Duration.ofMinutes(10))
                .header("Authorization", bearer).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head), HttpRequest.BodyPublishers.ofFile(file),
                        HttpRequest.BodyPublishers.ofByteArray(tail))).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("upload: " + response.statusCode() + " " + response.body());
        }
    }

    private static JsonNode send(String url, String method, String path, String authorization, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofMinutes(5)).header("Authorization", authorization)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
        return object == null ? List.of() : object.properties();
    }

    private static double percentile(List<Double> values, int percent) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }

    private static double medianDifference(List<Double> first, List<Double> second) {
        List<Double> differences = new ArrayList<>();
        for (int index = 0; index < first.size(); index++) {
            differences.add(first.get(index) - second.get(index));
        }
        return percentile(differences, 50);
    }

    private static Map<String, String> options(String[] arguments) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int index = 0; index + 1 < arguments.length; index += 2) {
            options.put(arguments[index], arguments[index + 1]);
        }
        return options;
    }
}
