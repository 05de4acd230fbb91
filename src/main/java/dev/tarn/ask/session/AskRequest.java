package dev.tarn.ask.session;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code POST /v1/ask}: the datasource ({@code table}), the question, the tenant ({@code customer})
 * and end user ({@code user}) it is asked for, the privacy mode and, to continue a conversation, the
 * session. {@code customer} and {@code user} also reach the row filters as the role variables
 * {@code customer} and {@code user}, over any request variable of the same name.
 */
public record AskRequest(String datasourceId, String question, String customer, String user, AskMode mode,
                         Optional<String> sessionId, Optional<String> roleId, Map<String, String> roleVariables) {
    static final int MAXIMUM_NAME_LENGTH = 200;

    public AskRequest {
        Objects.requireNonNull(datasourceId, "datasourceId");
        Objects.requireNonNull(question, "question");
        requireName("customer", customer);
        requireName("user", user);
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(roleId, "roleId");
        roleVariables = Map.copyOf(roleVariables);
    }

    private static void requireName(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new TarnException(ErrorCode.MISSING_FIELD, field + " is required: every question is asked for a customer and a user");
        }
        if (value.length() > MAXIMUM_NAME_LENGTH) {
            throw new TarnException(ErrorCode.INVALID_FIELD, field + " is longer than " + MAXIMUM_NAME_LENGTH + " characters");
        }
    }

    /** The role variables with the tenant and end user set by the server, not by the request body's variables. */
    public Map<String, String> scopedVariables() {
        Map<String, String> variables = new java.util.LinkedHashMap<>(roleVariables);
        variables.put("customer", customer);
        variables.put("user", user);
        return variables;
    }
}
