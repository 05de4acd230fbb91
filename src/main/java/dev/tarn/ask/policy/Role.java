package dev.tarn.ask.policy;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** An AskTable role: a named set of policies that a chat, a question or a temp token acts under. */
public record Role(String id, String projectId, String name, String description, List<String> policyIds,
                   Instant createdAt, Instant modifiedAt) {
    public static final String ID_PREFIX = "role_";

    public Role {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(projectId, "projectId");
        name = Names.check("name", name);
        description = description == null ? "" : description;
        policyIds = List.copyOf(policyIds.stream().distinct().toList());
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(modifiedAt, "modifiedAt");
    }
}
