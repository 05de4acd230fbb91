package dev.tarn.http.asktable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tarn.support.HttpTestClient;
import dev.tarn.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Roles and policies over real HTTP, as an administrator (root's Basic credentials act as sys). */
class AccessApiIT {
    private static TestServer server;
    private static HttpTestClient root;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        root = server.root();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Map<String, Object> emeaPolicy(String name) {
        return Map.of("name", name, "permission", "allow", "dataset_config", Map.of(
                "datasource_ids", List.of("ds_shop"),
                "regex_patterns", Map.of("schemas_regex_pattern", "public", "tables_regex_pattern", "orders|customers"),
                "rows_filters", Map.of("ds_shop", List.of("public.orders.region = '{{region}}'", "*.*.*uid* = {{user_id}}"))));
    }

    private static HttpTestClient.Answer patch(String path, Object body) {
        try {
            return root.send(root.request(path).method("PATCH", HttpRequest.BodyPublishers.ofString(HttpTestClient.JSON.writeValueAsString(body)))
                    .header("Content-Type", "application/json"));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aPolicyAndARoleAreCreatedReadListedAndChanged() {
        HttpTestClient.Answer created = root.post("/v1/policies", emeaPolicy("emea_orders"));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        JsonNode policy = created.json();
        assertThat(policy.path("id").asText()).startsWith("policy_");
        assertThat(policy.path("project_id").asText()).isEqualTo("p_default");
        assertThat(policy.path("permission").asText()).isEqualTo("allow");
        assertThat(policy.path("dataset_config").path("rows_filters").path("ds_shop"))
                .extracting(JsonNode::asText).containsExactly("public.orders.region = '{{region}}'", "*.*.*uid* = {{user_id}}");
        assertThat(policy.path("dataset_config").path("regex_patterns").path("tables_regex_pattern").asText()).isEqualTo("orders|customers");
        assertThat(policy.has("created_at") && policy.has("modified_at")).isTrue();
        String policyId = policy.path("id").asText();

        JsonNode role = root.post("/v1/roles", Map.of("name", "emea_sales", "description", "EMEA sales team", "policy_ids", List.of(policyId))).json();
        String roleId = role.path("id").asText();
        assertThat(roleId).startsWith("role_");
        assertThat(role.path("policy_ids")).extracting(JsonNode::asText).containsExactly(policyId);

        // both prefixes serve the same objects
        assertThat(root.get("/api/v1/roles/" + roleId).json()).isEqualTo(root.get("/v1/roles/" + roleId).json());
        assertThat(root.get("/v1/policies/" + policyId).json().path("name").asText()).isEqualTo("emea_orders");
        assertThat(root.get("/v1/roles/" + roleId + "/policies").json()).extracting(node -> node.path("id").asText()).containsExactly(policyId);
        assertThat(root.get("/v1/roles/" + roleId + "/variables").json()).extracting(JsonNode::asText).containsExactly("region", "user_id");
        assertThat(root.get("/v1/roles/" + roleId + "/variables?datasource_ids=ds_other").json()).isEmpty();

        JsonNode renamed = patch("/v1/roles/" + roleId, Map.of("name", "emea_team")).json();
        assertThat(renamed.path("name").asText()).isEqualTo("emea_team");
        assertThat(renamed.path("description").asText()).isEqualTo("EMEA sales team");
        assertThat(renamed.path("policy_ids")).hasSize(1);
        JsonNode denied = patch("/v1/policies/" + policyId, Map.of("description", "orders of one region")).json();
        assertThat(denied.path("description").asText()).isEqualTo("orders of one region");
        assertThat(denied.path("dataset_config").path("rows_filters").path("ds_shop")).hasSize(2);
    }

    @Test
    void listsUseTheSdkEnvelopeAndFilterByNameAndIds() {
        String first = root.post("/v1/policies", emeaPolicy("list_one")).json().path("id").asText();
        root.post("/v1/policies", emeaPolicy("list_two"));
        root.post("/v1/policies", emeaPolicy("list_three"));

        JsonNode page = root.get("/v1/policies?name=list_&size=2&page=1").json();
        assertThat(page.path("total").asInt()).isEqualTo(3);
        assertThat(page.path("pages").asInt()).isEqualTo(2);
        assertThat(page.path("size").asInt()).isEqualTo(2);
        assertThat(page.path("page").asInt()).isEqualTo(1);
        assertThat(page.path("items")).extracting(node -> node.path("name").asText()).containsExactly("list_one", "list_two");
        assertThat(root.get("/v1/policies?name=list_&page=2&size=2").json().path("items")).extracting(node -> node.path("name").asText())
                .containsExactly("list_three");
        assertThat(root.get("/v1/policies?policy_ids=" + first).json().path("items")).extracting(node -> node.path("id").asText())
                .containsExactly(first);
        root.post("/v1/roles", Map.of("name", "listed_role"));
        JsonNode roles = root.get("/api/v1/roles?name=listed").json();
        assertThat(roles.path("total").asInt()).isEqualTo(1);
        assertThat(roles.path("items").get(0).path("policy_ids")).isEmpty();
    }

    @Test
    void unknownIdsAre404WithADetail() {
        for (String path : List.of("/v1/roles/role_missing", "/v1/roles/role_missing/policies", "/v1/roles/role_missing/variables",
                "/v1/policies/policy_missing", "/api/v1/policies/policy_missing")) {
            HttpTestClient.Answer answer = root.get(path);
            assertThat(answer.status()).as(path).isEqualTo(404);
            assertThat(answer.json().path("detail").asText()).as(path).containsPattern("No (role|policy) with id (role|policy)_missing");
        }
        assertThat(root.delete("/v1/roles/role_missing").status()).isEqualTo(404);
        assertThat(root.delete("/v1/policies/policy_missing").json().path("code").asText()).isEqualTo("ASK_POLICY_NOT_FOUND");
        assertThat(patch("/v1/policies/policy_missing", Map.of("name", "x")).status()).isEqualTo(404);
        HttpTestClient.Answer unknownPolicy = root.post("/v1/roles", Map.of("name", "dangling", "policy_ids", List.of("policy_missing")));
        assertThat(unknownPolicy.status()).isEqualTo(400);
        assertThat(unknownPolicy.json().path("detail").asText()).contains("policy_missing");
    }

    @Test
    void invalidRowFiltersAndPoliciesAre400NamingTheProblem() {
        assertInvalid(withFilter("public.orders.region = 'EMEA' AND public.orders.id > 3"), "one condition per entry");
        assertInvalid(withFilter("lower(public.orders.region) = 'emea'"), "no function on the field side");
        assertInvalid(withFilter("orders.region = 'EMEA'"), "three parts");
        assertInvalid(withFilter("public.orders.region = EMEA"), "'EMEA' is not a value");
        assertInvalid(withFilter("public.orders.region = 'x'; DROP TABLE orders"), "';' has no meaning");
        assertInvalid(Map.of("name", "deny_rows", "permission", "deny", "dataset_config", Map.of("datasource_ids", List.of("ds_shop"),
                "rows_filters", Map.of("ds_shop", List.of("public.orders.region = 'x'")))), "only on allow policies");
        assertInvalid(Map.of("name", "everywhere", "permission", "allow", "dataset_config", Map.of("datasource_ids", List.of("*"),
                "rows_filters", Map.of("*", List.of("public.orders.region = 'x'")))), "cannot apply to every datasource");
        assertInvalid(Map.of("name", "bad_regex", "permission", "allow", "dataset_config", Map.of("datasource_ids", List.of("ds_shop"),
                "regex_patterns", Map.of("tables_regex_pattern", "orders("))), "tables_regex_pattern is not a valid regular expression");
        assertInvalid(Map.of("name", "no_config", "permission", "allow"), "dataset_config");
        assertInvalid(Map.of("name", "Not A Name", "permission", "allow", "dataset_config", Map.of("datasource_ids", List.of("*"))),
                "lower-case letters");
        assertInvalid(Map.of("name", "maybe", "permission", "perhaps", "dataset_config", Map.of("datasource_ids", List.of("*"))),
                "allow or deny");
        HttpTestClient.Answer notJson = root.post("/v1/policies", "{not json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().path("detail").asText()).contains("not valid JSON");

        String id = root.post("/v1/policies", emeaPolicy("to_break")).json().path("id").asText();
        HttpTestClient.Answer broken = patch("/v1/policies/" + id, Map.of("permission", "deny"));
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.json().path("detail").asText()).contains("only on allow policies");
        assertThat(root.get("/v1/policies/" + id).json().path("permission").asText()).as("unchanged after a refused change").isEqualTo("allow");
    }

    @Test
    void deletingAPolicyTakesItOutOfTheRolesThatUseIt() {
        String kept = root.post("/v1/policies", emeaPolicy("kept_policy")).json().path("id").asText();
        String dropped = root.post("/v1/policies", emeaPolicy("dropped_policy")).json().path("id").asText();
        String role = root.post("/v1/roles", Map.of("name", "uses_both", "policy_ids", List.of(kept, dropped))).json().path("id").asText();

        JsonNode deleted = root.delete("/v1/policies/" + dropped).json();

        assertThat(deleted.path("deleted").asBoolean()).isTrue();
        assertThat(deleted.path("removed_from_roles")).extracting(JsonNode::asText).containsExactly(role);
        assertThat(root.get("/v1/roles/" + role).json().path("policy_ids")).extracting(JsonNode::asText).containsExactly(kept);
        assertThat(root.get("/v1/policies/" + dropped).status()).isEqualTo(404);
        assertThat(root.delete("/v1/roles/" + role).json().path("deleted").asBoolean()).isTrue();
        assertThat(root.get("/v1/roles/" + role).status()).isEqualTo(404);
    }

    @Test
    void callersWithoutCredentialsAreTurnedAway() {
        HttpTestClient.Answer anonymous = server.anonymous().get("/v1/roles");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().path("detail").asText()).contains("Authentication required");
        assertThat(server.as("root", "wrong-password").post("/v1/policies", emeaPolicy("intruder")).status()).isEqualTo(401);
    }

    @Test
    void anAdminKeyManagesRolesAndAnAskerKeyMayNot() {
        String admin = root.post("/v1/sys/projects/p_default/api-keys", Map.of("ak_role", "admin")).json().path("original_ak_value").asText();
        String asker = root.post("/v1/sys/projects/p_default/api-keys", Map.of("ak_role", "asker")).json().path("original_ak_value").asText();

        HttpTestClient.Answer created = server.anonymous().send(server.anonymous().request("/v1/roles").header("Authorization", "Bearer " + admin)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"made_by_admin\"}")));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        HttpTestClient.Answer refused = server.anonymous().send(server.anonymous().request("/v1/roles").header("Authorization", "Bearer " + asker).GET());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("detail").asText()).contains("manage roles and policies");
    }

    private static Map<String, Object> withFilter(String filter) {
        return Map.of("name", "filtered", "permission", "allow", "dataset_config", Map.of("datasource_ids", List.of("ds_shop"),
                "rows_filters", Map.of("ds_shop", List.of(filter))));
    }

    private static void assertInvalid(Map<String, Object> body, String detailPart) {
        HttpTestClient.Answer answer = root.post("/v1/policies", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().path("detail").asText()).as(answer.body()).contains(detailPart);
    }
}
