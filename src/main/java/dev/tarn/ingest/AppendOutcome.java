package dev.tarn.ingest;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** The answer to an accepted append: its task (none for an empty batch), and for a synchronous append the error it met. */
public record AppendOutcome(Optional<UUID> taskId, Optional<String> failure) {
    public AppendOutcome {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(failure, "failure");
    }
}
