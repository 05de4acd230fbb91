package dev.tarn.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A JSON object request body, read whatever the Content-Type says (curl -d sends form encoding,
 * JS sends text/plain), with a size limit; explicit nulls count as absent and unknown fields are
 * ignored, because clients add fields over time.
 */
public final class JsonBody {
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** For bodies where a field given twice could be read one way by a proxy and another by us (credentials). */
    private static final ObjectMapper STRICT_MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** Bodies up to this size are read to their end before a 413, so that clients see the answer. */
    private static final long DRAIN_LIMIT_BYTES = 64L * 1024 * 1024;

    private final ObjectNode object;

    private JsonBody(ObjectNode object) {
        this.object = object;
    }

    /** Reads the body of {@code context}; 413 past {@code maximumBytes}, 400 when it is not one JSON object. */
    public static JsonBody read(Context context, long maximumBytes) {
        return read(context, maximumBytes, MAPPER, " (the limit is query.max_body_bytes)");
    }

    /** The same, refusing a field given twice. */
    public static JsonBody readStrict(Context context, long maximumBytes) {
        return read(context, maximumBytes, STRICT_MAPPER, "");
    }

    /** The body as an object, an empty body read as {}: for routes whose every field is optional. */
    public static ObjectNode readObjectOrEmpty(Context context, long maximumBytes) {
        return read(context, maximumBytes, MAPPER, "", true).object;
    }

    private static JsonBody read(Context context, long maximumBytes, ObjectMapper mapper, String limitHint) {
        return read(context, maximumBytes, mapper, limitHint, false);
    }

    private static JsonBody read(Context context, long maximumBytes, ObjectMapper mapper, String limitHint, boolean emptyIsObject) {
        long declared = context.req().getContentLengthLong();
        byte[] bytes;
        try (InputStream input = context.req().getInputStream()) {
            if (declared > DRAIN_LIMIT_BYTES) {
                context.header("Connection", "close");
                throw tooLarge(maximumBytes, limitHint);
            }
            bytes = input.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maximumBytes + 1));
            if (bytes.length > maximumBytes) {
                // read what is left (within reason) so the client, still sending, gets to read the 413
                drain(input);
                throw tooLarge(maximumBytes, limitHint);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body", e);
        }
        if (bytes.length == 0 || emptyIsObject && new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            if (emptyIsObject) {
                return new JsonBody(mapper.createObjectNode());
            }
            throw new TarnException(ErrorCode.INVALID_JSON, "The request body is empty: send a JSON object");
        }
        JsonNode node;
        try {
            node = mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new TarnException(ErrorCode.INVALID_JSON, "The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!(node instanceof ObjectNode objectNode)) {
            throw new TarnException(ErrorCode.INVALID_JSON, "The request body must be a JSON object");
        }
        return new JsonBody(objectNode);
    }

    /**
     * Reads and drops what is left of a body that will be refused, up to a bound, so a client still
     * sending it gets to read the refusal instead of a reset connection. Past the bound the caller
     * should close the connection after answering.
     */
    public static void drain(InputStream input) throws IOException {
        byte[] discard = new byte[64 * 1024];
        long total = 0;
        int read;
        while (total < DRAIN_LIMIT_BYTES && (read = input.read(discard)) >= 0) {
            total += read;
        }
    }

    private static TarnException tooLarge(long maximumBytes, String limitHint) {
        return new TarnException(ErrorCode.STATEMENT_TOO_LARGE, "The request body is larger than " + maximumBytes + " bytes" + limitHint);
    }

    /** The names of the fields the body has. */
    public java.util.Set<String> fieldNames() {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A field's value as it is, when present. */
    public Optional<JsonNode> field(String name) {
        return Optional.ofNullable(object.get(name));
    }

    /** A required string field. */
    public String requiredText(String field) {
        return text(field).orElseThrow(() -> new TarnException(ErrorCode.MISSING_FIELD,
                "The field '" + field + "' is required"));
    }

    /** An optional string field; numbers are taken as their text, other types are a mistake. */
    public Optional<String> text(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isTextual() || value.isNumber()) {
            return Optional.of(value.asText());
        }
        throw new TarnException(ErrorCode.INVALID_FIELD, "The field '" + field + "' must be a string");
    }

    /** An optional whole-number field. */
    public OptionalLong whole(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return OptionalLong.empty();
        }
        if (value.canConvertToLong() && value.isIntegralNumber()) {
            return OptionalLong.of(value.asLong());
        }
        if (value.isTextual() && value.asText().matches("-?\\d{1,18}")) {
            return OptionalLong.of(Long.parseLong(value.asText()));
        }
        throw new TarnException(ErrorCode.INVALID_FIELD, "The field '" + field + "' must be a whole number");
    }

    /** An optional boolean field. */
    public Optional<Boolean> bool(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isBoolean()) {
            return Optional.of(value.asBoolean());
        }
        throw new TarnException(ErrorCode.INVALID_FIELD, "The field '" + field + "' must be true or false");
    }
}
