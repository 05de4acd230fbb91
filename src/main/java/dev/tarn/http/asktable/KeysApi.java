package dev.tarn.http.asktable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarn.ask.keys.AskCaller;
import dev.tarn.ask.keys.AskPermission;
import dev.tarn.ask.keys.AskRole;
import dev.tarn.ask.keys.KeyBinding;
import dev.tarn.ask.keys.KeyKind;
import dev.tarn.ask.keys.KeyService;
import dev.tarn.ask.keys.NewKey;
import dev.tarn.ask.keys.StoredKey;
import dev.tarn.ask.keys.TemporaryToken;
import dev.tarn.ask.keys.TemporaryTokens;
import dev.tarn.ask.keys.TokenRequest;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import dev.tarn.http.JsonBody;
import dev.tarn.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * AskTable API keys and temporary tokens (contract 1.3), and the Ask API's own keys. Answers that
 * carry a clear key or token value are never cached ({@code Cache-Control: no-store}).
 */
public final class KeysApi {
    private static final long MAXIMUM_BODY_BYTES = 64 * 1024;

    private final AskTableRoutes routes;
    private final KeyService keys;
    private final TemporaryTokens tokens;

    public KeysApi(AskTableRoutes routes, KeyService keys, TemporaryTokens tokens) {
        this.routes = routes;
        this.keys = keys;
        this.tokens = tokens;
    }

    public List<Route> routes() {
        List<Route> all = new ArrayList<>();
        all.addAll(routes.authenticated(HandlerType.POST, "/sys/projects/{project_id}/api-keys", this::createApiKey));
        all.addAll(routes.authenticated(HandlerType.GET, "/sys/projects/{project_id}/api-keys", this::listApiKeys));
        all.addAll(routes.authenticated(HandlerType.DELETE, "/sys/projects/{project_id}/api-keys/{key_id}", this::deleteApiKey));
        all.addAll(routes.authenticated(HandlerType.POST, "/auth/tokens", this::mintToken));
        all.addAll(routes.authenticated(HandlerType.POST, "/sys/projects/{project_id}/tokens", this::mintProjectToken));
        all.addAll(routes.authenticated(HandlerType.GET, "/auth/me", this::me));
        all.addAll(routes.authenticated(HandlerType.POST, "/ask/keys", this::createAskKey));
        all.addAll(routes.authenticated(HandlerType.GET, "/ask/keys", this::listAskKeys));
        all.addAll(routes.authenticated(HandlerType.DELETE, "/ask/keys/{key_id}", this::deleteAskKey));
        all.addAll(routes.authenticated(HandlerType.GET, "/ask/me", this::askMe));
        return all;
    }

    private void createApiKey(Context context, AskCaller caller) {
        JsonBody body = JsonBody.read(context, MAXIMUM_BODY_BYTES);
        NewKey created = keys.createApiKey(caller, context.pathParam("project_id"), AskRole.parse(body.requiredText("ak_role")));
        ObjectNode json = apiKey(created.key());
        json.put("original_ak_value", created.clearValue());
        json.put("hashed_ak_value", created.valueHash());
        writeSecret(context, json);
    }

    private void listApiKeys(Context context, AskCaller caller) {
        // the SDK reads a plain array here, not the paged envelope
        ArrayNode items = JsonBody.MAPPER.createArrayNode();
        keys.apiKeys(caller, context.pathParam("project_id")).forEach(key -> items.add(apiKey(key)));
        context.contentType("application/json").result(items.toString());
    }

    private void deleteApiKey(Context context, AskCaller caller) {
        keys.deleteApiKey(caller, context.pathParam("project_id"), context.pathParam("key_id"));
        context.contentType("application/json").result(JsonBody.MAPPER.createObjectNode()
                .put("id", context.pathParam("key_id")).put("deleted", true).toString());
    }

    private void mintToken(Context context, AskCaller caller) {
        writeToken(context, tokens.mint(caller, caller.projectId(), tokenRequest(JsonBody.read(context, MAXIMUM_BODY_BYTES))));
    }

    private void mintProjectToken(Context context, AskCaller caller) {
        String projectId = KeyService.validProjectId(context.pathParam("project_id"));
        writeToken(context, tokens.mint(caller, projectId, tokenRequest(JsonBody.read(context, MAXIMUM_BODY_BYTES))));
    }

    private void me(Context context, AskCaller caller) {
        caller.require(AskPermission.SEE_SELF);
        context.contentType("application/json").result(identity(caller).toString());
    }

    /** The Ask API's "who am I", allowed to publishable keys too: a widget checks its key with it before asking. */
    private void askMe(Context context, AskCaller caller) {
        caller.require(AskPermission.ASK);
        context.contentType("application/json").result(identity(caller).put("ask_only", caller.askOnly()).toString());
    }

    private void createAskKey(Context context, AskCaller caller) {
        JsonBody body = JsonBody.read(context, MAXIMUM_BODY_BYTES);
        KeyKind kind = KeyKind.parseAskKind(body.requiredText("kind"));
        List<String> origins = new ArrayList<>();
        Optional<JsonNode> allowed = body.field("allowed_origins").filter(node -> !node.isNull());
        if (allowed.isPresent()) {
            if (!allowed.get().isArray()) {
                throw new TarnException(ErrorCode.INVALID_FIELD, "allowed_origins must be an array of origins, e.g. [\"https://shop.example.com\"]");
            }
            for (JsonNode origin : allowed.get()) {
                if (!origin.isTextual()) {
                    throw new TarnException(ErrorCode.INVALID_FIELD, "Each of allowed_origins must be a string such as \"https://shop.example.com\"");
                }
                origins.add(origin.asText());
            }
        }
        KeyBinding binding = new KeyBinding(body.text("role_id"), body.text("customer"));
        NewKey created = keys.createAskKey(caller, kind, origins, binding);
        writeSecret(context, askKey(created.key()).put("key", created.clearValue()));
    }

    private void listAskKeys(Context context, AskCaller caller) {
        AskTablePage.write(context, keys.askKeys(caller), KeysApi::askKey);
    }

    private void deleteAskKey(Context context, AskCaller caller) {
        keys.deleteAskKey(caller, context.pathParam("key_id"));
        context.contentType("application/json").result(JsonBody.MAPPER.createObjectNode()
                .put("id", context.pathParam("key_id")).put("deleted", true).toString());
    }

    private static TokenRequest tokenRequest(JsonBody body) {
        Optional<AskRole> role = body.text("ak_role").map(AskRole::parse);
        Optional<String> chatRoleId = Optional.empty();
        Map<String, String> roleVariables = new LinkedHashMap<>();
        Optional<JsonNode> chatRole = body.field("chat_role").filter(node -> !node.isNull());
        if (chatRole.isPresent()) {
            if (!chatRole.get().isObject()) {
                throw new TarnException(ErrorCode.INVALID_FIELD, "chat_role must be an object {role_id, role_variables}");
            }
            JsonNode roleId = chatRole.get().get("role_id");
            if (roleId != null && !roleId.isNull()) {
                if (!roleId.isTextual() || roleId.asText().isBlank()) {
                    throw new TarnException(ErrorCode.INVALID_FIELD, "chat_role.role_id must be a role id string");
                }
                chatRoleId = Optional.of(roleId.asText());
            }
            JsonNode variables = chatRole.get().get("role_variables");
            if (variables != null && !variables.isNull()) {
                if (!variables.isObject()) {
                    throw new TarnException(ErrorCode.INVALID_FIELD, "chat_role.role_variables must be an object of names to values");
                }
                variables.properties().forEach(entry -> {
                    JsonNode value = entry.getValue();
                    if (!value.isValueNode() || value.isNull()) {
                        throw new TarnException(ErrorCode.INVALID_FIELD, "chat_role.role_variables." + entry.getKey()
                                + " must be a string, number or boolean (variables are passed as strings)");
                    }
                    roleVariables.put(entry.getKey(), value.asText());
                });
            }
        }
        Map<String, Object> userProfile = new LinkedHashMap<>();
        Optional<JsonNode> profile = body.field("user_profile").filter(node -> !node.isNull());
        if (profile.isPresent()) {
            if (!profile.get().isObject()) {
                throw new TarnException(ErrorCode.INVALID_FIELD, "user_profile must be a JSON object");
            }
            profile.get().properties().forEach(entry -> {
                if (!entry.getValue().isNull()) {
                    userProfile.put(entry.getKey(), JsonBody.MAPPER.convertValue(entry.getValue(), Object.class));
                }
            });
        }
        Optional<Duration> lifetime = body.whole("token_ttl").isPresent()
                ? Optional.of(Duration.ofSeconds(body.whole("token_ttl").getAsLong())) : Optional.empty();
        return new TokenRequest(role, chatRoleId, roleVariables, userProfile, lifetime);
    }

    private static void writeToken(Context context, TemporaryToken token) {
        ObjectNode json = JsonBody.MAPPER.createObjectNode();
        json.put("token", token.value());
        json.put("ak_role", token.role().wireName());
        json.put("project_id", token.projectId());
        json.put("ak_id", token.keyId().orElse(null));
        json.set("chat_role", chatRole(token.chatRoleId(), token.roleVariables()));
        json.set("user_profile", JsonBody.MAPPER.valueToTree(token.userProfile()));
        json.put("token_ttl", Duration.between(token.issuedAt(), token.expiresAt()).toSeconds());
        json.put("exp", token.expiresAt().getEpochSecond());
        json.put("expires_at", timestamp(token.expiresAt()));
        writeSecret(context, json);
    }

    /** {ak_role, project_id, ak_id, chat_role, user_profile, exp, locked}: locked means the chat role is fixed by the token. */
    private static ObjectNode identity(AskCaller caller) {
        ObjectNode json = JsonBody.MAPPER.createObjectNode();
        json.put("ak_role", caller.role().wireName());
        json.put("project_id", caller.projectId());
        json.put("ak_id", caller.keyId().orElse(null));
        if (caller.chatRoleId().isPresent()) {
            json.set("chat_role", chatRole(caller.chatRoleId(), caller.roleVariables()));
        } else {
            json.putNull("chat_role");
        }
        if (caller.userProfile().isEmpty()) {
            json.putNull("user_profile");
        } else {
            json.set("user_profile", JsonBody.MAPPER.valueToTree(caller.userProfile()));
        }
        if (caller.expiresAt().isPresent()) {
            json.put("exp", caller.expiresAt().get().getEpochSecond());
        } else {
            json.putNull("exp");
        }
        json.put("locked", caller.chatRoleId().isPresent());
        return json;
    }

    private static ObjectNode chatRole(Optional<String> roleId, Map<String, String> variables) {
        ObjectNode json = JsonBody.MAPPER.createObjectNode();
        json.put("role_id", roleId.orElse(null));
        json.set("role_variables", JsonBody.MAPPER.valueToTree(variables));
        return json;
    }

    private static ObjectNode apiKey(StoredKey key) {
        ObjectNode json = JsonBody.MAPPER.createObjectNode();
        json.put("id", key.id());
        json.put("ak_role", key.role().wireName());
        json.put("project_id", key.projectId());
        json.put("status", key.status());
        json.put("created_at", timestamp(key.createdAt()));
        json.put("last_used_at", key.lastUsedAt().map(KeysApi::timestamp).orElse(null));
        json.put("masked_ak_value", key.maskedValue());
        return json;
    }

    private static ObjectNode askKey(StoredKey key) {
        ObjectNode json = JsonBody.MAPPER.createObjectNode();
        json.put("id", key.id());
        json.put("kind", key.kind().wireName());
        json.put("project_id", key.projectId());
        ArrayNode origins = json.putArray("allowed_origins");
        key.allowedOrigins().forEach(origin -> origins.add(origin.value()));
        json.put("status", key.status());
        json.put("created_at", timestamp(key.createdAt()));
        json.put("last_used_at", key.lastUsedAt().map(KeysApi::timestamp).orElse(null));
        json.put("masked_key", key.maskedValue());
        json.put("role_id", key.binding().roleId().orElse(null));
        json.put("customer", key.binding().customer().orElse(null));
        return json;
    }

    private static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    private static void writeSecret(Context context, ObjectNode json) {
        context.header("Cache-Control", "no-store");
        context.contentType("application/json").result(json.toString());
    }
}
