package dev.tarn.http.asktable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tarn.support.BearerClient;
import dev.tarn.support.HttpTestClient;
import dev.tarn.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed, oversized and hostile input on the AskTable-compatible routes and /v1/ask: every one
 * is a 4xx with the error shape and a message saying what to change, never a 500, and the server
 * keeps answering afterwards.
 */
class AskHostileInputIT {
    private static final String TEN_MEGABYTES = "{\"name\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}";
    private static final String LONG = "q".repeat(100_000);

    private static TestServer server;
    private static BearerClient admin;
    private static String datasource;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        for (String statement : List.of("CREATE SCHEMA memory.hostile", "CREATE TABLE memory.hostile.customers (id INTEGER, name VARCHAR)",
                "INSERT INTO memory.hostile.customers VALUES (1, 'Ada')")) {
            HttpTestClient.Answer answer = server.root().query(statement);
            assertThat(answer.status()).as(statement + ": " + answer.body()).isEqualTo(200);
        }
        HttpTestClient.Answer key = server.root().post("/v1/sys/projects/p_default/api-keys", Map.of("ak_role", "admin"));
        assertThat(key.status()).as(key.body()).isEqualTo(200);
        admin = new BearerClient(server.baseUrl(), key.json().get("original_ak_value").asText());
        HttpTestClient.Answer created = admin.post("/v1/datasources", Map.of("engine", "tarn", "name", "hostile",
                "access_config", Map.of("catalog", "memory", "schema", "hostile")));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        datasource = created.json().get("id").asText();
        HttpTestClient.Answer synced = admin.post("/v1/datasources/" + datasource + "/meta", Map.of());
        assertThat(synced.status()).as(synced.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void serverStillAnswers() {
        HttpTestClient.Answer me = admin.get("/v1/auth/me");
        assertThat(me.status()).as(me.body()).isEqualTo(200);
    }

    /** The AskTable error shape {"detail": message, "code": CODE} with this status. */
    private static void refused(HttpTestClient.Answer answer, int status, String what) {
        assertThat(answer.status()).as(what + ": " + abbreviated(answer.body())).isEqualTo(status);
        JsonNode body = answer.json();
        assertThat(body.path("detail").asText()).as(what).isNotBlank();
        assertThat(body.path("code").asText()).as(what).isNotBlank();
    }

    /** API keys are managed by sys callers (the Tarn administrator), not admin keys. */
    private static void refusedToRoot(HttpTestClient.Answer answer, String what) {
        refused(answer, 404, what);
    }

    private static String abbreviated(String body) {
        return body.length() > 400 ? body.substring(0, 400) + "…" : body;
    }

    private static HttpTestClient.Answer send(String method, String path, String body) {
        return method.equals("PATCH") ? admin.patch(path, body) : admin.post(path, body);
    }

    /** The object-body POST/PATCH routes, each with a body missing a required field (null where nothing is required). */
    private static List<String[]> objectRoutes() {
        String ds = "/v1/datasources/" + datasource;
        return List.of(
                new String[]{"POST", "/v1/datasources", "{\"name\":\"no engine\"}"},
                new String[]{"PATCH", ds, null},
                new String[]{"POST", "/v1/datasources/test-connection", "{}"},
                new String[]{"POST", ds + "/meta", null},
                new String[]{"PATCH", ds + "/meta", "{}"},
                new String[]{"PATCH", ds + "/field?schema_name=s&table_name=t&field_name=f", null},
                new String[]{"POST", ds + "/indexes", "{}"},
                new String[]{"POST", ds + "/synonyms", "{\"phrase\":\"clients\"}"},
                new String[]{"PATCH", "/v1/training/tp_unknown?datasource_id=" + datasource, null},
                new String[]{"POST", "/v1/sys/projects/p_default/api-keys", "{}"},
                new String[]{"POST", "/v1/auth/tokens", null},
                new String[]{"POST", "/v1/sys/projects/p_default/tokens", null},
                new String[]{"POST", "/v1/ask/keys", "{}"},
                new String[]{"POST", "/v1/roles", "{}"},
                new String[]{"PATCH", "/v1/roles/role_unknown", null},
                new String[]{"POST", "/v1/policies", "{\"name\":\"p\"}"},
                new String[]{"PATCH", "/v1/policies/policy_unknown", null},
                new String[]{"POST", "/v1/single-turn/q2s", "{\"question\":\"how many\"}"},
                new String[]{"POST", "/v1/single-turn/q2a", "{\"datasource_id\":\"" + datasource + "\"}"},
                new String[]{"POST", "/v1/single-turn/q2w", "{\"datasource_id\":\"" + datasource + "\"}"});
    }

    @Test
    void aBodyThatIsNotAJsonObjectIsA400SayingSo() {
        for (String[] route : objectRoutes()) {
            String path = route[1];
            // roles and policies are looked up before their body is read; a training pair after it
            int expected = path.contains("unknown") && !path.startsWith("/v1/training") ? 404 : 400;
            for (String body : List.of("not json at all", "{\"name\":", "[1,2,3]", "42", "\"text\"", "{\"a\":1} trailing")) {
                refused(send(route[0], path, body), expected, route[0] + " " + path + " with " + body);
            }
        }
    }

    @Test
    void aMissingRequiredFieldIsA400NamingIt() {
        for (String[] route : objectRoutes()) {
            if (route[2] != null) {
                refused(send(route[0], route[1], route[2]), 400, route[0] + " " + route[1] + " missing a field");
            }
        }
        refused(admin.post("/v1/training?datasource_id=" + datasource, "[{\"question\":\"how many\"}]"), 400, "training pair without sql");
        refused(admin.post("/v1/training", "[{\"question\":\"q\",\"sql\":\"SELECT 1\"}]"), 400, "training without datasource_id");
    }

    @Test
    void wrongFieldTypesAreA400NamingTheField() {
        String ds = "/v1/datasources/" + datasource;
        refused(admin.post("/v1/datasources", "{\"engine\":{\"x\":1}}"), 400, "engine as an object");
        refused(admin.post("/v1/datasources", "{\"engine\":\"tarn\",\"name\":[\"a\"]}"), 400, "name as a list");
        refused(admin.post("/v1/datasources", "{\"engine\":\"tarn\",\"access_config\":[1]}"), 400, "access_config as a list");
        refused(admin.patch(ds, "{\"sample_questions\":{\"a\":1}}"), 400, "sample_questions as an object");
        refused(admin.patch(ds, "{\"sample_questions\":[{\"a\":1},[2]]}"), 400, "sample_questions of objects");
        refused(admin.post(ds + "/meta", "{\"selected_tables\":[\"a\"]}"), 400, "selected_tables as a list");
        refused(admin.patch(ds + "/meta", "{\"schemas\":[1]}"), 400, "schemas as a list");
        refused(admin.post(ds + "/synonyms", "{\"phrase\":42,\"table\":{\"t\":1}}"), 400, "synonym table as an object");
        refused(admin.post(ds + "/synonyms", "{\"phrase\":\"p\",\"table\":\"t\",\"operator\":\">\",\"number\":\"lots\"}"), 400, "synonym number as text");
        refused(admin.post("/v1/training?datasource_id=" + datasource, "{\"question\":\"q\",\"sql\":\"SELECT 1\"}"), 400, "training as an object");
        refused(admin.post("/v1/training?datasource_id=" + datasource, "[1, \"two\"]"), 400, "training pairs that are not objects");
        refused(admin.post("/v1/training?datasource_id=" + datasource, "[{\"question\":7,\"sql\":\"SELECT 1\"}]"), 400, "training question as a number");
        refused(admin.post("/v1/training?datasource_id=" + datasource, "[]"), 400, "no training pairs");
        refused(admin.post("/v1/sys/projects/p_default/api-keys", "{\"ak_role\":[\"admin\"]}"), 400, "ak_role as a list");
        refused(admin.post("/v1/sys/projects/p_default/api-keys", "{\"ak_role\":\"emperor\"}"), 400, "unknown ak_role");
        refused(admin.post("/v1/auth/tokens", "{\"token_ttl\":\"forever\"}"), 400, "token_ttl as text");
        refused(admin.post("/v1/auth/tokens", "{\"token_ttl\":99999999999999999999}"), 400, "token_ttl past a long");
        refused(admin.post("/v1/auth/tokens", "{\"token_ttl\":-5}"), 400, "negative token_ttl");
        refused(admin.post("/v1/auth/tokens", "{\"chat_role\":\"r\"}"), 400, "chat_role as text");
        refused(admin.post("/v1/auth/tokens", "{\"user_profile\":[1]}"), 400, "user_profile as a list");
        refused(admin.post("/v1/ask/keys", "{\"kind\":\"secret\",\"allowed_origins\":{\"a\":1}}"), 400, "allowed_origins as an object");
        refused(admin.post("/v1/ask/keys", "{\"kind\":3}"), 400, "kind as a number");
        refused(admin.post("/v1/roles", "{\"name\":{\"x\":1}}"), 400, "role name as an object");
        refused(admin.post("/v1/roles", "{\"name\":\"r\",\"policy_ids\":{\"x\":1}}"), 400, "policy_ids as an object");
        refused(admin.post("/v1/policies", "{\"name\":\"p\",\"permission\":\"allow\",\"dataset_config\":[1]}"), 400, "dataset_config as a list");
        refused(admin.post("/v1/policies", "{\"name\":\"p\",\"permission\":42,\"dataset_config\":{}}"), 400, "unknown permission");
        refused(admin.post("/v1/single-turn/q2a", "{\"datasource_id\":\"" + datasource + "\",\"question\":\"q\",\"max_rows\":\"many\"}"), 400, "max_rows as text");
        refused(admin.post("/v1/single-turn/q2a", "{\"datasource_id\":\"" + datasource + "\",\"question\":\"q\",\"max_rows\":-1}"), 400, "negative max_rows");
        refused(admin.post("/v1/single-turn/q2s", "{\"datasource_id\":[1],\"question\":\"q\"}"), 400, "datasource_id as a list");
        refused(admin.post("/v1/single-turn/q2s", "{\"datasource_id\":\"" + datasource + "\",\"question\":\"q\",\"role_variables\":[1]}"), 400, "role_variables as a list");
    }

    @Test
    void aTenMegabyteBodyIsA413NamingTheLimit() {
        String ds = "/v1/datasources/" + datasource;
        for (String[] route : objectRoutes()) {
            if (route[1].contains("unknown")) {
                continue;
            }
            refused(send(route[0], route[1], TEN_MEGABYTES), 413, route[0] + " " + route[1] + " with 10 MB");
        }
        refused(admin.post("/v1/training?datasource_id=" + datasource, "[" + TEN_MEGABYTES + "]"), 413, "training with 10 MB");
        refused(admin.patch(ds, TEN_MEGABYTES), 413, "datasource patch with 10 MB");
    }

    @Test
    void hundredThousandCharacterTextsAreRefusedNotStored() {
        String ds = "/v1/datasources/" + datasource;
        refused(admin.post("/v1/datasources", Map.of("engine", "tarn", "name", LONG)), 400, "datasource name of 100,000 characters");
        refused(admin.patch(ds, Map.of("name", LONG)), 400, "datasource rename to 100,000 characters");
        refused(admin.post(ds + "/synonyms", Map.of("phrase", LONG, "table", "t")), 413, "synonym phrase of 100,000 characters");
        refused(admin.post("/v1/roles", Map.of("name", LONG)), 400, "role name of 100,000 characters");
        refused(admin.post("/v1/single-turn/q2s", Map.of("datasource_id", datasource, "question", LONG)), 413, "question of 100,000 characters");
    }

    @Test
    void longDescriptionsAndValuesWithinTheBodyLimitAreRefusedNotStored() {
        refused(admin.post("/v1/datasources", Map.of("engine", "tarn", "desc", LONG)), 400, "datasource desc of 100,000 characters");
        refused(admin.patch("/v1/datasources/" + datasource, Map.of("sample_questions", List.of(LONG))), 400, "a sample question of 100,000 characters");
        refused(admin.post("/v1/roles", Map.of("name", "r_long", "description", LONG)), 400, "role description of 100,000 characters");
        refused(admin.post("/v1/policies", Map.of("name", "p_long", "permission", "allow", "description", LONG,
                "dataset_config", Map.of("datasource_ids", List.of("*")))), 400, "policy description of 100,000 characters");
        HttpTestClient.Answer role = admin.post("/v1/roles", Map.of("name", "r_short"));
        assertThat(role.status()).as(role.body()).isEqualTo(200);
        refused(admin.patch("/v1/roles/" + role.json().get("id").asText(), Map.of("description", LONG)), 400, "role re-described with 100,000 characters");
        refused(admin.post("/v1/datasources/" + datasource + "/synonyms", Map.of("phrase", "big ones", "table", "customers", "column", "name",
                "value", "v".repeat(10_000))), 400, "synonym value of 10,000 characters");
        refused(admin.post("/v1/ask/keys", Map.of("kind", "secret", "customer", "c".repeat(10_000))), 400, "ask key customer of 10,000 characters");
        refused(admin.post("/v1/auth/tokens", Map.of("user_profile", Map.of("bio", "b".repeat(20_000)))), 400, "token profile of 20,000 characters");
    }

    @Test
    void accessConfigsThatCannotBeRightAreRefusedPromptly() {
        List<Map<String, Object>> configs = List.of(
                Map.of("host", "127.0.0.1", "port", "abc", "db", "d", "user", "u"),
                Map.of("host", "127.0.0.1", "port", -1, "db", "d", "user", "u"),
                Map.of("host", "127.0.0.1", "port", 99_999_999, "db", "d", "user", "u"),
                Map.of("host", "127.0.0.1'; DROP TABLE users; --", "port", 5432, "db", "d", "user", "u"),
                Map.of("host", "h".repeat(100_000), "port", 5432, "db", "d", "user", "u"),
                Map.of("host", "127.0.0.1", "port", 5432, "db", "d?socketFactory=java.lang.Object", "user", "u"));
        for (Map<String, Object> config : configs) {
            long started = System.nanoTime();
            HttpTestClient.Answer answer = admin.post("/v1/datasources/test-connection", Map.of("engine", "postgresql", "access_config", config));
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(millis).as("test-connection with " + abbreviated(config.toString()) + " took " + millis + " ms").isLessThan(15_000);
            if (answer.status() == 200) {
                assertThat(answer.json().path("ok").asBoolean(true)).as(abbreviated(answer.body())).isFalse();
            } else {
                refused(answer, answer.status(), "test-connection with " + abbreviated(config.toString()));
                assertThat(answer.status()).isBetween(400, 499);
            }
            HttpTestClient.Answer created = admin.post("/v1/datasources", Map.of("engine", "postgresql", "access_config", config));
            assertThat(created.status()).as(abbreviated(created.body())).isBetween(400, 499);
            refused(created, created.status(), "create with " + abbreviated(config.toString()));
        }
        refused(admin.post("/v1/datasources", Map.of("engine", "../../etc")), 400, "an unknown engine");
        refused(admin.post("/v1/datasources", Map.of("engine", "tarn", "access_config", Map.of("catalog", "../../etc", "schema", "x'; --"))), 400,
                "a catalog path");
    }

    @Test
    void theAskRouteRefusesOversizedTextsWithinItsBodyLimit() {
        for (Map<String, Object> request : List.<Map<String, Object>>of(
                Map.of("table", "customers", "question", "how many", "customer", "c".repeat(20_000), "user", "u"),
                Map.of("table", "customers", "question", "how many", "customer", "c", "user", "u".repeat(20_000)),
                Map.of("table", "t".repeat(20_000), "question", "how many", "customer", "c", "user", "u"),
                Map.of("table", "customers", "question", "how many", "customer", "c", "user", "u", "session_id", "s' OR 1=1 --"),
                Map.of("table", "customers", "question", "q".repeat(50_000), "customer", "c", "user", "u"))) {
            long started = System.nanoTime();
            HttpTestClient.Answer answer = admin.post("/v1/ask", request);
            long millis = (System.nanoTime() - started) / 1_000_000;
            String what = "/v1/ask with " + abbreviated(request.toString()) + " (" + millis + " ms): " + abbreviated(answer.body());
            assertThat(millis).as(what).isLessThan(10_000);
            assertThat(answer.status()).as(what).isBetween(400, 499);
            assertThat(answer.json().path("error").path("message").asText()).as(what).isNotBlank();
        }
    }

    @Test
    void pageAndSizeThatAreNotSensibleAreA400() {
        List<String> lists = List.of("/v1/datasources", "/v1/datasources/" + datasource + "/synonyms", "/v1/datasources/" + datasource + "/indexes",
                "/v1/training?datasource_id=" + datasource, "/v1/roles", "/v1/policies", "/v1/ask/keys", "/v1/single-turn/q2s");
        for (String list : lists) {
            String joiner = list.contains("?") ? "&" : "?";
            for (String query : List.of("page=-1", "page=0", "size=0", "size=-3", "size=1000000", "page=99999999999999999999",
                    "size=abc", "page=1e3", "page=%00")) {
                refused(admin.get(list + joiner + query), 400, list + " " + query);
            }
            HttpTestClient.Answer far = admin.get(list + joiner + "page=2147483647&size=100");
            assertThat(far.status()).as(list + " far page: " + far.body()).isEqualTo(200);
            assertThat(far.json().get("items")).as(list).isEmpty();
        }
    }

    @Test
    void hostileAndUnknownIdsAreA404() {
        for (String id : List.of("ds_unknown", "..%2F..%2Fetc%2Fpasswd", "x'%20OR%20'1'%3D'1", "1%3B%20DROP%20TABLE%20users", "%25", "a".repeat(5000))) {
            refused(admin.get("/v1/datasources/" + id), 404, "GET datasource " + id);
            refused(admin.patch("/v1/datasources/" + id, "{\"name\":\"n\"}"), 404, "PATCH datasource " + id);
            refused(admin.delete("/v1/datasources/" + id), 404, "DELETE datasource " + id);
            refused(admin.get("/v1/datasources/" + id + "/meta"), 404, "meta of " + id);
            refused(admin.post("/v1/datasources/" + id + "/synonyms", "{\"phrase\":\"p\",\"table\":\"t\"}"), 404, "synonym on " + id);
            refused(admin.delete("/v1/datasources/" + datasource + "/synonyms/" + id), 404, "DELETE synonym " + id);
            refused(admin.delete("/v1/datasources/" + datasource + "/files/" + id), 404, "DELETE file " + id);
            refused(admin.delete("/v1/datasources/" + datasource + "/indexes/" + id), 404, "DELETE index " + id);
            refused(admin.get("/v1/training?datasource_id=" + id), 404, "training of " + id);
            refused(admin.patch("/v1/training/" + id + "?datasource_id=" + datasource, "{\"question\":\"q\"}"), 404, "PATCH training " + id);
            refused(admin.delete("/v1/training/" + id + "?datasource_id=" + datasource), 404, "DELETE training " + id);
            refused(admin.get("/v1/roles/" + id), 404, "GET role " + id);
            refused(admin.patch("/v1/roles/" + id, "{\"name\":\"n\"}"), 404, "PATCH role " + id);
            refused(admin.delete("/v1/roles/" + id), 404, "DELETE role " + id);
            refused(admin.get("/v1/policies/" + id), 404, "GET policy " + id);
            refused(admin.delete("/v1/policies/" + id), 404, "DELETE policy " + id);
            refused(admin.delete("/v1/ask/keys/" + id), 404, "DELETE ask key " + id);
            refusedToRoot(server.root().delete("/v1/sys/projects/p_default/api-keys/" + id), "DELETE api key " + id);
            refused(admin.post("/v1/single-turn/q2s", Map.of("datasource_id", id, "question", "how many")), 404, "q2s on " + id);
        }
    }

    @Test
    void trainingPairsRefuseTextsTooLongAndActiveThatIsNotABoolean() {
        String training = "/v1/training?datasource_id=" + datasource;
        HttpTestClient.Answer good = admin.post(training, List.of(Map.of("question", "how many customers", "sql", "SELECT count(*) FROM customers")));
        assertThat(good.status()).as(good.body()).isEqualTo(200);
        String pair = good.json().get(0).get("id").asText();
        int stored = admin.get(training).json().get("total").asInt();
        refused(admin.post(training, List.of(Map.of("question", LONG, "sql", "SELECT count(*) FROM customers"))), 400, "training question of 100,000 characters");
        refused(admin.post(training, List.of(Map.of("question", "q", "sql", "SELECT count(*) FROM customers", "active", "no"))), 400, "active as text");
        refused(admin.post(training, List.of(Map.of("question", "q", "sql", "SELECT count(*) FROM customers", "role_id", LONG))), 400, "role_id of 100,000 characters");
        refused(admin.patch("/v1/training/" + pair + "?datasource_id=" + datasource, Map.of("question", LONG)), 400, "renaming a pair to 100,000 characters");
        refused(admin.patch("/v1/training/" + pair + "?datasource_id=" + datasource, Map.of("active", "no")), 400, "patching active as text");
        HttpTestClient.Answer list = admin.get(training);
        assertThat(list.json().get("total").asInt()).as(list.body()).isEqualTo(stored);
        assertThat(list.body()).doesNotContain(LONG);
    }

    @Test
    void deeplyNestedJsonIsA400NotAStackOverflow() {
        String deep = "{\"engine\":\"tarn\",\"access_config\":" + "[".repeat(50_000) + "]".repeat(50_000) + "}";
        refused(admin.post("/v1/datasources", deep), 400, "50,000 nested arrays in a datasource");
        refused(admin.post("/v1/roles", "{\"name\":" + "[".repeat(50_000) + "]".repeat(50_000) + "}"), 400, "50,000 nested arrays in a role");
        refused(admin.post("/v1/training?datasource_id=" + datasource, "[".repeat(50_000) + "]".repeat(50_000)), 400, "50,000 nested arrays of pairs");
    }

    @Test
    void aLongQuestionWithinTheBodyLimitIsAnsweredPromptly() {
        String question = "how many customers named " + "ada or ".repeat(8_000);
        long started = System.nanoTime();
        HttpTestClient.Answer answer = admin.post("/v1/single-turn/q2s", Map.of("datasource_id", datasource, "question", question));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(answer.status()).as(abbreviated(answer.body())).isIn(200, 400, 413);
        assertThat(millis).as("a 56,000 character question took " + millis + " ms").isLessThan(10_000);
        if (answer.status() != 200) {
            refused(answer, answer.status(), "a 56,000 character question");
        }
    }

    @Test
    void uploadsWithHostileFileNamesOrBrokenMultipartAreRefused() {
        HttpTestClient.Answer csv = admin.post("/v1/datasources", Map.of("engine", "csv", "name", "uploads"));
        assertThat(csv.status()).as(csv.body()).isEqualTo(200);
        String upload = "/v1/datasources/" + csv.json().get("id").asText() + "/files";
        refused(admin.post(upload, "not multipart"), 400, "an upload that is JSON");
        for (String name : List.of("/", "..", "a\u0000", "con\u0007", "")) {
            refused(multipart(upload, "b0undary", "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\n"
                    + "Content-Type: text/csv\r\n\r\nid,name\n1,ada\n\r\n--b0undary--\r\n"), 400, "upload named '" + name + "'");
        }
        refused(multipart(upload, "zz", "--zz\r\ngarbage"), 400, "a multipart body cut short");
        refused(multipart(upload, "zz", "--zz\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--zz--\r\n"), 400, "no file part");
    }

    private static HttpTestClient.Answer multipart(String path, String boundary, String body) {
        HttpTestClient root = server.root();
        return root.send(root.request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    }

    /** /v1/ask answers {"error": {"code", "message"}}. */
    @Test
    void theAskRouteRefusesHostileInputInItsOwnShape() {
        List<Object[]> cases = List.of(
                new Object[]{"not json", 400}, new Object[]{"[1]", 400}, new Object[]{"7", 400},
                new Object[]{"{\"table\":\"t\"}", 400},
                new Object[]{"{\"table\":{},\"question\":\"q\",\"customer\":\"c\",\"user\":\"u\"}", 400},
                new Object[]{"{\"table\":\"t\",\"question\":\"q\",\"customer\":\"c\",\"user\":\"u\",\"stream\":\"yes\"}", 400},
                new Object[]{"{\"table\":\"t\",\"question\":\"q\",\"customer\":\"c\",\"user\":\"u\",\"mode\":\"telepathy\"}", 400},
                new Object[]{TEN_MEGABYTES, 413});
        for (Object[] hostile : cases) {
            HttpTestClient.Answer answer = admin.post("/v1/ask", hostile[0]);
            String what = "/v1/ask with " + abbreviated((String) hostile[0]) + ": " + abbreviated(answer.body());
            assertThat(answer.status()).as(what).isEqualTo(hostile[1]);
            assertThat(answer.json().path("error").path("message").asText()).as(what).isNotBlank();
            assertThat(answer.json().path("error").path("code").asText()).as(what).isNotBlank();
        }
        HttpTestClient.Answer resume = admin.with(Map.of("Last-Event-ID", "soon"))
                .post("/v1/ask", "{\"session_id\":\"s\",\"customer\":\"c\",\"user\":\"u\"}");
        assertThat(resume.status()).as(resume.body()).isEqualTo(400);
        HttpTestClient.Answer unknown = admin.get("/v1/ask/sessions/..%2F..%2Fetc/events?customer=c&user=u");
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
        assertThat(unknown.json().path("error").path("message").asText()).isNotBlank();
    }
}
