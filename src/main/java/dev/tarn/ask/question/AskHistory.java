package dev.tarn.ask.question;

import dev.tarn.ask.keys.AskCaller;
import dev.tarn.ask.keys.AskPermission;
import dev.tarn.engine.SystemDatabase;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The single-turn history the SDK lists ({@code GET /v1/single-turn/q2s} and friends): each answer
 * as it was sent, durable, newest first. Kept as the JSON document so the list shows exactly what
 * the caller saw. An answer holds rows its asker's row filters let through, so an asker lists only
 * the answers given to the same identity (key or token, role and role variables); administrators
 * list all.
 */
public final class AskHistory {
    /** Which endpoint answered. */
    public enum Kind { Q2S, Q2A, Q2W }

    private final SystemDatabase database;

    public AskHistory(SystemDatabase database) {
        this.database = database;
        database.update("""
                CREATE TABLE IF NOT EXISTS ask_history (
                    id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, project_id VARCHAR NOT NULL, datasource_id VARCHAR NOT NULL,
                    owner VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, document VARCHAR NOT NULL)""");
    }

    public void record(String id, Kind kind, AskCaller caller, String datasourceId, String document) {
        database.update("INSERT INTO ask_history VALUES (?, ?, ?, ?, ?, ?, ?)", id, kind.name(), caller.projectId(), datasourceId,
                owner(caller), LocalDateTime.now(ZoneOffset.UTC), document);
    }

    /** The documents of one endpoint the caller may see, newest first, of one datasource when given. */
    public List<String> list(Kind kind, AskCaller caller, Optional<String> datasourceId) {
        String owner = caller.may(AskPermission.MANAGE_DATASOURCES) ? null : owner(caller);
        return database.query("SELECT document FROM ask_history WHERE kind = ? AND project_id = ? AND (? IS NULL OR datasource_id = ?) "
                                + "AND (? IS NULL OR owner = ?) ORDER BY created_at DESC, id DESC", kind.name(), caller.projectId(),
                        datasourceId.orElse(null), datasourceId.orElse(null), owner, owner)
                .stream().map(row -> (String) row.get("document")).toList();
    }

    /** Who asked, as far as row filters can tell: the key or token, its role and its variables. */
    private static String owner(AskCaller caller) {
        return caller.keyId().orElse("administrator") + "|" + caller.chatRoleId().orElse("") + "|"
                + new java.util.TreeMap<>(caller.roleVariables()) + "|" + caller.userProfile().getOrDefault("id", "");
    }
}
