package dev.tarn.http.realtime;

import com.fasterxml.jackson.core.JsonParser;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JSON body of an auth request, read strictly as the realtime API does: a JSON object with
 * only the fields the endpoint knows (a typo must not silently drop a field), string values, no
 * duplicate keys (two "user" fields could be read differently by a proxy and by us), bounded lengths.
 */
final class AuthRequestBody {
    static final int MAXIMUM_USER_LENGTH = 128;
    static final int MAXIMUM_PASSWORD_LENGTH = 256;
    static final int MAXIMUM_EMAIL_LENGTH = 254;
    private static final int MAXIMUM_BYTES = 16 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final ObjectNode object;

    private AuthRequestBody(ObjectNode object) {
        this.object = object;
    }

    /** Reads the body; 400 when it is not one JSON object or names a field outside {@code knownFields}. */
    static AuthRequestBody read(Context context, Set<String> knownFields) {
        byte[] bytes;
        try (InputStream input = context.req().getInputStream()) {
            bytes = input.readNBytes(MAXIMUM_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body", e);
        }
        if (bytes.length > MAXIMUM_BYTES) {
            throw new TarnException(ErrorCode.INVALID_JSON, "The request body is larger than " + MAXIMUM_BYTES + " bytes");
        }
        if (bytes.length == 0) {
            throw new TarnException(ErrorCode.INVALID_JSON, "The request body is empty: send a JSON object");
        }
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new TarnException(ErrorCode.INVALID_JSON, "The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!(node instanceof ObjectNode objectNode)) {
            throw new TarnException(ErrorCode.INVALID_JSON, "The request body must be a JSON object");
        }
        List<String> unknown = new ArrayList<>();
        objectNode.fieldNames().forEachRemaining(name -> {
            if (!knownFields.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "Unknown field " + String.join(", ", unknown)
                    + ": this endpoint takes only " + String.join(", ", new TreeSet<>(knownFields)));
        }
        return new AuthRequestBody(objectNode);
    }

    /** The user name, from {@code user} or its alias {@code username}. */
    String userName() {
        Optional<String> user = optionalText("user", MAXIMUM_USER_LENGTH);
        Optional<String> username = optionalText("username", MAXIMUM_USER_LENGTH);
        if (user.isPresent() && username.isPresent()) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "Send the user name once, as 'user' or as 'username', not both");
        }
        return user.or(() -> username).orElseThrow(() -> new TarnException(ErrorCode.MISSING_FIELD, "The field 'user' is required"));
    }

    String requiredText(String field, int maximumLength) {
        return optionalText(field, maximumLength).orElseThrow(() -> new TarnException(ErrorCode.MISSING_FIELD,
                "The field '" + field + "' is required"));
    }

    /** A string field; null counts as absent, other types are a mistake. */
    Optional<String> optionalText(String field, int maximumLength) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "The field '" + field + "' must be a string");
        }
        String text = value.asText();
        if (text.codePointCount(0, text.length()) > maximumLength) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "The field '" + field + "' is longer than " + maximumLength + " characters");
        }
        return Optional.of(text);
    }
}
