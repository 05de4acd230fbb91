package dev.tarn.http.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import dev.tarn.http.JsonBody;
import io.javalin.http.Context;

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

    private final JsonBody body;

    private AuthRequestBody(JsonBody body) {
        this.body = body;
    }

    /** Reads the body; 400 when it is not one JSON object or names a field outside {@code knownFields}. */
    static AuthRequestBody read(Context context, Set<String> knownFields) {
        JsonBody body = JsonBody.readStrict(context, MAXIMUM_BYTES);
        List<String> unknown = new ArrayList<>();
        body.fieldNames().forEach(name -> {
            if (!knownFields.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "Unknown field " + String.join(", ", unknown)
                    + ": this endpoint takes only " + String.join(", ", new TreeSet<>(knownFields)));
        }
        return new AuthRequestBody(body);
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
        JsonNode value = body.field(field).orElse(null);
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
