package dev.tarn.http.lakehouse;

import dev.tarn.http.JsonBody;
import dev.tarn.query.QueryFormat;
import dev.tarn.query.QueryRequest;
import io.javalin.http.Context;

import java.util.Optional;
import java.util.UUID;

/** Reads the JSON body of POST /query into a {@link QueryRequest}, with the leniency clients rely on. */
final class QueryRequests {
    private QueryRequests() {
    }

    static QueryRequest read(JsonBody body, Context context) {
        return new QueryRequest(
                body.requiredText("statement"),
                body.text("catalog").filter(s -> !s.isBlank()),
                body.text("schema").filter(s -> !s.isBlank()),
                body.text("session_id"),
                body.text("query_id").flatMap(QueryRequests::uuid),
                body.whole("limit"),
                body.whole("offset"),
                body.text("timezone").filter(s -> !s.isBlank()),
                body.bool("visible").orElse(true),
                body.text("requested_by"),
                Optional.ofNullable(context.header("User-Agent")),
                body.text("format").map(QueryFormat::parse).orElse(QueryFormat.DEFAULT));
    }

    /** A caller-chosen query id is used when it is a UUID; otherwise a new one is made, as the reference server does. */
    private static Optional<UUID> uuid(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
