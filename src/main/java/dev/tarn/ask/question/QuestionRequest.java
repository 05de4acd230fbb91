package dev.tarn.ask.question;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One question about one datasource, with the role it is asked under (a temp token's role wins over
 * these, see AskPolicies.roleFor) and, in a conversation, the questions answered before it, oldest
 * first (a follow-up refines them: "and by country?", "just the top 3").
 */
public record QuestionRequest(String datasourceId, String question, Optional<String> roleId, Map<String, String> roleVariables,
                              List<String> earlierQuestions) {
    /** Longer than any question a person types; a bound on the engine's work for hostile input. */
    public static final int MAXIMUM_QUESTION_LENGTH = 2_000;

    public QuestionRequest {
        Objects.requireNonNull(datasourceId, "datasourceId");
        Objects.requireNonNull(roleId, "roleId");
        roleVariables = Map.copyOf(roleVariables);
        earlierQuestions = List.copyOf(earlierQuestions);
        if (question == null || question.isBlank()) {
            throw new TarnException(ErrorCode.MISSING_FIELD, "question is required: send the question in plain English");
        }
        if (question.length() > MAXIMUM_QUESTION_LENGTH) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "question is longer than " + MAXIMUM_QUESTION_LENGTH + " characters: ask a shorter one");
        }
    }

    public static QuestionRequest single(String datasourceId, String question, Optional<String> roleId, Map<String, String> roleVariables) {
        return new QuestionRequest(datasourceId, question, roleId, roleVariables, List.of());
    }
}
