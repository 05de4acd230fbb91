package dev.tarn.ask.keys;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a caller asks a temporary token to carry ({@code POST /v1/auth/tokens}): a role, the end
 * user's chat role and its variables, a profile, and a lifetime. Absent parts take defaults
 * (role asker, lifetime {@link TemporaryTokens#DEFAULT_LIFETIME}) or the caller's own.
 *
 * @param roleVariables values for the chat role's {{variables}}, as strings (AskTable passes them so)
 * @param userProfile   free JSON about the end user (plain Java values: maps, lists, strings, numbers, booleans)
 */
public record TokenRequest(Optional<AskRole> role, Optional<String> chatRoleId, Map<String, String> roleVariables,
                           Map<String, Object> userProfile, Optional<Duration> lifetime) {
    public TokenRequest {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(chatRoleId, "chatRoleId");
        roleVariables = Map.copyOf(roleVariables);
        userProfile = Map.copyOf(userProfile);
        Objects.requireNonNull(lifetime, "lifetime");
    }

    /** A token of the defaults: asker, no chat role, no profile, the default lifetime. */
    public static TokenRequest defaults() {
        return new TokenRequest(Optional.empty(), Optional.empty(), Map.of(), Map.of(), Optional.empty());
    }
}
