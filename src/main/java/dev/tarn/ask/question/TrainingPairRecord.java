package dev.tarn.ask.question;

import java.time.Instant;
import java.util.Optional;

/** A stored question/SQL pair of one datasource, as the training routes show it. */
public record TrainingPairRecord(String id, String projectId, String datasourceId, String question, String sql, boolean active,
                                 String source, Optional<String> roleId, Instant createdAt, Instant modifiedAt) {
}
