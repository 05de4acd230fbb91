package dev.tarn.ask.policy;

import dev.tarn.engine.SystemDatabase;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The roles and policies of every project, in the system database, so they survive a restart. Each
 * call reads or writes the tables directly: the data is small and read once per question. A policy
 * deleted while roles use it is taken out of those roles in the same transaction (no 409): the
 * answer names the roles it was removed from.
 */
public final class PolicyStore {
    private final SystemDatabase database;
    private final Clock clock;

    /** What a new policy is made of. */
    public record PolicyDraft(String name, String description, PolicyPermission permission, DatasetConfig datasetConfig) {
    }

    /** The fields a PATCH of a policy changes; absent fields stay. */
    public record PolicyChanges(Optional<String> name, Optional<String> description, Optional<PolicyPermission> permission,
                                Optional<DatasetConfig> datasetConfig) {
    }

    /** What a new role is made of. */
    public record RoleDraft(String name, String description, List<String> policyIds) {
    }

    /** The fields a PATCH of a role changes; absent fields stay. */
    public record RoleChanges(Optional<String> name, Optional<String> description, Optional<List<String>> policyIds) {
    }

    public PolicyStore(SystemDatabase database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
        database.update("CREATE TABLE IF NOT EXISTS ask_policies (id VARCHAR PRIMARY KEY, project_id VARCHAR NOT NULL, name VARCHAR NOT NULL, "
                + "description VARCHAR NOT NULL, permission VARCHAR NOT NULL, dataset_config VARCHAR NOT NULL, created_at VARCHAR NOT NULL, "
                + "modified_at VARCHAR NOT NULL)");
        database.update("CREATE TABLE IF NOT EXISTS ask_roles (id VARCHAR PRIMARY KEY, project_id VARCHAR NOT NULL, name VARCHAR NOT NULL, "
                + "description VARCHAR NOT NULL, policy_ids VARCHAR NOT NULL, created_at VARCHAR NOT NULL, modified_at VARCHAR NOT NULL)");
    }

    // ---- policies ---------------------------------------------------------------------------

    public Policy createPolicy(String projectId, PolicyDraft draft) {
        Names.checkDescription(draft.description());
        Instant now = clock.instant();
        Policy policy = new Policy(dev.tarn.ask.AskIds.next(Policy.ID_PREFIX), projectId, draft.name(), draft.description(), draft.permission(),
                draft.datasetConfig(), now, now);
        database.update("INSERT INTO ask_policies VALUES (?, ?, ?, ?, ?, ?, ?, ?)", policy.id(), projectId, policy.name(), policy.description(),
                policy.permission().wireName(), PolicyJson.write(policy.datasetConfig()), now.toString(), now.toString());
        return policy;
    }

    /** The project's policies, oldest first. */
    public List<Policy> policies(String projectId) {
        return database.query("SELECT * FROM ask_policies WHERE project_id = ? ORDER BY created_at, id", projectId).stream()
                .map(PolicyStore::policy).toList();
    }

    public Optional<Policy> policy(String projectId, String id) {
        return database.query("SELECT * FROM ask_policies WHERE project_id = ? AND id = ?", projectId, id).stream()
                .map(PolicyStore::policy).findFirst();
    }

    /** The policy, or 404. */
    public Policy requirePolicy(String projectId, String id) {
        return policy(projectId, id).orElseThrow(() -> new TarnException(ErrorCode.ASK_POLICY_NOT_FOUND, "No policy with id " + id));
    }

    public Policy updatePolicy(String projectId, String id, PolicyChanges changes) {
        changes.description().ifPresent(Names::checkDescription);
        return database.transaction(() -> {
            Policy old = requirePolicy(projectId, id);
            Policy changed = new Policy(old.id(), projectId, changes.name().orElse(old.name()), changes.description().orElse(old.description()),
                    changes.permission().orElse(old.permission()), changes.datasetConfig().orElse(old.datasetConfig()), old.createdAt(),
                    clock.instant());
            database.update("UPDATE ask_policies SET name = ?, description = ?, permission = ?, dataset_config = ?, modified_at = ? "
                            + "WHERE project_id = ? AND id = ?", changed.name(), changed.description(), changed.permission().wireName(),
                    PolicyJson.write(changed.datasetConfig()), changed.modifiedAt().toString(), projectId, id);
            return changed;
        });
    }

    /** Deletes the policy and takes it out of every role that uses it; returns those roles' ids. */
    public List<String> deletePolicy(String projectId, String id) {
        return database.transaction(() -> {
            requirePolicy(projectId, id);
            List<String> changedRoles = new ArrayList<>();
            for (Role role : roles(projectId)) {
                if (role.policyIds().contains(id)) {
                    List<String> remaining = role.policyIds().stream().filter(policyId -> !policyId.equals(id)).toList();
                    database.update("UPDATE ask_roles SET policy_ids = ?, modified_at = ? WHERE id = ?", PolicyJson.writeList(remaining),
                            clock.instant().toString(), role.id());
                    changedRoles.add(role.id());
                }
            }
            database.update("DELETE FROM ask_policies WHERE project_id = ? AND id = ?", projectId, id);
            return changedRoles;
        });
    }

    // ---- roles ------------------------------------------------------------------------------

    public Role createRole(String projectId, RoleDraft draft) {
        Names.checkDescription(draft.description());
        return database.transaction(() -> {
            requirePoliciesExist(projectId, draft.policyIds());
            Instant now = clock.instant();
            Role role = new Role(dev.tarn.ask.AskIds.next(Role.ID_PREFIX), projectId, draft.name(), draft.description(), draft.policyIds(), now, now);
            database.update("INSERT INTO ask_roles VALUES (?, ?, ?, ?, ?, ?, ?)", role.id(), projectId, role.name(), role.description(),
                    PolicyJson.writeList(role.policyIds()), now.toString(), now.toString());
            return role;
        });
    }

    public List<Role> roles(String projectId) {
        return database.query("SELECT * FROM ask_roles WHERE project_id = ? ORDER BY created_at, id", projectId).stream()
                .map(PolicyStore::role).toList();
    }

    public Optional<Role> role(String projectId, String id) {
        return database.query("SELECT * FROM ask_roles WHERE project_id = ? AND id = ?", projectId, id).stream()
                .map(PolicyStore::role).findFirst();
    }

    /** The role, or 404. */
    public Role requireRole(String projectId, String id) {
        return role(projectId, id).orElseThrow(() -> new TarnException(ErrorCode.ASK_ROLE_NOT_FOUND, "No role with id " + id));
    }

    public Role updateRole(String projectId, String id, RoleChanges changes) {
        changes.description().ifPresent(Names::checkDescription);
        return database.transaction(() -> {
            Role old = requireRole(projectId, id);
            changes.policyIds().ifPresent(ids -> requirePoliciesExist(projectId, ids));
            Role changed = new Role(old.id(), projectId, changes.name().orElse(old.name()), changes.description().orElse(old.description()),
                    changes.policyIds().orElse(old.policyIds()), old.createdAt(), clock.instant());
            database.update("UPDATE ask_roles SET name = ?, description = ?, policy_ids = ?, modified_at = ? WHERE project_id = ? AND id = ?",
                    changed.name(), changed.description(), PolicyJson.writeList(changed.policyIds()), changed.modifiedAt().toString(),
                    projectId, id);
            return changed;
        });
    }

    public void deleteRole(String projectId, String id) {
        requireRole(projectId, id);
        database.update("DELETE FROM ask_roles WHERE project_id = ? AND id = ?", projectId, id);
    }

    /** The role's policies that still exist, in the role's order. */
    public List<Policy> policiesOf(Role role) {
        List<Policy> policies = new ArrayList<>();
        for (String id : role.policyIds()) {
            policy(role.projectId(), id).ifPresent(policies::add);
        }
        return policies;
    }

    private void requirePoliciesExist(String projectId, List<String> policyIds) {
        List<String> unknown = policyIds.stream().filter(id -> policy(projectId, id).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "policy_ids names policies that do not exist: " + String.join(", ", unknown)
                    + "; create them first (POST /v1/policies)");
        }
    }

    private static Policy policy(Map<String, Object> row) {
        return new Policy((String) row.get("id"), (String) row.get("project_id"), (String) row.get("name"), (String) row.get("description"),
                PolicyPermission.parse((String) row.get("permission")), PolicyJson.read((String) row.get("dataset_config")),
                Instant.parse((String) row.get("created_at")), Instant.parse((String) row.get("modified_at")));
    }

    private static Role role(Map<String, Object> row) {
        return new Role((String) row.get("id"), (String) row.get("project_id"), (String) row.get("name"), (String) row.get("description"),
                PolicyJson.readList((String) row.get("policy_ids")), Instant.parse((String) row.get("created_at")),
                Instant.parse((String) row.get("modified_at")));
    }

}
