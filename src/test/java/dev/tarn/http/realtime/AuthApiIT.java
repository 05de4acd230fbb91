package dev.tarn.http.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tarn.config.ConfigKey;
import dev.tarn.support.HttpTestClient;
import dev.tarn.support.HttpTestClient.Answer;
import dev.tarn.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The realtime API's auth endpoints, over HTTP, as its clients use them. */
class AuthApiIT {
    private static final String SECRET = "a known test secret of at least thirty-two bytes";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(ConfigKey.AUTH_JWT_SECRET, SECRET, ConfigKey.AUTH_LOCKOUT_ATTEMPTS, "3"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ---- login

    @Test
    void loginAnswersTheUserAndATokenPairAndSetsTwoHttpOnlyStrictCookies() {
        createUser("alice", "alice-secret-1", "user", "alice@example.com");
        Answer answer = login("alice", "alice-secret-1");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode json = answer.json();
        JsonNode user = json.get("user");
        assertThat(user.get("id").asText()).isEqualTo("alice");
        assertThat(user.get("role").asText()).isEqualTo("user");
        assertThat(user.get("email").asText()).isEqualTo("alice@example.com");
        assertThat(user.get("created_at").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+00:00");
        assertThat(user.get("updated_at").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+00:00");
        assertThat(json.get("admin_ui_access").asBoolean()).isFalse();
        Instant expiresAt = OffsetDateTime.parse(json.get("expires_at").asText()).toInstant();
        Instant refreshExpiresAt = OffsetDateTime.parse(json.get("refresh_expires_at").asText()).toInstant();
        assertThat(Duration.between(Instant.now(), expiresAt)).isBetween(Duration.ofHours(24).minusMinutes(1), Duration.ofHours(24));
        assertThat(Duration.between(expiresAt, refreshExpiresAt)).isEqualTo(Duration.ofHours(24 * 6));
        assertThat(json.get("access_token").asText()).isNotEqualTo(json.get("refresh_token").asText());

        String accessCookie = cookie(answer, "kalamdb_auth");
        assertThat(accessCookie).startsWith("kalamdb_auth=" + json.get("access_token").asText() + ";")
                .contains("; Path=/", "; HttpOnly", "; SameSite=Strict").doesNotContain("Secure");
        assertThat(accessCookie).containsPattern("Max-Age=(86399|86400);");
        assertThat(cookie(answer, "kalamdb_refresh")).startsWith("kalamdb_refresh=" + json.get("refresh_token").asText() + ";")
                .contains("; HttpOnly", "; SameSite=Strict").containsPattern("Max-Age=60479[0-9];|Max-Age=604800;");
    }

    @Test
    void administratorsGetAdminUiAccessAndUsernameIsAnAliasOfUser() {
        Answer answer = anonymous().post("/v1/api/auth/login", Map.of("username", "root", "password", TestServer.ROOT_PASSWORD));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("user").get("role").asText()).isEqualTo("system");
        assertThat(answer.json().get("user").get("email").isNull()).isTrue();
        assertThat(answer.json().get("admin_ui_access").asBoolean()).isTrue();
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSame401() {
        createUser("bruno", "bruno-secret-1", "user", null);
        for (Answer answer : List.of(login("bruno", "not-his-password"), login("nobody-at-all", "whatever-password"))) {
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.json().get("error").asText()).isEqualTo("unauthorized");
            assertThat(answer.json().get("message").asText()).isEqualTo("Invalid user name or password");
            assertThat(answer.headers().allValues("Set-Cookie")).isEmpty();
        }
    }

    @Test
    void theLoginBodyIsCheckedStrictly() {
        assertBadRequest(anonymous().post("/v1/api/auth/login", Map.of("user", "root", "password", "x-password", "remember", true)), "remember");
        assertBadRequest(anonymous().post("/v1/api/auth/login", Map.of("user", "root")), "password");
        assertBadRequest(anonymous().post("/v1/api/auth/login", Map.of("user", "u".repeat(129), "password", "some-password")), "128");
        assertBadRequest(anonymous().post("/v1/api/auth/login", Map.of("user", "root", "password", "p".repeat(257))), "256");
        assertBadRequest(anonymous().post("/v1/api/auth/login", Map.of("user", 42, "password", "some-password")), "string");
        assertBadRequest(anonymous().post("/v1/api/auth/login", "{\"user\":\"root\",\"user\":\"alice\",\"password\":\"x\"}"), "user");
        assertBadRequest(anonymous().post("/v1/api/auth/login", "user=root&password=x"), "JSON");
    }

    @Test
    void afterTheConfiguredFailuresTheAccountIsLockedEvenForTheRightPassword() {
        createUser("lena", "lena-secret-1", "user", null);
        createUser("lars", "lars-secret-1", "user", null);
        for (int attempt = 0; attempt < 3; attempt++) {
            assertThat(login("lena", "wrong-password-" + attempt).json().get("error").asText()).isEqualTo("unauthorized");
        }
        Answer locked = login("lena", "lena-secret-1");
        assertThat(locked.status()).isEqualTo(401);
        assertThat(locked.json().get("error").asText()).isEqualTo("account_locked");
        assertThat(locked.json().get("message").asText()).contains("locked");
        assertThat(login("lars", "lars-secret-1").status()).as("other accounts go on").isEqualTo(200);
    }

    // ---- me

    @Test
    void meAnswersTheUserForABearerAccessToken() {
        createUser("mira", "mira-secret-1", "service", "mira@example.com");
        JsonNode session = login("mira", "mira-secret-1").json();
        Answer me = bearer("/v1/api/auth/me", session.get("access_token").asText(), "GET");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("user")).isEqualTo(session.get("user"));
        assertThat(me.json().get("admin_ui_access").asBoolean()).isFalse();
        assertThat(me.json().size()).isEqualTo(2);
    }

    @Test
    void anEmailSetWithAlterUserShowsInTheProfile() {
        createUser("emil", "emil-secret-1", "user", null);
        String token = login("emil", "emil-secret-1").json().get("access_token").asText();
        assertStatementSucceeded(server.root().query("ALTER USER emil SET EMAIL 'emil@example.com'"));
        JsonNode user = bearer("/v1/api/auth/me", token, "GET").json().get("user");
        assertThat(user.get("email").asText()).isEqualTo("emil@example.com");
        assertThat(OffsetDateTime.parse(user.get("updated_at").asText())).isAfterOrEqualTo(OffsetDateTime.parse(user.get("created_at").asText()));
        String invalid = server.root().query("ALTER USER emil SET EMAIL 'not an address'").lines().get(1).get("error").asText();
        assertThat(invalid).contains("email address");
    }

    @Test
    void meAcceptsTheAccessCookieInstead() {
        createUser("milo", "milo-secret-1", "user", null);
        Answer login = login("milo", "milo-secret-1");
        Answer me = withCookies("/v1/api/auth/me", "GET", "kalamdb_auth=" + login.json().get("access_token").asText());
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("user").get("id").asText()).isEqualTo("milo");
    }

    @Test
    void meWithoutATokenOrWithBasicCredentialsIs401() {
        Answer none = anonymous().get("/v1/api/auth/me");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().get("error").asText()).isEqualTo("unauthorized");
        assertThat(server.root().get("/v1/api/auth/me").status()).isEqualTo(401);
    }

    // ---- refresh

    @Test
    void refreshWithTheCookieRotatesThePairAndResetsBothCookies() {
        createUser("rita", "rita-secret-1", "user", null);
        JsonNode first = login("rita", "rita-secret-1").json();
        Answer refreshed = withCookies("/v1/api/auth/refresh", "POST", "kalamdb_refresh=" + first.get("refresh_token").asText());
        assertThat(refreshed.status()).isEqualTo(200);
        JsonNode second = refreshed.json();
        assertThat(second.get("user").get("id").asText()).isEqualTo("rita");
        assertThat(second.get("access_token").asText()).isNotEqualTo(first.get("access_token").asText());
        assertThat(second.get("refresh_token").asText()).isNotEqualTo(first.get("refresh_token").asText());
        assertThat(cookie(refreshed, "kalamdb_auth")).startsWith("kalamdb_auth=" + second.get("access_token").asText() + ";");
        assertThat(cookie(refreshed, "kalamdb_refresh")).startsWith("kalamdb_refresh=" + second.get("refresh_token").asText() + ";");
        assertThat(bearer("/v1/api/auth/me", second.get("access_token").asText(), "GET").status()).isEqualTo(200);
    }

    @Test
    void aRefreshTokenWorksOnceAndItsReuseEndsTheSession() {
        createUser("remy", "remy-secret-1", "user", null);
        JsonNode first = login("remy", "remy-secret-1").json();
        String firstRefresh = first.get("refresh_token").asText();
        JsonNode second = bearer("/v1/api/auth/refresh", firstRefresh, "POST").json();

        Answer reused = bearer("/v1/api/auth/refresh", firstRefresh, "POST");
        assertThat(reused.status()).isEqualTo(401);
        assertThat(reused.json().get("error").asText()).isEqualTo("unauthorized");
        assertThat(reused.json().get("message").asText()).contains("already used");
        // the pair the first refresh gave may be in the wrong hands as well
        assertThat(bearer("/v1/api/auth/refresh", second.get("refresh_token").asText(), "POST").status()).isEqualTo(401);
        assertThat(bearer("/v1/api/auth/me", second.get("access_token").asText(), "GET").status()).isEqualTo(401);
        assertThat(login("remy", "remy-secret-1").status()).as("logging in again opens a new session").isEqualTo(200);
    }

    @Test
    void anAccessTokenIsNotARefreshTokenAndARefreshTokenIsNotAnAccessToken() {
        createUser("tess", "tess-secret-1", "user", null);
        JsonNode session = login("tess", "tess-secret-1").json();
        Answer refreshWithAccess = bearer("/v1/api/auth/refresh", session.get("access_token").asText(), "POST");
        assertThat(refreshWithAccess.status()).isEqualTo(401);
        assertThat(refreshWithAccess.json().get("message").asText()).contains("not a refresh token");
        assertThat(bearer("/v1/api/auth/me", session.get("refresh_token").asText(), "GET").status()).isEqualTo(401);
        assertThat(anonymous().post("/v1/api/auth/refresh", "").status()).isEqualTo(401);
    }

    @Test
    void refreshIsRefusedAfterTheUsersRoleChanged() {
        createUser("rolf", "rolf-secret-1", "user", null);
        JsonNode session = login("rolf", "rolf-secret-1").json();
        assertStatementSucceeded(server.root().query("ALTER USER rolf SET ROLE service"));
        Answer refresh = bearer("/v1/api/auth/refresh", session.get("refresh_token").asText(), "POST");
        assertThat(refresh.status()).isEqualTo(401);
        assertThat(refresh.json().get("message").asText()).contains("role");
        assertThat(bearer("/v1/api/auth/me", session.get("access_token").asText(), "GET").status()).isEqualTo(401);
    }

    @Test
    void refreshIsRefusedAfterTheUserWasDropped() {
        createUser("dora", "dora-secret-1", "user", null);
        JsonNode session = login("dora", "dora-secret-1").json();
        assertStatementSucceeded(server.root().query("DROP USER dora"));
        Answer refresh = bearer("/v1/api/auth/refresh", session.get("refresh_token").asText(), "POST");
        assertThat(refresh.status()).isEqualTo(401);
        assertThat(refresh.json().get("message").asText()).contains("no longer exists");
        assertThat(bearer("/v1/api/auth/me", session.get("access_token").asText(), "GET").status()).isEqualTo(401);
    }

    @Test
    void aTamperedTokenIsRefused() {
        createUser("tina", "tina-secret-1", "user", null);
        String token = login("tina", "tina-secret-1").json().get("access_token").asText();
        String[] parts = token.split("\\.");
        String promoted = forge(claims -> claims.subject("tina").claim("role", "system")).split("\\.")[1];
        Answer answer = bearer("/v1/api/auth/me", parts[0] + "." + promoted + "." + parts[2], "GET");
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().get("message").asText()).contains("signature");
    }

    @Test
    void anExpiredTokenIsRefused() {
        createUser("ezra", "ezra-secret-1", "user", null);
        Instant longAgo = Instant.now().minus(Duration.ofHours(3));
        String expired = forge(claims -> claims.subject("ezra").issueTime(Date.from(longAgo))
                .expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(2)))));
        Answer answer = bearer("/v1/api/auth/me", expired, "GET");
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().get("message").asText()).contains("expired");
        String stillValid = forge(claims -> claims.subject("ezra").issueTime(Date.from(longAgo))
                .expirationTime(Date.from(Instant.now().minus(Duration.ofSeconds(30)))));
        assertThat(bearer("/v1/api/auth/me", stillValid, "GET").status()).as("within the 60 s leeway").isEqualTo(200);
    }

    // ---- logout

    @Test
    void logoutClearsBothCookiesAndEndsTheSession() {
        createUser("lola", "lola-secret-1", "user", null);
        JsonNode session = login("lola", "lola-secret-1").json();
        Answer logout = withCookies("/v1/api/auth/logout", "POST",
                "kalamdb_auth=" + session.get("access_token").asText() + "; kalamdb_refresh=" + session.get("refresh_token").asText());
        assertThat(logout.status()).isEqualTo(200);
        assertThat(logout.json().get("message").asText()).isEqualTo("Logged out successfully");
        assertThat(cookie(logout, "kalamdb_auth")).startsWith("kalamdb_auth=;").contains("Max-Age=0", "HttpOnly", "SameSite=Strict");
        assertThat(cookie(logout, "kalamdb_refresh")).startsWith("kalamdb_refresh=;").contains("Max-Age=0");
        assertThat(bearer("/v1/api/auth/me", session.get("access_token").asText(), "GET").status()).isEqualTo(401);
        assertThat(bearer("/v1/api/auth/refresh", session.get("refresh_token").asText(), "POST").status()).isEqualTo(401);
    }

    @Test
    void logoutWithoutAnySessionStillSucceeds() {
        Answer logout = anonymous().post("/v1/api/auth/logout", "");
        assertThat(logout.status()).isEqualTo(200);
        assertThat(logout.headers().allValues("Set-Cookie")).hasSize(2);
    }

    // ---- password rules through SQL

    @Test
    void commonPasswordsAreRefusedByCreateUserAndAlterUser() {
        String create = server.root().query("CREATE USER weakling WITH PASSWORD 'password123' ROLE user").lines().get(1).get("error").asText();
        assertThat(create).contains("commonly used");
        createUser("walt", "walt-secret-1", "user", null);
        String alter = server.root().query("ALTER USER walt SET PASSWORD 'Qwerty123'").lines().get(1).get("error").asText();
        assertThat(alter).contains("commonly used");
        assertThat(login("walt", "walt-secret-1").status()).isEqualTo(200);
    }

    // ---- rate limit, secret, setup: servers of their own

    @Test
    void theAuthRoutesAreRateLimitedPerAddress() {
        try (TestServer limited = TestServer.start(Map.of(ConfigKey.AUTH_RATE_LIMIT_PER_SECOND, "2"))) {
            HttpTestClient client = limited.anonymous();
            List<Answer> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(client.post("/v1/api/auth/logout", ""));
            }
            assertThat(answers.get(0).status()).isEqualTo(200);
            Answer refused = answers.stream().filter(answer -> answer.status() == 429).findFirst().orElseThrow();
            assertThat(refused.json().get("error").asText()).isEqualTo("rate_limited");
            assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
            assertThat(client.get("/health").status()).as("health is not an auth route").isEqualTo(200);
        }
    }

    @Test
    void theGeneratedSecretIsKeptPrivatelyInTheDataDirectoryAndTokensSurviveARestart() throws Exception {
        TestServer first = TestServer.start();
        String token = first.anonymous().post("/v1/api/auth/login", Map.of("user", "root", "password", TestServer.ROOT_PASSWORD))
                .json().get("access_token").asText();
        Path secret = first.dataDirectory().resolve("system").resolve("jwt-secret");
        assertThat(secret).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        assertThat(first.console()).doesNotContain(Files.readString(secret, StandardCharsets.US_ASCII).strip());
        first.stopKeepingData();
        try (TestServer second = TestServer.startOn(first.dataDirectory())) {
            Answer me = second.anonymous().send(second.anonymous().request("/v1/api/auth/me").header("Authorization", "Bearer " + token).GET());
            assertThat(me.status()).isEqualTo(200);
        }
    }

    @Test
    void setupFlowOfAServerThatWaitsForIt() {
        try (TestServer fresh = TestServer.start(Map.of(ConfigKey.ROOT_PASSWORD, "", ConfigKey.ROOT_WAIT_FOR_SETUP, "true"))) {
            HttpTestClient client = fresh.anonymous();
            JsonNode status = client.get("/v1/api/auth/status").json();
            assertThat(status.get("needs_setup").asBoolean()).isTrue();
            assertThat(status.get("message").asText()).contains("/v1/api/auth/setup");

            for (String password : new String[] {"", "any-password-at-all"}) {
                Answer rootLogin = client.post("/v1/api/auth/login", Map.of("user", "root", "password", password));
                assertThat(rootLogin.status()).isEqualTo(428);
                assertThat(rootLogin.json().get("error").asText()).isEqualTo("setup_required");
            }
            assertThat(fresh.as("root", "").query("SELECT 1").status()).as("Basic auth as root fails too").isEqualTo(401);

            assertSetupRefused(client, Map.of("user", "admin", "password", "short", "root_password", "Root-Pass-2026"), 400, "weak_password");
            assertSetupRefused(client, Map.of("user", "admin", "password", "Password123", "root_password", "Root-Pass-2026"), 400, "weak_password");
            assertSetupRefused(client, Map.of("user", "admin", "password", "Admin-Pass-2026", "root_password", "qwerty123"), 400, "weak_password");
            assertSetupRefused(client, Map.of("user", "root", "password", "Admin-Pass-2026", "root_password", "Root-Pass-2026"), 400, "invalid_user");
            assertSetupRefused(client, Map.of("user", "no spaces", "password", "Admin-Pass-2026", "root_password", "Root-Pass-2026"), 400, "invalid_user");
            assertSetupRefused(client, Map.of("user", "admin", "password", "Admin-Pass-2026"), 400, "invalid_request");

            Answer setup = client.post("/v1/api/auth/setup", Map.of("user", "admin", "password", "Admin-Pass-2026",
                    "root_password", "Root-Pass-2026", "email", "admin@example.com"));
            assertThat(setup.status()).isEqualTo(200);
            assertThat(setup.json().get("user").get("id").asText()).isEqualTo("admin");
            assertThat(setup.json().get("user").get("role").asText()).isEqualTo("dba");
            assertThat(setup.json().get("user").get("email").asText()).isEqualTo("admin@example.com");
            assertThat(setup.json().get("message").asText()).contains("Log in");
            assertThat(setup.json().has("access_token")).as("setup logs nobody in").isFalse();
            assertThat(setup.headers().allValues("Set-Cookie")).isEmpty();

            assertThat(client.get("/v1/api/auth/status").json().get("needs_setup").asBoolean()).isFalse();
            assertSetupRefused(client, Map.of("user", "other", "password", "Other-Pass-2026", "root_password", "Other-Root-2026"),
                    409, "already_configured");

            JsonNode root = client.post("/v1/api/auth/login", Map.of("user", "root", "password", "Root-Pass-2026")).json();
            assertThat(root.get("user").get("role").asText()).isEqualTo("system");
            JsonNode admin = client.post("/v1/api/auth/login", Map.of("user", "admin", "password", "Admin-Pass-2026")).json();
            assertThat(admin.get("admin_ui_access").asBoolean()).isTrue();
            assertThat(fresh.as("root", "Root-Pass-2026").query("SELECT 1").status()).isEqualTo(200);
        }
    }

    @Test
    void setupOnAServerThatHasARootPasswordIsAConflict() {
        JsonNode status = anonymous().get("/v1/api/auth/status").json();
        assertThat(status.get("needs_setup").asBoolean()).isFalse();
        assertSetupRefused(anonymous(), Map.of("user", "admin", "password", "Admin-Pass-2026", "root_password", "Root-Pass-2026"),
                409, "already_configured");
    }

    // ---- helpers

    private static HttpTestClient anonymous() {
        return server.anonymous();
    }

    private static Answer login(String user, String password) {
        return anonymous().post("/v1/api/auth/login", Map.of("user", user, "password", password));
    }

    private static void createUser(String name, String password, String role, String email) {
        String statement = "CREATE USER " + name + " WITH PASSWORD '" + password + "' ROLE " + role + (email == null ? "" : " EMAIL '" + email + "'");
        assertStatementSucceeded(server.root().query(statement));
    }

    private static void assertStatementSucceeded(Answer answer) {
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.lines()).as(answer.body()).hasSizeGreaterThan(2);
        assertThat(answer.lines().get(1).has("error")).as(answer.body()).isFalse();
    }

    private static Answer bearer(String path, String token, String method) {
        HttpRequest.Builder request = anonymous().request(path).header("Authorization", "Bearer " + token);
        return anonymous().send(method.equals("GET") ? request.GET() : request.POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static Answer withCookies(String path, String method, String cookies) {
        HttpRequest.Builder request = anonymous().request(path).header("Cookie", cookies);
        return anonymous().send(method.equals("GET") ? request.GET() : request.POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static String cookie(Answer answer, String name) {
        return answer.headers().allValues("Set-Cookie").stream().filter(cookie -> cookie.startsWith(name + "=")).findFirst()
                .orElseThrow(() -> new AssertionError("no cookie " + name + " in " + answer.headers().allValues("Set-Cookie")));
    }

    private static void assertBadRequest(Answer answer, String mentioned) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().get("error").asText()).isEqualTo("invalid_request");
        assertThat(answer.json().get("message").asText()).contains(mentioned);
    }

    private static void assertSetupRefused(HttpTestClient client, Map<String, String> body, int status, String error) {
        Answer answer = client.post("/v1/api/auth/setup", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.json().get("error").asText()).as(answer.body()).isEqualTo(error);
        assertThat(answer.json().get("message").asText()).isNotBlank();
    }

    /** A token signed with the server's configured secret, with the claims a test wants. */
    private static String forge(java.util.function.Consumer<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer("tarn")
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1))))
                .jwtID(UUID.randomUUID().toString())
                .claim("role", "user")
                .claim("token_type", "access")
                .claim("sid", UUID.randomUUID().toString());
        change.accept(claims);
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
            jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
