package dev.tarn.ask.question;

import dev.tarn.ask.ResultTable;
import dev.tarn.ask.nl.Translation;
import dev.tarn.ask.nl.sql.SqlDialect;

import java.time.Duration;
import java.util.Optional;

/**
 * What became of one question: the engine's translation (SQL or a refusal), the rows when the SQL
 * was run, and how long each step took.
 *
 * @param displaySql the SQL with its values written as literals, for people; empty if it could not be re-printed
 */
public record QuestionOutcome(String datasourceId, SqlDialect dialect, Translation translation, Optional<String> displaySql,
                              Optional<ResultTable> rows, Duration translateTime, Duration runTime) {
    public boolean answered() {
        return translation instanceof Translation.Answer;
    }

    public Optional<Translation.Answer> answer() {
        return translation instanceof Translation.Answer answer ? Optional.of(answer) : Optional.empty();
    }

    public Optional<Translation.Refusal> refusal() {
        return translation instanceof Translation.Refusal refusal ? Optional.of(refusal) : Optional.empty();
    }

    QuestionOutcome withRows(ResultTable table, Duration time) {
        return new QuestionOutcome(datasourceId, dialect, translation, displaySql, Optional.of(table), translateTime, time);
    }
}
