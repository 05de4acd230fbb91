package dev.tarn.http.lakehouse;

import dev.tarn.support.HttpTestClient.Answer;
import dev.tarn.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every Lakehouse route needs Basic credentials of a stored user; administrators manage users with SQL. */
class AuthenticationIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyRouteAnswers401WithoutCredentials() {
        for (String path : new String[] {"/query", "/validate", "/explain", "/autocomplete"}) {
            Answer answer = server.anonymous().post(path, Map.of("statement", "SELECT 1"));
            assertThat(answer.status()).as(path).isEqualTo(401);
            assertThat(answer.json().get("error").asText()).as(path).contains("Authentication required");
        }
        assertThat(server.anonymous().get("/query/" + java.util.UUID.randomUUID()).status()).isEqualTo(401);
        assertThat(server.anonymous().delete("/query/" + java.util.UUID.randomUUID() + "?session_id=x").status()).isEqualTo(401);
    }

    @Test
    void aWrongPasswordOrUnknownUserIs401() {
        assertThat(server.as("root", "wrong-password").query("SELECT 1").status()).isEqualTo(401);
        assertThat(server.as("nobody", "whatever-password").query("SELECT 1").status()).isEqualTo(401);
        Answer garbage = server.anonymous().send(server.anonymous().request("/query").header("Authorization", "Basic !!!not-base64")
                .POST(HttpRequest.BodyPublishers.ofString("{\"statement\":\"SELECT 1\"}")));
        assertThat(garbage.status()).isEqualTo(401);
    }

    @Test
    void bearerWithTheBasicTokenIsAcceptedLikeOlderDocsShow() {
        String token = Base64.getEncoder().encodeToString(("root:" + TestServer.ROOT_PASSWORD).getBytes(StandardCharsets.UTF_8));
        Answer answer = server.anonymous().send(server.anonymous().request("/query").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"statement\":\"SELECT 1\"}")));
        assertThat(answer.status()).isEqualTo(200);
    }

    @Test
    void anAdministratorCreatesAUserWhoCanThenQuery() {
        Answer created = server.root().query("CREATE USER alice WITH PASSWORD 'alice-password-1' ROLE user");
        assertThat(created.lines().get(2).get(0).asText()).isEqualTo("User 'alice' created with role user");
        Answer asAlice = server.as("alice", "alice-password-1").query("SELECT current_user IS NOT NULL");
        assertThat(asAlice.status()).isEqualTo(200);
        assertThat(asAlice.lines().get(2).get(0).asBoolean()).isTrue();
    }

    @Test
    void ordinaryUsersCannotCreateUsersOrPromoteThemselves() {
        server.root().query("CREATE USER bob WITH PASSWORD 'bob-password-1' ROLE user");
        var bob = server.as("bob", "bob-password-1");
        assertThat(bob.query("CREATE USER mallory WITH PASSWORD 'mallory-password' ROLE dba").lines().get(1).get("error").asText())
                .startsWith("Permission Error");
        assertThat(bob.query("ALTER USER bob SET ROLE dba").lines().get(1).get("error").asText()).startsWith("Permission Error");
        assertThat(server.as("mallory", "mallory-password").query("SELECT 1").status()).isEqualTo(401);
    }

    @Test
    void aUserMayChangeTheirOwnPasswordAndTheOldOneStopsWorking() {
        server.root().query("CREATE USER carol WITH PASSWORD 'carol-password-1' ROLE user");
        var carol = server.as("carol", "carol-password-1");
        assertThat(carol.query("SELECT 1").status()).isEqualTo(200);
        assertThat(carol.query("ALTER USER carol SET PASSWORD 'carol-password-2'").lines().get(2).get(0).asText()).contains("changed");
        assertThat(carol.query("SELECT 1").status()).isEqualTo(401);
        assertThat(server.as("carol", "carol-password-2").query("SELECT 1").status()).isEqualTo(200);
    }

    @Test
    void droppedUsersCanNoLongerAuthenticate() {
        server.root().query("CREATE USER dave WITH PASSWORD 'dave-password-1' ROLE service");
        assertThat(server.as("dave", "dave-password-1").query("SELECT 1").status()).isEqualTo(200);
        server.root().query("DROP USER dave");
        assertThat(server.as("dave", "dave-password-1").query("SELECT 1").status()).isEqualTo(401);
    }

    @Test
    void passwordRulesAreEnforcedWithAClearMessage() {
        String error = server.root().query("CREATE USER erin WITH PASSWORD 'short' ROLE user").lines().get(1).get("error").asText();
        assertThat(error).isEqualTo("A password must be 8 to 72 bytes long, not 5");
    }

    @Test
    void aMalformedUserStatementSaysWhatWasExpected() {
        String error = server.root().query("CREATE USER frank WITH 'x' ROLE user").lines().get(1).get("error").asText();
        assertThat(error).startsWith("Parser Error: Expected PASSWORD, found ''x''");
    }

    @Test
    void theFirstStartPrintsAGeneratedRootPasswordThatWorks() {
        try (TestServer fresh = TestServer.start(Map.of(dev.tarn.config.ConfigKey.ROOT_PASSWORD, ""))) {
            String console = fresh.console();
            String password = console.lines().map(String::trim).filter(line -> line.matches("[A-Za-z0-9]{24}")).findFirst().orElseThrow();
            assertThat(fresh.as("root", password).query("SELECT 1").status()).isEqualTo(200);
            assertThat(fresh.as("root", TestServer.ROOT_PASSWORD).query("SELECT 1").status()).isEqualTo(401);
        }
    }
}
