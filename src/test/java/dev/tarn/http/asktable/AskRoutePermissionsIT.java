package dev.tarn.http.asktable;

import dev.tarn.ask.keys.AskRole;
import dev.tarn.support.BearerClient;
import dev.tarn.support.HttpTestClient;
import dev.tarn.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every AskTable and Ask route tried with a key of every role: a role weaker than the route's
 * weakest allowed role gets 403 before anything else is looked at; the allowed ones get past the
 * role check (a 404 for the made-up ids below is fine, a 401 or 403 is not). Without a credential
 * every route is 401.
 */
class AskRoutePermissionsIT {
    private record Call(String method, String path, Object body, AskRole weakest) {
    }

    private static final Object NO_BODY = null;
    private static final List<Call> ROUTES = List.of(
            new Call("POST", "/v1/sys/projects/p_default/api-keys", Map.of("ak_role", "visitor"), AskRole.SYS),
            new Call("GET", "/v1/sys/projects/p_default/api-keys", NO_BODY, AskRole.SYS),
            new Call("DELETE", "/v1/sys/projects/p_default/api-keys/ak_nope", NO_BODY, AskRole.SYS),
            new Call("GET", "/v1/auth/me", NO_BODY, AskRole.VISITOR),
            new Call("POST", "/v1/auth/tokens", Map.of("ak_role", "visitor"), AskRole.ASKER),
            new Call("POST", "/v1/ask/keys", Map.of("kind", "secret"), AskRole.ADMIN),
            new Call("GET", "/v1/ask/keys", NO_BODY, AskRole.ADMIN),
            new Call("DELETE", "/v1/ask/keys/key_nope", NO_BODY, AskRole.ADMIN),
            new Call("POST", "/v1/datasources", Map.of("engine", "csv"), AskRole.ASKER),
            new Call("GET", "/v1/datasources", NO_BODY, AskRole.ADMIN),
            new Call("GET", "/v1/datasources/ds_nope", NO_BODY, AskRole.ADMIN),
            new Call("PATCH", "/v1/datasources/ds_nope", Map.of("name", "x"), AskRole.ADMIN),
            new Call("DELETE", "/v1/datasources/ds_nope", NO_BODY, AskRole.ADMIN),
            new Call("POST", "/v1/datasources/ds_nope/meta", Map.of(), AskRole.ADMIN),
            new Call("GET", "/v1/datasources/ds_nope/meta", NO_BODY, AskRole.ADMIN),
            new Call("POST", "/v1/datasources/ds_nope/indexes", Map.of("schema_name", "s", "table_name", "t", "field_name", "f"), AskRole.ADMIN),
            new Call("GET", "/v1/datasources/ds_nope/indexes", NO_BODY, AskRole.ADMIN),
            new Call("POST", "/v1/datasources/ds_nope/test-connection", Map.of(), AskRole.ADMIN),
            new Call("POST", "/v1/datasources/ds_nope/synonyms", Map.of("phrase", "p", "table", "t"), AskRole.ADMIN),
            new Call("GET", "/v1/datasources/ds_nope/synonyms", NO_BODY, AskRole.ADMIN),
            new Call("POST", "/v1/roles", Map.of("name", "r"), AskRole.ADMIN),
            new Call("GET", "/v1/roles", NO_BODY, AskRole.ADMIN),
            new Call("DELETE", "/v1/roles/role_nope", NO_BODY, AskRole.ADMIN),
            new Call("POST", "/v1/policies", Map.of("name", "p", "permission", "allow", "dataset_config", Map.of("datasource_ids", List.of("ds_nope"))),
                    AskRole.ADMIN),
            new Call("GET", "/v1/policies", NO_BODY, AskRole.ADMIN),
            new Call("POST", "/v1/training?datasource_id=ds_nope", List.of(Map.of("question", "q", "sql", "SELECT 1")), AskRole.ADMIN),
            new Call("GET", "/v1/training?datasource_id=ds_nope", NO_BODY, AskRole.ADMIN),
            new Call("POST", "/v1/single-turn/q2s", Map.of("datasource_id", "ds_nope", "question", "how many orders"), AskRole.ASKER),
            new Call("POST", "/v1/single-turn/q2a", Map.of("datasource_id", "ds_nope", "question", "how many orders"), AskRole.ASKER),
            new Call("POST", "/v1/single-turn/q2w", Map.of("datasource_id", "ds_nope", "question", "how many orders"), AskRole.ASKER),
            new Call("GET", "/v1/single-turn/q2a", NO_BODY, AskRole.ASKER),
            new Call("POST", "/v1/ask", Map.of("table", "ds_nope", "question", "how many orders", "customer", "c", "user", "u"), AskRole.ASKER),
            new Call("GET", "/v1/ask/usage?customer=c", NO_BODY, AskRole.ADMIN));

    private static TestServer server;
    private static final Map<AskRole, BearerClient> CLIENTS = new EnumMap<>(AskRole.class);

    @BeforeAll
    static void keysOfEveryRole() {
        server = TestServer.start();
        for (AskRole role : AskRole.values()) {
            HttpTestClient.Answer key = server.root().post("/v1/sys/projects/p_default/api-keys", Map.of("ak_role", role.wireName()));
            assertThat(key.status()).as(key.body()).isEqualTo(200);
            CLIENTS.put(role, new BearerClient(server.baseUrl(), key.json().get("original_ak_value").asText()));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aRoleWeakerThanTheRoutesIsRefusedAndTheOthersGetPastTheRoleCheck() {
        for (Call call : ROUTES) {
            for (AskRole role : AskRole.values()) {
                HttpTestClient.Answer answer = send(CLIENTS.get(role), call);
                String what = role.wireName() + " " + call.method() + " " + call.path() + " -> " + answer.body();
                if (role.includes(call.weakest())) {
                    assertThat(answer.status()).as(what).isNotIn(401, 403);
                } else {
                    assertThat(answer.status()).as(what).isEqualTo(403);
                }
            }
        }
    }

    @Test
    void everyRouteWantsACredential() {
        BearerClient nobody = new BearerClient(server.baseUrl(), null);
        BearerClient forged = new BearerClient(server.baseUrl(), "ask_admin_" + "0".repeat(43));
        for (Call call : ROUTES) {
            assertThat(send(nobody, call).status()).as(call.method() + " " + call.path()).isEqualTo(401);
            assertThat(send(forged, call).status()).as(call.method() + " " + call.path()).isEqualTo(401);
            if (!call.path().startsWith("/v1/ask")) {
                // the self-hosted image's prefix: the same route, the same refusal
                Call proxied = new Call(call.method(), "/api" + call.path(), call.body(), call.weakest());
                assertThat(send(nobody, proxied).status()).as(proxied.path()).isEqualTo(401);
            }
        }
    }

    private static HttpTestClient.Answer send(BearerClient client, Call call) {
        return switch (call.method().toUpperCase(Locale.ROOT)) {
            case "GET" -> client.get(call.path());
            case "DELETE" -> client.delete(call.path());
            case "PATCH" -> client.patch(call.path(), call.body());
            default -> client.post(call.path(), call.body() == null ? Map.of() : call.body());
        };
    }
}
