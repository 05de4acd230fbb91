package dev.tarn.ask.keys;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who calls an AskTable or Ask route: the key's role, which key or token it was, and what a temp
 * token carries for the end user (the chat role and its variables, the user profile).
 *
 * @param keyId        the API key's id, or the key that minted the token; empty for a Tarn administrator's login
 * @param chatRoleId   the AskTable role (of roles and policies) the caller is bound to, if any
 * @param roleVariables values for the {{variables}} of that role's row filters, always strings
 * @param askOnly      a publishable {@code pk_live_} key: it may only ask, from its allowed origins
 */
public record AskCaller(AskRole role, Optional<String> keyId, String projectId, Optional<String> chatRoleId,
                        Map<String, String> roleVariables, Map<String, Object> userProfile,
                        Optional<Instant> expiresAt, boolean askOnly) {
    public static final String DEFAULT_PROJECT = "p_default";

    public AskCaller {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(chatRoleId, "chatRoleId");
        roleVariables = Map.copyOf(roleVariables);
        userProfile = Map.copyOf(userProfile);
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** A caller with a role and nothing else: a plain API key, or a Tarn administrator acting as sys. */
    public static AskCaller of(AskRole role, Optional<String> keyId) {
        return new AskCaller(role, keyId, DEFAULT_PROJECT, Optional.empty(), Map.of(), Map.of(), Optional.empty(), false);
    }

    /**
     * The same caller with these role variables added where it has none of its own: the Ask API's
     * customer and user fill {@code {{customer}}} and {{user}}, but never over what a key or token fixed.
     */
    public AskCaller withDefaultVariables(Map<String, String> defaults) {
        Map<String, String> merged = new java.util.HashMap<>(defaults);
        merged.putAll(roleVariables);
        return new AskCaller(role, keyId, projectId, chatRoleId, merged, userProfile, expiresAt, askOnly);
    }

    public boolean may(AskPermission permission) {
        if (askOnly) {
            return permission == AskPermission.ASK;
        }
        return role.includes(permission.weakestRole());
    }

    /** Fails with 403 unless the caller holds the permission; the message names the role needed. */
    public void require(AskPermission permission) {
        if (!may(permission)) {
            throw new TarnException(ErrorCode.PERMISSION_DENIED, "This " + (askOnly ? "publishable key" : role.wireName() + " key")
                    + " may not " + describe(permission) + "; it needs a " + permission.weakestRole().wireName() + " key or stronger");
        }
    }

    private static String describe(AskPermission permission) {
        return switch (permission) {
            case MANAGE_KEYS -> "manage API keys";
            case MANAGE_ASK_KEYS -> "manage Ask API keys";
            case MANAGE_DATASOURCES -> "manage datasources";
            case MANAGE_ACCESS -> "manage roles and policies";
            case MANAGE_TRAINING -> "manage training pairs";
            case CREATE_DATASOURCE -> "create datasources";
            case ISSUE_TOKENS -> "issue tokens";
            case ASK -> "ask questions";
            case SEE_SELF -> "read its own identity";
        };
    }
}
