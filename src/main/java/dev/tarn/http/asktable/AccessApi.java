package dev.tarn.http.asktable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarn.ask.keys.AskCaller;
import dev.tarn.ask.keys.AskPermission;
import dev.tarn.ask.policy.AskPolicies;
import dev.tarn.ask.policy.Policy;
import dev.tarn.ask.policy.PolicyJson;
import dev.tarn.ask.policy.PolicyPermission;
import dev.tarn.ask.policy.PolicyStore;
import dev.tarn.ask.policy.Role;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import dev.tarn.http.JsonBody;
import dev.tarn.http.Route;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.PATCH;
import static io.javalin.http.HandlerType.POST;

/**
 * AskTable roles and policies (contract 1.9), for admin keys and stronger. Deleting a policy that roles
 * use takes it out of them and says which; a role's {@code policy_ids} must name existing policies.
 */
public final class AccessApi {
    private static final long MAXIMUM_BODY_BYTES = 256 * 1024;

    private final AskTableRoutes routes;
    private final PolicyStore store;
    private final AskPolicies policies;

    public AccessApi(AskTableRoutes routes, PolicyStore store, AskPolicies policies) {
        this.routes = routes;
        this.store = store;
        this.policies = policies;
    }

    public List<Route> routes() {
        List<Route> all = new ArrayList<>();
        all.addAll(routes.authenticated(POST, "/roles", this::createRole));
        all.addAll(routes.authenticated(GET, "/roles", this::listRoles));
        all.addAll(routes.authenticated(GET, "/roles/{role_id}", this::getRole));
        all.addAll(routes.authenticated(PATCH, "/roles/{role_id}", this::updateRole));
        all.addAll(routes.authenticated(DELETE, "/roles/{role_id}", this::deleteRole));
        all.addAll(routes.authenticated(GET, "/roles/{role_id}/policies", this::rolePolicies));
        all.addAll(routes.authenticated(GET, "/roles/{role_id}/variables", this::roleVariables));
        all.addAll(routes.authenticated(POST, "/policies", this::createPolicy));
        all.addAll(routes.authenticated(GET, "/policies", this::listPolicies));
        all.addAll(routes.authenticated(GET, "/policies/{policy_id}", this::getPolicy));
        all.addAll(routes.authenticated(PATCH, "/policies/{policy_id}", this::updatePolicy));
        all.addAll(routes.authenticated(DELETE, "/policies/{policy_id}", this::deletePolicy));
        return all;
    }

    // ---- roles ------------------------------------------------------------------------------

    private void createRole(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_ACCESS);
        JsonBody body = JsonBody.read(context, MAXIMUM_BODY_BYTES);
        Role role = store.createRole(caller.projectId(), new PolicyStore.RoleDraft(body.requiredText("name"), body.text("description").orElse(""),
                strings(body, "policy_ids").orElse(List.of())));
        json(context, PolicyJson.role(role));
    }

    private void listRoles(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_ACCESS);
        List<Role> roles = store.roles(caller.projectId()).stream()
                .filter(named(context, Role::name)).filter(listed(context, "role_ids", Role::id)).toList();
        AskTablePage.write(context, roles, PolicyJson::role);
    }

    private void getRole(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_ACCESS);
        json(context, PolicyJson.role(store.requireRole(caller.projectId(), context.pathParam("role_id"))));
    }

    private void updateRole(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_ACCESS);
        String id = context.pathParam("role_id");
        store.requireRole(caller.projectId(), id);
        JsonBody body = JsonBody.read(context, MAXIMUM_BODY_BYTES);
        Role role = store.updateRole(caller.projectId(), id, new PolicyStore.RoleChanges(body.text("name"), body.text("description"),
                strings(body, "policy_ids")));
        json(context, PolicyJson.role(role));
    }

    private void deleteRole(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_ACCESS);
        String id = context.pathParam("role_id");
        store.deleteRole(caller.projectId(), id);
        json(context, JsonBody.MAPPER.createObjectNode().put("id", id).put("deleted", true));
    }

    private void rolePolicies(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_ACCESS);
        Role role = store.requireRole(caller.projectId(), context.pathParam("role_id"));
        ArrayNode list = JsonBody.MAPPER.createArrayNode();
        store.policiesOf(role).forEach(policy -> list.add(PolicyJson.policy(policy)));
        context.contentType("application/json").result(list.toString());
    }

    /** The variable names the role's row filters need; {@code datasource_ids} (repeated) narrows them, {@code bot_id} is accepted and ignored. */
    private void roleVariables(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_ACCESS);
        Role role = store.requireRole(caller.projectId(), context.pathParam("role_id"));
        ArrayNode list = JsonBody.MAPPER.createArrayNode();
        policies.variables(role, context.queryParams("datasource_ids")).forEach(list::add);
        context.contentType("application/json").result(list.toString());
    }

    // ---- policies ---------------------------------------------------------------------------

    private void createPolicy(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_ACCESS);
        JsonBody body = JsonBody.read(context, MAXIMUM_BODY_BYTES);
        String name = body.requiredText("name");
        PolicyPermission permission = PolicyPermission.parse(body.requiredText("permission"));
        JsonNode config = body.field("dataset_config").orElseThrow(() -> new TarnException(ErrorCode.MISSING_FIELD,
                "The field 'dataset_config' is required: {\"datasource_ids\": [\"ds_…\" or \"*\"], \"regex_patterns\": {…}, \"rows_filters\": {…}}"));
        Policy policy = store.createPolicy(caller.projectId(), new PolicyStore.PolicyDraft(name, body.text("description").orElse(""), permission,
                PolicyJson.datasetConfig(config)));
        json(context, PolicyJson.policy(policy));
    }

    private void listPolicies(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_ACCESS);
        List<Policy> all = store.policies(caller.projectId()).stream()
                .filter(named(context, Policy::name)).filter(listed(context, "policy_ids", Policy::id)).toList();
        AskTablePage.write(context, all, PolicyJson::policy);
    }

    private void getPolicy(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_ACCESS);
        json(context, PolicyJson.policy(store.requirePolicy(caller.projectId(), context.pathParam("policy_id"))));
    }

    private void updatePolicy(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_ACCESS);
        String id = context.pathParam("policy_id");
        store.requirePolicy(caller.projectId(), id);
        JsonBody body = JsonBody.read(context, MAXIMUM_BODY_BYTES);
        Policy policy = store.updatePolicy(caller.projectId(), id, new PolicyStore.PolicyChanges(body.text("name"), body.text("description"),
                body.text("permission").map(PolicyPermission::parse),
                body.field("dataset_config").filter(node -> !node.isNull()).map(PolicyJson::datasetConfig)));
        json(context, PolicyJson.policy(policy));
    }

    private void deletePolicy(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_ACCESS);
        String id = context.pathParam("policy_id");
        List<String> roles = store.deletePolicy(caller.projectId(), id);
        ObjectNode answer = JsonBody.MAPPER.createObjectNode().put("id", id).put("deleted", true);
        ArrayNode removed = answer.putArray("removed_from_roles");
        roles.forEach(removed::add);
        json(context, answer);
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static Optional<List<String>> strings(JsonBody body, String field) {
        return body.field(field).filter(node -> !node.isNull()).map(node -> PolicyJson.strings(node, field));
    }

    /** The {@code name} query filter: a part of the name, in any case. */
    private static <T> Predicate<T> named(Context context, java.util.function.Function<T, String> name) {
        String wanted = context.queryParam("name");
        if (wanted == null || wanted.isBlank()) {
            return item -> true;
        }
        String lower = wanted.trim().toLowerCase(Locale.ROOT);
        return item -> name.apply(item).toLowerCase(Locale.ROOT).contains(lower);
    }

    /** A repeated id query parameter ({@code ?role_ids=a&role_ids=b}). */
    private static <T> Predicate<T> listed(Context context, String parameter, java.util.function.Function<T, String> id) {
        List<String> ids = context.queryParams(parameter);
        return ids.isEmpty() ? item -> true : item -> ids.contains(id.apply(item));
    }

    private static void json(Context context, JsonNode body) {
        context.contentType("application/json").result(body.toString());
    }
}
