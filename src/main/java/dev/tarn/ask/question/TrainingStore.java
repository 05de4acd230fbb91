package dev.tarn.ask.question;

import dev.tarn.ask.AskIds;
import dev.tarn.ask.nl.training.TrainingPair;
import dev.tarn.engine.SystemDatabase;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Question/SQL pairs per datasource, durable in the system database. The version changes with every
 * change, so cached question engines built from the old pairs are rebuilt.
 */
public final class TrainingStore {
    private final SystemDatabase database;
    private final AtomicLong version = new AtomicLong();

    public TrainingStore(SystemDatabase database) {
        this.database = database;
        database.update("""
                CREATE TABLE IF NOT EXISTS ask_training_pairs (
                    id VARCHAR PRIMARY KEY, project_id VARCHAR NOT NULL, datasource_id VARCHAR NOT NULL,
                    question VARCHAR NOT NULL, sql VARCHAR NOT NULL, active BOOLEAN NOT NULL, source VARCHAR NOT NULL,
                    role_id VARCHAR, created_at TIMESTAMP NOT NULL, modified_at TIMESTAMP NOT NULL)""");
    }

    /** A question is what a person types; longer ones are a mistake (or an attack) that every engine build would carry. */
    public static final int LONGEST_QUESTION = 2_000;
    public static final int LONGEST_SQL = 100_000;
    public static final int LONGEST_ROLE_ID = 128;

    /** Refuses a pair whose texts are out of bounds (400 saying which and by how much), before anything is stored. */
    public static void checkPair(Optional<String> question, Optional<String> sql, Optional<String> roleId) {
        question.ifPresent(text -> checkLength("question", text, LONGEST_QUESTION));
        sql.ifPresent(text -> checkLength("sql", text, LONGEST_SQL));
        roleId.ifPresent(text -> checkLength("role_id", text, LONGEST_ROLE_ID));
    }

    private static void checkLength(String field, String text, int longest) {
        if (text.length() > longest) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "A training pair's " + field + " is at most " + longest
                    + " characters, not " + text.length() + ": shorten it");
        }
    }

    public long version() {
        return version.get();
    }

    public TrainingPairRecord add(String projectId, String datasourceId, String question, String sql, boolean active, Optional<String> roleId) {
        checkPair(Optional.of(question), Optional.of(sql), roleId);
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        String id = AskIds.next("tp_");
        database.update("INSERT INTO ask_training_pairs VALUES (?, ?, ?, ?, ?, ?, 'import', ?, ?, ?)",
                id, projectId, datasourceId, question, sql, active, roleId.orElse(null), now, now);
        version.incrementAndGet();
        return find(datasourceId, id);
    }

    public List<TrainingPairRecord> list(String datasourceId) {
        return database.query("SELECT * FROM ask_training_pairs WHERE datasource_id = ? ORDER BY created_at, id", datasourceId)
                .stream().map(TrainingStore::pair).toList();
    }

    public TrainingPairRecord find(String datasourceId, String id) {
        return database.query("SELECT * FROM ask_training_pairs WHERE datasource_id = ? AND id = ?", datasourceId, id)
                .stream().findFirst().map(TrainingStore::pair)
                .orElseThrow(() -> new TarnException(ErrorCode.TRAINING_PAIR_NOT_FOUND,
                        "No training pair " + id + " on datasource " + datasourceId));
    }

    public TrainingPairRecord update(String datasourceId, String id, Optional<String> question, Optional<String> sql, Optional<Boolean> active) {
        checkPair(question, sql, Optional.empty());
        TrainingPairRecord old = find(datasourceId, id);
        database.update("UPDATE ask_training_pairs SET question = ?, sql = ?, active = ?, modified_at = ? WHERE id = ?",
                question.orElse(old.question()), sql.orElse(old.sql()), active.orElse(old.active()), LocalDateTime.now(ZoneOffset.UTC), id);
        version.incrementAndGet();
        return find(datasourceId, id);
    }

    public void delete(String datasourceId, String id) {
        find(datasourceId, id);
        database.update("DELETE FROM ask_training_pairs WHERE datasource_id = ? AND id = ?", datasourceId, id);
        version.incrementAndGet();
    }

    /** The pairs a question under this role may reuse: active ones for every role, or for this role only. */
    public List<TrainingPair> activePairs(String datasourceId, Optional<String> roleId) {
        return list(datasourceId).stream()
                .filter(TrainingPairRecord::active)
                .filter(pair -> pair.roleId().isEmpty() || pair.roleId().equals(roleId))
                .map(pair -> new TrainingPair(pair.question(), pair.sql()))
                .toList();
    }

    private static TrainingPairRecord pair(Map<String, Object> row) {
        return new TrainingPairRecord((String) row.get("id"), (String) row.get("project_id"), (String) row.get("datasource_id"),
                (String) row.get("question"), (String) row.get("sql"), (Boolean) row.get("active"), (String) row.get("source"),
                Optional.ofNullable((String) row.get("role_id")), instant(row.get("created_at")), instant(row.get("modified_at")));
    }

    static Instant instant(Object value) {
        return ((LocalDateTime) value).toInstant(ZoneOffset.UTC);
    }
}
