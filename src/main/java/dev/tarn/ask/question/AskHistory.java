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
 * list all. The newest 1,000 answers per project and endpoint are kept; lists are read a page at a time.
 */
public final class AskHistory {
    /** Which endpoint answered. */
    public enum Kind { Q2S, Q2A, Q2W }

    /** Answers kept per project and endpoint; older ones are dropped, so the history cannot grow without end. */
    static final int MOST_ANSWERS_KEPT = 1_000;
    private static final String VISIBLE = "kind = ? AND project_id = ? AND (? IS NULL OR datasource_id = ?) AND (? IS NULL OR owner = ?)";

    private final SystemDatabase database;
    private final int answersKept;

    public AskHistory(SystemDatabase database) {
        this(database, MOST_ANSWERS_KEPT);
    }

    AskHistory(SystemDatabase database, int answersKept) {
        this.database = database;
        this.answersKept = answersKept;
        database.update("""
                CREATE TABLE IF NOT EXISTS ask_history (
                    id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, project_id VARCHAR NOT NULL, datasource_id VARCHAR NOT NULL,
                    owner VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, document VARCHAR NOT NULL)""");
    }

    public void record(String id, Kind kind, AskCaller caller, String datasourceId, String document) {
        database.update("INSERT INTO ask_history VALUES (?, ?, ?, ?, ?, ?, ?)", id, kind.name(), caller.projectId(), datasourceId,
                owner(caller), LocalDateTime.now(ZoneOffset.UTC), document);
        database.update("DELETE FROM ask_history WHERE kind = ? AND project_id = ? AND id NOT IN (SELECT id FROM ask_history "
                + "WHERE kind = ? AND project_id = ? ORDER BY created_at DESC, id DESC LIMIT ?)", kind.name(), caller.projectId(),
                kind.name(), caller.projectId(), answersKept);
    }

    /** How many answers of one endpoint the caller may see, of one datasource when given. */
    public long count(Kind kind, AskCaller caller, Optional<String> datasourceId) {
        String owner = visibleOwner(caller);
        return ((Number) database.query("SELECT count(*) AS answers FROM ask_history WHERE " + VISIBLE, kind.name(), caller.projectId(),
                datasourceId.orElse(null), datasourceId.orElse(null), owner, owner).getFirst().get("answers")).longValue();
    }

    /** One page of those answers, newest first. */
    public List<String> list(Kind kind, AskCaller caller, Optional<String> datasourceId, long offset, int limit) {
        String owner = visibleOwner(caller);
        return database.query("SELECT document FROM ask_history WHERE " + VISIBLE + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                        kind.name(), caller.projectId(), datasourceId.orElse(null), datasourceId.orElse(null), owner, owner, limit, offset)
                .stream().map(row -> (String) row.get("document")).toList();
    }

    private static String visibleOwner(AskCaller caller) {
        return caller.may(AskPermission.MANAGE_DATASOURCES) ? null : owner(caller);
    }

    /** Who asked, as far as row filters can tell: the key or token, its role and its variables. */
    private static String owner(AskCaller caller) {
        return caller.keyId().orElse("administrator") + "|" + caller.chatRoleId().orElse("") + "|"
                + new java.util.TreeMap<>(caller.roleVariables()) + "|" + caller.userProfile().getOrDefault("id", "");
    }
}
