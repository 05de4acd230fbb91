package dev.tarn.ask.policy;

/** PLACEHOLDER until branch ask-policies is merged. */
public record RoleContext(java.util.Optional<String> roleId) {
}
