package dev.tarn.ask.keys;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who may create, list and delete which keys. AskTable API keys belong to the project named in
 * the path and only sys manages them ({@code sys} is the system's role, above projects); Ask API
 * keys belong to the caller's own project and its admins manage them.
 */
public final class KeyService {
    private static final int MAXIMUM_CUSTOMER_LENGTH = 200;
    private static final Pattern PROJECT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final int MAXIMUM_ALLOWED_ORIGINS = 20;

    private final KeyStore keys;

    public KeyService(KeyStore keys) {
        this.keys = keys;
    }

    /** {@code POST /v1/sys/projects/{project_id}/api-keys}. */
    public NewKey createApiKey(AskCaller caller, String projectId, AskRole role) {
        caller.require(AskPermission.MANAGE_KEYS);
        return keys.create(KeyKind.API_KEY, validProjectId(projectId), role, List.of());
    }

    /** {@code GET /v1/sys/projects/{project_id}/api-keys}. */
    public List<StoredKey> apiKeys(AskCaller caller, String projectId) {
        caller.require(AskPermission.MANAGE_KEYS);
        return keys.list(KeyKind.API_KEY, validProjectId(projectId));
    }

    /** {@code DELETE /v1/sys/projects/{project_id}/api-keys/{key_id}}: the key stops working now. */
    public void deleteApiKey(AskCaller caller, String projectId, String keyId) {
        caller.require(AskPermission.MANAGE_KEYS);
        keys.delete(KeyKind.API_KEY, validProjectId(projectId), keyId);
    }

    /** A secret or publishable Ask API key in the caller's project; a publishable one needs at least one origin. */
    public NewKey createAskKey(AskCaller caller, KeyKind kind, List<String> allowedOrigins) {
        return createAskKey(caller, kind, allowedOrigins, KeyBinding.NONE);
    }

    /** An Ask API key bound to a chat role and a customer, which its holder then cannot choose. */
    public NewKey createAskKey(AskCaller caller, KeyKind kind, List<String> allowedOrigins, KeyBinding binding) {
        caller.require(AskPermission.MANAGE_ASK_KEYS);
        if (binding.customer().filter(customer -> customer.isBlank() || customer.length() > MAXIMUM_CUSTOMER_LENGTH).isPresent()) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "customer must be 1 to " + MAXIMUM_CUSTOMER_LENGTH + " characters");
        }
        if (kind == KeyKind.API_KEY) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "kind must be secret or publishable");
        }
        if (kind == KeyKind.SECRET && !allowedOrigins.isEmpty()) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "A secret key is for servers and has no allowed_origins;"
                    + " for a browser page create a publishable key");
        }
        if (kind == KeyKind.PUBLISHABLE && allowedOrigins.isEmpty()) {
            throw new TarnException(ErrorCode.MISSING_FIELD, "A publishable key needs allowed_origins, the pages it may be used from,"
                    + " e.g. [\"https://shop.example.com\"]");
        }
        if (allowedOrigins.size() > MAXIMUM_ALLOWED_ORIGINS) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "At most " + MAXIMUM_ALLOWED_ORIGINS + " allowed_origins per key; create another key");
        }
        List<AllowedOrigin> origins = List.copyOf(new LinkedHashSet<>(allowedOrigins.stream().map(AllowedOrigin::of).toList()));
        return keys.create(kind, caller.projectId(), AskRole.ASKER, origins, binding);
    }

    /** The Ask API keys of the caller's project, secret and publishable. */
    public List<StoredKey> askKeys(AskCaller caller) {
        caller.require(AskPermission.MANAGE_ASK_KEYS);
        return java.util.stream.Stream.concat(keys.list(KeyKind.SECRET, caller.projectId()).stream(),
                        keys.list(KeyKind.PUBLISHABLE, caller.projectId()).stream())
                .sorted(java.util.Comparator.comparing(StoredKey::createdAt).thenComparing(StoredKey::id))
                .toList();
    }

    public void deleteAskKey(AskCaller caller, String keyId) {
        caller.require(AskPermission.MANAGE_ASK_KEYS);
        boolean secret = keys.list(KeyKind.SECRET, caller.projectId()).stream().anyMatch(key -> key.id().equals(keyId));
        keys.delete(secret ? KeyKind.SECRET : KeyKind.PUBLISHABLE, caller.projectId(), keyId);
    }

    /** A project id as the path gives it; 400 for anything else, so no odd text reaches the store or the logs. */
    public static String validProjectId(String projectId) {
        if (projectId == null || !PROJECT_ID.matcher(projectId).matches()) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "The project id must be 1 to 64 letters, digits, '_' or '-'");
        }
        return projectId;
    }
}
