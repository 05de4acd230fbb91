package dev.tarn.ask.keys;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A temporary token just minted: the signed value and what it carries, as the answer shows it.
 *
 * @param keyId the API key behind it (the one that minted it, or that minted the token that did); empty for an administrator's login
 */
public record TemporaryToken(String value, AskRole role, String projectId, Optional<String> keyId, Optional<String> chatRoleId,
                             Map<String, String> roleVariables, Map<String, Object> userProfile, Instant issuedAt, Instant expiresAt) {
    public TemporaryToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(chatRoleId, "chatRoleId");
        roleVariables = Map.copyOf(roleVariables);
        userProfile = Map.copyOf(userProfile);
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "TemporaryToken[role=" + role + ", projectId=" + projectId + ", keyId=" + keyId + ", expiresAt=" + expiresAt + ", value=<secret>]";
    }
}
