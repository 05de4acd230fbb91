package dev.tarn.query;

import dev.tarn.engine.QueryProgress;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/** What the query log knows about one query, as GET /query/{id} shows it. */
public record QueryRecord(
        UUID id,
        Instant startTime,
        Optional<Instant> endTime,
        OptionalLong durationMillis,
        String query,
        String sessionId,
        ClientInterface clientInterface,
        boolean visible,
        Optional<String> error,
        Optional<String> requestedBy,
        Optional<String> userAgent,
        String userName,
        Optional<QueryProgress> progress) {
}
