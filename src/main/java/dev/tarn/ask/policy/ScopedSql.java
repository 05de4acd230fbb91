package dev.tarn.ask.policy;

import java.util.List;

/** PLACEHOLDER until branch ask-policies is merged. */
public record ScopedSql(String sql, List<Object> parameters) {
}
