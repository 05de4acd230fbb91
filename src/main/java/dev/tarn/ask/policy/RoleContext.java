package dev.tarn.ask.policy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The role a question is asked under, its policies and the values of its variables; without a role
 * nothing is restricted (as in AskTable), with one everything not allowed is hidden.
 */
public record RoleContext(Optional<Role> role, List<Policy> policies, Map<String, String> variables) {
    public RoleContext {
        Objects.requireNonNull(role, "role");
        policies = List.copyOf(policies);
        variables = Map.copyOf(variables);
    }

    public static RoleContext none() {
        return new RoleContext(Optional.empty(), List.of(), Map.of());
    }

    public boolean restricted() {
        return role.isPresent();
    }

    String roleName() {
        return role.map(Role::name).orElse("(none)");
    }
}
