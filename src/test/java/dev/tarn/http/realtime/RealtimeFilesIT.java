package dev.tarn.http.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tarn.support.HttpTestClient;
import dev.tarn.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** FILE columns over the realtime API: multipart uploads through POST /v1/api/sql and downloads from /v1/files/…. */
class RealtimeFilesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALICE_PASSWORD = "alice-Tq8#wR2x";
    private static final String BOB_PASSWORD = "bob-Lm5!vK9z";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestServer server;
    private static String root;
    private static String alice;
    private static String bob;

    /** One part of a multipart body: a text field, or a file with its name and MIME type. */
    private record Part(String name, Optional<String> fileName, Optional<String> mime, byte[] content) {
        static Part text(String name, String value) {
            return new Part(name, Optional.empty(), Optional.empty(), value.getBytes(StandardCharsets.UTF_8));
        }

        static Part file(String key, String fileName, String mime, byte[] content) {
            return new Part("file:" + key, Optional.of(fileName), Optional.of(mime), content);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        root = login("root", TestServer.ROOT_PASSWORD);
        sql(root, "CREATE USER alice WITH PASSWORD '" + ALICE_PASSWORD + "' ROLE user");
        sql(root, "CREATE USER bob WITH PASSWORD '" + BOB_PASSWORD + "' ROLE user");
        alice = login("alice", ALICE_PASSWORD);
        bob = login("bob", BOB_PASSWORD);
        assertSuccess(sql(root, "CREATE NAMESPACE IF NOT EXISTS docs"));
        assertSuccess(sql(alice, "CREATE USER TABLE docs.attachments (id TEXT PRIMARY KEY, title TEXT, doc FILE)"));
        assertSuccess(sql(root, "CREATE SHARED TABLE docs.manuals (id TEXT PRIMARY KEY, doc FILE) WITH (ACCESS_LEVEL = 'PUBLIC')"));
        assertSuccess(sql(root, "CREATE SHARED TABLE docs.secrets (id TEXT PRIMARY KEY, doc FILE) WITH (ACCESS_LEVEL = 'PRIVATE')"));
        assertSuccess(sql(alice, "CREATE STREAM TABLE docs.events (id TEXT, doc FILE) WITH (TTL_SECONDS = 60)"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anInsertWithAFileStoresItAndTheSelectAnswersItsReferenceAsAFileColumn() throws Exception {
        byte[] content = "%PDF-1.4 receipt of alice\n".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> upload = multipart(alice, List.of(
                Part.text("sql", "INSERT INTO docs.attachments (id, title, doc) VALUES ($1, 'receipt', FILE(\"scan\"))"),
                Part.text("params", "[\"r1\"]"),
                Part.file("scan", "receipt.pdf", "application/pdf", content)));
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
        assertThat(JSON.readTree(upload.body()).get("results").get(0).get("message").asText()).isEqualTo("Inserted 1 row(s)");

        JsonNode answer = JSON.readTree(sql(alice, "SELECT id, doc FROM docs.attachments WHERE id = 'r1'").body());
        JsonNode schema = answer.get("results").get(0).get("schema");
        assertThat(schema.get(1).get("name").asText()).isEqualTo("doc");
        assertThat(schema.get(1).get("data_type").asText()).isEqualTo("File");
        JsonNode reference = JSON.readTree(answer.get("results").get(0).get("rows").get(0).get(1).asText());
        assertThat(reference.get("id").asText()).matches("[0-9a-f]{32}");
        assertThat(reference.get("sub").asText()).isEqualTo("f0001");
        assertThat(reference.get("name").asText()).isEqualTo("receipt.pdf");
        assertThat(reference.get("size").asLong()).isEqualTo(content.length);
        assertThat(reference.get("mime").asText()).isEqualTo("application/pdf");
        assertThat(reference.get("sha256").asText()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));

        HttpResponse<byte[]> download = download(alice, path("attachments", reference));
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(content);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(download.headers().firstValue("Content-Disposition").orElse("")).startsWith("inline");
    }

    @Test
    void describeNamesAFileColumnsTypeFile() throws Exception {
        JsonNode rows = JSON.readTree(sql(alice, "DESCRIBE TABLE docs.attachments").body()).get("results").get(0).get("rows");
        List<String> described = new ArrayList<>();
        rows.forEach(row -> described.add(row.get(0).asText() + " " + row.get(1).asText()));
        assertThat(described).contains("id VARCHAR", "title VARCHAR", "doc FILE");
    }

    @Test
    void anotherUserCannotDownloadAUsersFileButAnAdministratorMayNameTheOwner() throws Exception {
        JsonNode reference = upload(alice, "docs.attachments", "private-1", "note.txt", "text/plain", "alice's secret".getBytes(StandardCharsets.UTF_8));
        String path = path("attachments", reference);
        assertThat(download(bob, path).statusCode()).isEqualTo(404);
        assertThat(download(bob, path + "?user_id=alice").statusCode()).isEqualTo(403);
        assertThat(download(root, path).statusCode()).isEqualTo(404);
        HttpResponse<byte[]> asAdministrator = download(root, path + "?user_id=alice");
        assertThat(asAdministrator.statusCode()).isEqualTo(200);
        assertThat(new String(asAdministrator.body(), StandardCharsets.UTF_8)).isEqualTo("alice's secret");
        assertThat(JSON.readTree(sql(bob, "SELECT id FROM docs.attachments").body()).get("results").get(0).get("rows")).isEmpty();
    }

    @Test
    void sharedTablesServeTheirFilesByAccessLevelAndRefuseUserId() throws Exception {
        JsonNode manual = upload(root, "docs.manuals", "m1", "manual.png", "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        assertThat(download(alice, path("manuals", manual)).body()).containsExactly((byte) 0x89, 'P', 'N', 'G');
        assertThat(download(alice, path("manuals", manual) + "?user_id=root").statusCode()).isEqualTo(400);
        JsonNode secret = upload(root, "docs.secrets", "s1", "secret.txt", "text/plain", "top".getBytes(StandardCharsets.UTF_8));
        assertThat(download(alice, path("secrets", secret)).statusCode()).isEqualTo(403);
        assertThat(download(root, path("secrets", secret)).statusCode()).isEqualTo(200);
    }

    @Test
    void pathTraversalAndMalformedPathPartsAreRefused() throws Exception {
        JsonNode reference = upload(alice, "docs.attachments", "t1", "t.txt", "text/plain", "traversal target".getBytes(StandardCharsets.UTF_8));
        String id = reference.get("id").asText();
        List<String> attempts = List.of(
                "/v1/files/docs/attachments/f0001/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
                "/v1/files/docs/attachments/%2e%2e/" + id,
                "/v1/files/docs/%2e%2e/f0001/" + id,
                "/v1/files/%2e%2e/attachments/f0001/" + id,
                "/v1/files/docs/attachments/f0001/%2Fetc%2Fpasswd",
                "/v1/files/docs/attachments/f0001/%2e%2e%2f%2e%2e%2f" + id,
                "/v1/files/docs/attachments/f0001/" + id + ".json",
                "/v1/files/docs/attachments/f0001/" + id.toUpperCase(),
                "/v1/files/docs/attachments/f1/" + id,
                "/v1/files/docs/attachments/f0001/../f0001/" + id,
                "/v1/files/system/users/f0001/" + id);
        for (String attempt : attempts) {
            HttpResponse<byte[]> answer = download(alice, attempt);
            assertThat(answer.statusCode()).as(attempt).isIn(400, 404);
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).as(attempt).doesNotContain("traversal target").doesNotContain("root:");
        }
        assertThat(download(alice, "/v1/files/docs/events/f0001/" + id).statusCode()).isEqualTo(400);
    }

    @Test
    void theLimitsAnswerWithTheirCodes() throws Exception {
        byte[] tooLarge = new byte[25 * 1024 * 1024 + 1];
        assertError(multipart(alice, List.of(Part.text("sql", "INSERT INTO docs.attachments (id, doc) VALUES ('big', FILE(\"f\"))"),
                Part.file("f", "big.bin", "application/octet-stream", tooLarge))), "FILE_TOO_LARGE");

        List<Part> many = new ArrayList<>();
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 21; i++) {
            values.append(i == 0 ? "" : ", ").append("('many").append(i).append("', FILE(\"f").append(i).append("\"))");
            many.add(Part.file("f" + i, "f" + i + ".txt", "text/plain", new byte[] {'x'}));
        }
        many.add(0, Part.text("sql", "INSERT INTO docs.attachments (id, doc) VALUES " + values));
        assertError(multipart(alice, many), "TOO_MANY_FILES");

        assertError(multipart(alice, List.of(Part.text("sql", "INSERT INTO docs.attachments (id, doc) VALUES ('h', FILE('page'))"),
                Part.file("page", "page.html", "text/html", "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8)))), "INVALID_MIME_TYPE");
        assertError(multipart(alice, List.of(Part.text("sql", "INSERT INTO docs.attachments (id, doc) VALUES ('m', FILE(\"absent\"))"))),
                "MISSING_FILE");
        assertError(multipart(alice, List.of(Part.text("sql", "INSERT INTO docs.attachments (id, doc) VALUES ('e', NULL)"),
                Part.file("extra", "e.txt", "text/plain", new byte[] {'e'}))), "EXTRA_FILE");
        assertError(multipart(alice, List.of(Part.text("sql", "INSERT INTO docs.events (id, doc) VALUES ('s', FILE(\"f\"))"),
                Part.file("f", "e.txt", "text/plain", new byte[] {'e'}))), "INVALID_INPUT");
        assertError(sql(alice, "INSERT INTO docs.attachments (id, doc) VALUES ('j', FILE(\"f\"))"), "INVALID_INPUT");
        assertThat(storedFiles()).noneMatch(file -> file.getFileName().toString().length() == 32 && sizeOf(file) > 25 * 1024 * 1024);
    }

    @Test
    void aFailingStatementLeavesNoFileBehind() throws Exception {
        upload(alice, "docs.attachments", "dup", "first.txt", "text/plain", "first".getBytes(StandardCharsets.UTF_8));
        List<Path> before = storedFiles();
        HttpResponse<String> duplicate = multipart(alice, List.of(
                Part.text("sql", "INSERT INTO docs.attachments (id, doc) VALUES ('dup', FILE(\"f\"))"),
                Part.file("f", "second.txt", "text/plain", "second".getBytes(StandardCharsets.UTF_8))));
        assertThat(duplicate.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(duplicate.body()).get("status").asText()).isEqualTo("error");
        assertThat(storedFiles()).containsExactlyInAnyOrderElementsOf(before);
        HttpResponse<String> unknownTable = multipart(alice, List.of(
                Part.text("sql", "INSERT INTO docs.nowhere (id, doc) VALUES ('x', FILE(\"f\"))"),
                Part.file("f", "x.txt", "text/plain", "x".getBytes(StandardCharsets.UTF_8))));
        assertThat(unknownTable.statusCode()).isEqualTo(400);
        assertThat(storedFiles()).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void requestsWithoutATokenAre401() throws Exception {
        HttpResponse<String> upload = multipart(null, List.of(Part.text("sql", "INSERT INTO docs.attachments (id, doc) VALUES ('n', FILE(\"f\"))"),
                Part.file("f", "n.txt", "text/plain", new byte[] {'n'})));
        assertThat(upload.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(upload.body()).get("error").get("code").asText()).isEqualTo("MISSING_AUTHORIZATION");
        HttpResponse<byte[]> download = download(null, "/v1/files/docs/attachments/f0001/" + "0".repeat(32));
        assertThat(download.statusCode()).isEqualTo(401);
    }

    @Test
    void fileColumnsAndStoredFilesSurviveARestart() throws Exception {
        TestServer first = TestServer.start();
        TestServer previous = server;
        try {
            server = first;
            String administrator = login("root", TestServer.ROOT_PASSWORD);
            assertSuccess(sql(administrator, "CREATE NAMESPACE IF NOT EXISTS archive"));
            assertSuccess(sql(administrator, "CREATE SHARED TABLE archive.scans (id TEXT PRIMARY KEY, scan FILE)"));
            HttpResponse<String> upload = multipart(administrator, List.of(
                    Part.text("sql", "INSERT INTO archive.scans (id, scan) VALUES ('a1', FILE('s'))"),
                    Part.file("s", "scan.jpg", "image/jpeg", new byte[] {1, 2, 3})));
            assertSuccess(upload);
            first.stopKeepingData();
            server = TestServer.startOn(first.dataDirectory());
            administrator = login("root", TestServer.ROOT_PASSWORD);
            JsonNode result = JSON.readTree(sql(administrator, "SELECT scan FROM archive.scans").body()).get("results").get(0);
            assertThat(result.get("schema").get(0).get("data_type").asText()).isEqualTo("File");
            JsonNode reference = JSON.readTree(result.get("rows").get(0).get(0).asText());
            HttpResponse<byte[]> download = download(administrator, "/v1/files/archive/scans/" + reference.get("sub").asText() + "/"
                    + reference.get("id").asText());
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.body()).containsExactly(1, 2, 3);
            assertThat(download.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        } finally {
            server.close();
            server = previous;
        }
    }

    private static JsonNode upload(String token, String table, String id, String fileName, String mime, byte[] content) throws Exception {
        HttpResponse<String> answer = multipart(token, List.of(
                Part.text("sql", "INSERT INTO " + table + " (id, doc) VALUES ('" + id + "', FILE(\"f\"))"),
                Part.file("f", fileName, mime, content)));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode rows = JSON.readTree(sql(token, "SELECT doc FROM " + table + " WHERE id = '" + id + "'").body()).get("results").get(0).get("rows");
        return JSON.readTree(rows.get(0).get(0).asText());
    }

    private static String path(String table, JsonNode reference) {
        return "/v1/files/docs/" + table + "/" + reference.get("sub").asText() + "/" + reference.get("id").asText();
    }

    /** Data files and sidecars under the file storage, staging included. */
    private static List<Path> storedFiles() throws IOException {
        Path files = server.dataDirectory().resolve("files");
        try (Stream<Path> walk = Files.walk(files)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static HttpResponse<String> multipart(String token, List<Part> parts) throws Exception {
        String boundary = "tarn-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Part part : parts) {
            StringBuilder head = new StringBuilder("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(part.name()).append('"');
            part.fileName().ifPresent(name -> head.append("; filename=\"").append(name).append('"'));
            head.append("\r\n");
            part.mime().ifPresent(mime -> head.append("Content-Type: ").append(mime).append("\r\n"));
            head.append("\r\n");
            body.write(head.toString().getBytes(StandardCharsets.UTF_8));
            body.write(part.content());
            body.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/api/sql"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> download(String token, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<String> sql(String token, String statement) throws Exception {
        String body = JSON.createObjectNode().put("sql", statement).toString();
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/api/sql")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String login(String user, String password) {
        HttpTestClient.Answer answer = server.anonymous().post("/v1/api/auth/login", Map.of("user", user, "password", password));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("access_token").asText();
    }

    private static void assertSuccess(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    private static void assertError(HttpResponse<String> answer, String code) throws IOException {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        JsonNode json = JSON.readTree(answer.body());
        assertThat(json.get("status").asText()).isEqualTo("error");
        assertThat(json.get("error").get("code").asText()).as(answer.body()).isEqualTo(code);
    }
}
