package dev.tarn.ask.policy;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.time.Instant;
import java.util.Objects;

/** An AskTable policy: a named allow or deny over datasources, schemas, tables, fields and (allow only) rows. */
public record Policy(String id, String projectId, String name, String description, PolicyPermission permission,
                     DatasetConfig datasetConfig, Instant createdAt, Instant modifiedAt) {
    public static final String ID_PREFIX = "policy_";

    public Policy {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(projectId, "projectId");
        name = Names.check("name", name);
        description = description == null ? "" : description;
        Objects.requireNonNull(permission, "permission");
        Objects.requireNonNull(datasetConfig, "datasetConfig");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(modifiedAt, "modifiedAt");
        if (permission == PolicyPermission.DENY && datasetConfig.hasRowFilters()) {
            throw new TarnException(ErrorCode.ASK_INVALID_POLICY, "rows_filters are allowed only on allow policies: a deny policy takes "
                    + "whole tables or fields away; put the row filters on an allow policy");
        }
    }

    public boolean allows() {
        return permission == PolicyPermission.ALLOW;
    }
}
