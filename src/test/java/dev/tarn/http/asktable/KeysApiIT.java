package dev.tarn.http.asktable;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tarn.support.HttpTestClient;
import dev.tarn.support.HttpTestClient.Answer;
import dev.tarn.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** AskTable API keys, temporary tokens and Ask API keys over HTTP, as the SDK and a browser widget use them. */
class KeysApiIT {
    private static final String PROJECT = "p_default";
    private static final String SHOP = "https://shop.example.com";
    private static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();
    private static TestServer server;
    private static HttpTestClient root;
    /** Every clear key and token value this class saw, to look for in the logs. */
    private static final List<String> SECRETS = new ArrayList<>();

    @BeforeAll
    static void start() {
        LOG.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(LOG);
        server = TestServer.start();
        root = server.root();
    }

    @AfterAll
    static void stop() {
        server.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOG);
    }

    // ---- helpers

    private static Answer bearer(String method, String path, String credential, String origin, String body) {
        HttpRequest.Builder request = server.anonymous().request(path).header("Authorization", "Bearer " + credential);
        if (origin != null) {
            request.header("Origin", origin);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return server.anonymous().send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)));
    }

    private static Answer get(String path, String credential) {
        return bearer("GET", path, credential, null, null);
    }

    private static Answer post(String path, String credential, String body) {
        return bearer("POST", path, credential, null, body);
    }

    private static JsonNode createKey(String role) {
        Answer answer = root.post("/v1/sys/projects/" + PROJECT + "/api-keys", Map.of("ak_role", role));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        SECRETS.add(answer.json().get("original_ak_value").asText());
        return answer.json();
    }

    private static String keyValue(String role) {
        return createKey(role).get("original_ak_value").asText();
    }

    private static String mint(String credential, String body) {
        Answer answer = post("/v1/auth/tokens", credential, body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        SECRETS.add(answer.json().get("token").asText());
        return answer.json().get("token").asText();
    }

    private static void assertRefused(Answer answer, int status, String code, String detailPart) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.json().get("code").asText()).isEqualTo(code);
        assertThat(answer.json().get("detail").asText()).contains(detailPart);
    }

    // ---- API keys

    @Test
    void rootCreatesKeysOfEveryRoleSeesEachValueOnceAndTheListMasksThem() {
        List<JsonNode> created = new ArrayList<>();
        for (String role : List.of("sys", "admin", "asker", "visitor", "priv_admin")) {
            JsonNode key = createKey(role);
            String bare = role.replace("priv_", "");
            String value = key.get("original_ak_value").asText();
            assertThat(value).matches("ask_" + bare + "_[A-Za-z0-9_-]{43}");
            assertThat(key.get("id").asText()).matches("ak_[0-9a-f]{32}");
            assertThat(key.get("ak_role").asText()).isEqualTo(bare);
            assertThat(key.get("project_id").asText()).isEqualTo(PROJECT);
            assertThat(key.get("status").asInt()).isEqualTo(1);
            assertThat(key.get("created_at").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3})?Z");
            assertThat(key.get("last_used_at").isNull()).isTrue();
            assertThat(key.get("masked_ak_value").asText()).isEqualTo("ask_" + bare + "_****" + value.substring(value.length() - 4));
            assertThat(key.get("hashed_ak_value").asText()).hasSize(64).doesNotContain(value.substring(10));
            created.add(key);
        }

        Answer list = root.get("/v1/sys/projects/" + PROJECT + "/api-keys");
        assertThat(list.status()).isEqualTo(200);
        for (JsonNode key : created) {
            JsonNode listed = find(list.json(), key.get("id").asText());
            assertThat(listed.has("original_ak_value")).isFalse();
            assertThat(listed.has("hashed_ak_value")).isFalse();
            assertThat(listed.get("masked_ak_value")).isEqualTo(key.get("masked_ak_value"));
            assertThat(list.body()).doesNotContain(key.get("original_ak_value").asText());
        }
        assertThat(root.get("/api/v1/sys/projects/" + PROJECT + "/api-keys").json()).isEqualTo(root.get("/v1/sys/projects/" + PROJECT + "/api-keys").json());
    }

    @Test
    void aKeyIsABearerCredentialOnBothPrefixesAndAuthMeSaysWhoItIs() {
        JsonNode key = createKey("admin");
        String value = key.get("original_ak_value").asText();
        for (String prefix : List.of("/v1", "/api/v1")) {
            Answer me = get(prefix + "/auth/me", value);
            assertThat(me.status()).as(me.body()).isEqualTo(200);
            assertThat(me.json()).isEqualTo(json("{\"ak_role\":\"admin\",\"project_id\":\"" + PROJECT + "\",\"ak_id\":\"" + key.get("id").asText()
                    + "\",\"chat_role\":null,\"user_profile\":null,\"exp\":null,\"locked\":false}"));
        }
        JsonNode listed = find(root.get("/v1/sys/projects/" + PROJECT + "/api-keys").json(), key.get("id").asText());
        assertThat(listed.get("last_used_at").asText()).matches("\\d{4}-.*Z");
    }

    @Test
    void aDeletedKeyStopsWorkingWithTheAnswerToItsDelete() {
        JsonNode key = createKey("asker");
        String value = key.get("original_ak_value").asText();
        assertThat(get("/v1/auth/me", value).status()).isEqualTo(200);

        Answer deleted = root.delete("/v1/sys/projects/" + PROJECT + "/api-keys/" + key.get("id").asText());
        assertThat(deleted.status()).isEqualTo(200);
        assertRefused(get("/v1/auth/me", value), 401, "ASK_KEY_INVALID", "unknown or was deleted");
        assertRefused(root.delete("/v1/sys/projects/" + PROJECT + "/api-keys/" + key.get("id").asText()), 404, "ASK_KEY_NOT_FOUND", "list the keys");
        assertThat(root.get("/v1/sys/projects/" + PROJECT + "/api-keys").body()).doesNotContain(key.get("id").asText());
    }

    @Test
    void onlySysManagesApiKeys() {
        String asker = keyValue("asker");
        String admin = keyValue("admin");
        assertRefused(post("/v1/sys/projects/" + PROJECT + "/api-keys", asker, "{\"ak_role\":\"asker\"}"), 403, "PERMISSION_DENIED", "needs a sys key");
        assertRefused(post("/v1/sys/projects/" + PROJECT + "/api-keys", admin, "{\"ak_role\":\"visitor\"}"), 403, "PERMISSION_DENIED", "manage API keys");
        assertRefused(get("/v1/sys/projects/" + PROJECT + "/api-keys", admin), 403, "PERMISSION_DENIED", "manage API keys");

        String sys = keyValue("sys");
        Answer bySys = post("/v1/sys/projects/p_other/api-keys", sys, "{\"ak_role\":\"asker\"}");
        assertThat(bySys.status()).as(bySys.body()).isEqualTo(200);
        SECRETS.add(bySys.json().get("original_ak_value").asText());
        assertThat(bySys.json().get("project_id").asText()).isEqualTo("p_other");
        assertThat(get("/v1/auth/me", bySys.json().get("original_ak_value").asText()).json().get("project_id").asText()).isEqualTo("p_other");
    }

    @Test
    void anonymousCallersAndTarnUsersWhoAreNotAdministratorsAreTurnedAway() {
        assertRefused(server.anonymous().get("/v1/sys/projects/" + PROJECT + "/api-keys"), 401, "AUTHENTICATION_REQUIRED", "Bearer");
        assertRefused(get("/v1/auth/me", "ask_admin_notakey"), 401, "ASK_KEY_INVALID", "unknown");
        assertRefused(server.anonymous().send(server.anonymous().request("/v1/auth/me").header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString("root:wrong".getBytes(StandardCharsets.UTF_8))).GET()), 401, "INVALID_CREDENTIALS", "");
    }

    @Test
    void hostileOrMistakenInputGetsA400SayingWhatToChange() {
        assertRefused(root.post("/v1/sys/projects/" + PROJECT + "/api-keys", Map.of("ak_role", "owner")), 400, "INVALID_FIELD", "use sys, admin, asker or visitor");
        assertRefused(root.post("/v1/sys/projects/" + PROJECT + "/api-keys", Map.of()), 400, "MISSING_FIELD", "ak_role");
        assertRefused(root.post("/v1/sys/projects/" + PROJECT + "/api-keys", "{not json"), 400, "INVALID_JSON", "not valid JSON");
        assertRefused(root.post("/v1/sys/projects/bad%20project/api-keys", Map.of("ak_role", "admin")), 400, "INVALID_FIELD", "project id");
        assertRefused(root.post("/v1/auth/tokens", Map.of("token_ttl", 0)), 400, "INVALID_FIELD", "token_ttl must be between 1 and 86400");
        assertRefused(root.post("/v1/auth/tokens", Map.of("token_ttl", 86_401)), 400, "INVALID_FIELD", "token_ttl");
        assertRefused(root.post("/v1/auth/tokens", Map.of("chat_role", Map.of("role_id", "r", "role_variables", Map.of("x", List.of(1))))),
                400, "INVALID_FIELD", "role_variables.x must be a string");
        assertRefused(root.post("/v1/auth/tokens", Map.of("user_profile", "Ada")), 400, "INVALID_FIELD", "user_profile must be a JSON object");
        assertRefused(root.post("/v1/ask/keys", Map.of("kind", "publishable")), 400, "MISSING_FIELD", "allowed_origins");
        assertRefused(root.post("/v1/ask/keys", Map.of("kind", "publishable", "allowed_origins", List.of("*.example.com"))), 400, "INVALID_FIELD", "scheme://host");
        assertRefused(root.post("/v1/ask/keys", Map.of("kind", "public")), 400, "INVALID_FIELD", "use secret");
    }

    // ---- temporary tokens

    @Test
    void aTokenCarriesItsChatRoleAndUserProfileIntoAuthMe() {
        JsonNode admin = createKey("admin");
        Answer minted = post("/v1/auth/tokens", admin.get("original_ak_value").asText(), """
                {"ak_role": "asker", "chat_role": {"role_id": "role_sales", "role_variables": {"user_region": "EMEA", "level": 3}},
                 "token_ttl": 600, "user_profile": {"name": "Ada", "tags": ["vip"]}}""");
        assertThat(minted.status()).as(minted.body()).isEqualTo(200);
        assertThat(minted.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode token = minted.json();
        SECRETS.add(token.get("token").asText());
        assertThat(token.get("ak_role").asText()).isEqualTo("asker");
        assertThat(token.get("token_ttl").asLong()).isEqualTo(600);
        assertThat(token.get("exp").asLong() * 1000).isBetween(System.currentTimeMillis() + 598_000, System.currentTimeMillis() + 601_000);

        Answer me = get("/api/v1/auth/me", token.get("token").asText());
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        assertThat(me.json()).isEqualTo(json("{\"ak_role\":\"asker\",\"project_id\":\"" + PROJECT + "\",\"ak_id\":\"" + admin.get("id").asText()
                + "\",\"chat_role\":{\"role_id\":\"role_sales\",\"role_variables\":{\"user_region\":\"EMEA\",\"level\":\"3\"}},"
                + "\"user_profile\":{\"name\":\"Ada\",\"tags\":[\"vip\"]},\"exp\":" + token.get("exp").asLong() + ",\"locked\":true}"));
    }

    @Test
    void anAskerMayMintAskerAndVisitorTokensButNotAnAdminOne() {
        String asker = keyValue("asker");
        assertRefused(post("/v1/auth/tokens", asker, "{\"ak_role\":\"admin\"}"), 403, "ASK_ROLE_TOO_STRONG", "may not mint a admin token");
        assertRefused(post("/v1/sys/projects/" + PROJECT + "/tokens", asker, "{\"ak_role\":\"priv_admin\"}"), 403, "ASK_ROLE_TOO_STRONG", "asker");
        assertThat(get("/v1/auth/me", mint(asker, "{\"ak_role\":\"visitor\"}")).json().get("ak_role").asText()).isEqualTo("visitor");
        assertThat(get("/v1/auth/me", mint(asker, "{}")).json().get("ak_role").asText()).isEqualTo("asker");
        assertRefused(post("/v1/auth/tokens", keyValue("visitor"), "{}"), 403, "PERMISSION_DENIED", "issue tokens");
    }

    @Test
    void anExpiredTokenIsRefusedWith401() throws InterruptedException {
        Answer minted = root.post("/v1/auth/tokens", Map.of("token_ttl", 1));
        assertThat(minted.status()).as(minted.body()).isEqualTo(200);
        String token = minted.json().get("token").asText();
        SECRETS.add(token);
        long expiresAtMillis = minted.json().get("exp").asLong() * 1000;
        Thread.sleep(Math.max(0, expiresAtMillis - System.currentTimeMillis()) + 100);
        assertRefused(get("/v1/auth/me", token), 401, "ASK_TOKEN_EXPIRED", "expired");
    }

    @Test
    void aTamperedTokenIsRefusedWith401() {
        String token = mint(keyValue("asker"), "{\"ak_role\":\"visitor\"}");
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("\"visitor\"", "\"sys\"");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertRefused(get("/v1/auth/me", forged), 401, "ASK_TOKEN_INVALID", "signature");
        assertRefused(get("/v1/auth/me", token.substring(0, token.length() - 2)), 401, "ASK_TOKEN_INVALID", "Invalid token");
    }

    @Test
    void aTokenDiesWithTheKeyThatMintedIt() {
        JsonNode key = createKey("admin");
        String token = mint(key.get("original_ak_value").asText(), "{}");
        assertThat(get("/v1/auth/me", token).status()).isEqualTo(200);
        assertThat(root.delete("/v1/sys/projects/" + PROJECT + "/api-keys/" + key.get("id").asText()).status()).isEqualTo(200);
        assertRefused(get("/v1/auth/me", token), 401, "ASK_TOKEN_INVALID", "was deleted");
    }

    // ---- Ask API keys

    @Test
    void aPublishableKeyAsksFromItsOriginAndIsRefusedFromAnyOtherOrNone() {
        Answer created = root.post("/v1/ask/keys", Map.of("kind", "publishable", "allowed_origins", List.of(SHOP, "http://localhost:3000")));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String key = created.json().get("key").asText();
        SECRETS.add(key);
        assertThat(key).startsWith("pk_live_");
        assertThat(created.json().get("allowed_origins")).isEqualTo(json("[\"" + SHOP + "\",\"http://localhost:3000\"]"));

        Answer fromShop = bearer("GET", "/v1/ask/me", key, SHOP, null);
        assertThat(fromShop.status()).as(fromShop.body()).isEqualTo(200);
        assertThat(fromShop.json().get("ask_only").asBoolean()).isTrue();
        assertThat(fromShop.json().get("ak_role").asText()).isEqualTo("asker");

        assertRefused(bearer("GET", "/v1/ask/me", key, "https://evil.example", null), 403, "ASK_ORIGIN_NOT_ALLOWED", "https://evil.example");
        assertRefused(bearer("GET", "/v1/ask/me", key, null, null), 403, "ASK_ORIGIN_NOT_ALLOWED", "no Origin header");
        assertRefused(bearer("GET", "/v1/auth/me", key, SHOP, null), 403, "PERMISSION_DENIED", "publishable key may not read its own identity");
        assertRefused(bearer("POST", "/v1/auth/tokens", key, SHOP, "{}"), 403, "PERMISSION_DENIED", "publishable key may not issue tokens");
    }

    @Test
    void aSecretKeyActsAsAnAskerFromAnywhereAndAdminsManageAskKeys() {
        Answer created = root.post("/v1/ask/keys", Map.of("kind", "secret"));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        JsonNode secret = created.json();
        String key = secret.get("key").asText();
        SECRETS.add(key);
        assertThat(key).matches("sk_live_[A-Za-z0-9_-]{43}");
        Answer me = get("/v1/ask/me", key);
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        assertThat(me.json().get("ask_only").asBoolean()).isFalse();
        assertThat(get("/v1/auth/me", key).json().get("ak_role").asText()).isEqualTo("asker");
        assertRefused(post("/v1/ask/keys", key, "{\"kind\":\"secret\"}"), 403, "PERMISSION_DENIED", "manage Ask API keys");

        String admin = keyValue("admin");
        Answer byAdmin = post("/v1/ask/keys", admin, "{\"kind\":\"publishable\",\"allowed_origins\":[\"HTTPS://Shop.Example.com:443/\"]}");
        assertThat(byAdmin.status()).as(byAdmin.body()).isEqualTo(200);
        SECRETS.add(byAdmin.json().get("key").asText());
        assertThat(byAdmin.json().get("allowed_origins")).isEqualTo(json("[\"" + SHOP + "\"]"));

        Answer list = get("/v1/ask/keys?size=100", admin);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(key).doesNotContain(byAdmin.json().get("key").asText());
        JsonNode listed = find(list.json().get("items"), secret.get("id").asText());
        assertThat(listed.get("masked_key").asText()).isEqualTo("sk_live_****" + key.substring(key.length() - 4));
        assertThat(listed.has("key")).isFalse();

        assertThat(bearer("DELETE", "/v1/ask/keys/" + secret.get("id").asText(), admin, null, null).status()).isEqualTo(200);
        assertRefused(get("/v1/ask/me", key), 401, "ASK_KEY_INVALID", "deleted");
    }

    @Test
    void keysOutliveARestart() {
        try (TestServer own = TestServer.start()) {
            Answer created = own.root().post("/v1/sys/projects/" + PROJECT + "/api-keys", Map.of("ak_role", "asker"));
            String value = created.json().get("original_ak_value").asText();
            SECRETS.add(value);
            own.stopKeepingData();
            try (TestServer restarted = TestServer.startOn(own.dataDirectory())) {
                HttpRequest.Builder request = restarted.anonymous().request("/v1/auth/me").header("Authorization", "Bearer " + value).GET();
                Answer me = restarted.anonymous().send(request);
                assertThat(me.status()).as(me.body()).isEqualTo(200);
                assertThat(me.json().get("ak_id").asText()).isEqualTo(created.json().get("id").asText());
            }
        }
    }

    // ---- secrets stay secret

    @Test
    void noKeyOrTokenValueEverReachesTheLog() {
        JsonNode key = createKey("admin");
        String value = key.get("original_ak_value").asText();
        get("/v1/auth/me", value);
        mint(value, "{\"user_profile\":{\"name\":\"Ada\"}}");
        get("/v1/auth/me", "ask_admin_" + "guessed");
        root.delete("/v1/sys/projects/" + PROJECT + "/api-keys/" + key.get("id").asText());
        get("/v1/auth/me", value);

        List<String> lines = new ArrayList<>();
        synchronized (LOG) {
            for (ILoggingEvent event : List.copyOf(LOG.list)) {
                lines.add(event.getFormattedMessage());
                for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
                    lines.add(cause.getMessage());
                }
            }
        }
        // the capture works: the key's creation and its requests are there, by id and path only
        assertThat(lines).anyMatch(line -> line.contains("event=ask_key_created") && line.contains("id=" + key.get("id").asText()));
        assertThat(lines).anyMatch(line -> line.contains("event=request method=GET path=/v1/auth/me status=401"));
        for (String secret : SECRETS) {
            assertThat(lines).noneMatch(line -> line != null && line.contains(secret.substring(secret.length() - 20)));
        }
    }

    private static JsonNode find(JsonNode array, String id) {
        for (JsonNode item : array) {
            if (item.get("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("no item " + id + " in " + array);
    }

    private static JsonNode json(String text) {
        try {
            return HttpTestClient.JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
