package dev.tarn.query;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/** A request to run SQL, as every surface describes it to the query service. */
public record QueryRequest(
        String statement,
        Optional<String> catalog,
        Optional<String> schema,
        Optional<String> sessionId,
        Optional<UUID> queryId,
        OptionalLong limit,
        OptionalLong offset,
        Optional<String> timeZone,
        boolean visible,
        Optional<String> requestedBy,
        Optional<String> userAgent,
        QueryFormat format) {

    public QueryRequest {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(queryId, "queryId");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(offset, "offset");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(format, "format");
    }

    /** A plain request for one statement with every option at its default. */
    public static QueryRequest of(String statement) {
        return new QueryRequest(statement, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), true, Optional.empty(), Optional.empty(),
                QueryFormat.DEFAULT);
    }
}
