package dev.tarn.ask.nl;

import dev.tarn.ask.nl.model.SemanticModelBuilder;
import dev.tarn.ask.nl.model.Synonyms;
import dev.tarn.ask.nl.sql.SqlDialect;
import dev.tarn.ask.nl.training.TrainingPair;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static dev.tarn.ask.nl.Answers.answer;
import static dev.tarn.ask.nl.Answers.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/** Administrators' question/SQL pairs are used before parsing, with the asked question's values. */
class TrainingPairsTest {
    private final QuestionTranslator geography = new QuestionTranslator(
            SemanticModelBuilder.build(Fixtures.geographySchema(SqlDialect.DUCKDB), Fixtures.geographyValues(), Synonyms.none()),
            Fixtures.CLOCK,
            List.of(new TrainingPair("how many people live in texas", "SELECT population FROM state WHERE state_name = 'texas'"),
                    new TrainingPair("major cities in texas", "SELECT city_name FROM city WHERE population > 150000 AND state_name = 'texas'")));

    @Test
    void theStoredQuestionGetsTheStoredSqlWithItsValuesBound() {
        Translation.Answer answer = answer(geography.translate("how many people live in texas"));
        assertThat(answer.sql()).isEqualTo("SELECT population FROM state WHERE state_name = ?");
        assertThat(answer.parameters()).containsExactly("texas");
        assertThat(answer.confidence()).isEqualTo(1.0);
    }

    @Test
    void aQuestionOfTheSameShapeReusesTheSqlWithItsOwnValue() {
        Translation.Answer answer = answer(geography.translate("how many people live in california?"));
        assertThat(answer.sql()).isEqualTo("SELECT population FROM state WHERE state_name = ?");
        assertThat(answer.parameters()).containsExactly("california");
        assertThat(answer.interpretation()).isEqualTo("as the stored question \"how many people live in texas\", with this question's values");
    }

    @Test
    void literalsNotFromTheQuestionStayAsTheyWereButBound() {
        Translation.Answer answer = answer(geography.translate("major cities in new york"));
        assertThat(answer.sql()).isEqualTo("SELECT city_name FROM city WHERE population > ? AND state_name = ?");
        assertThat(answer.parameters()).containsExactly(new BigDecimal("150000"), "new york");
    }

    @Test
    void aValueOfAnotherColumnDoesNotFitTheStoredValuesPlace() {
        // houston is a city, not a state: the pair does not apply, and the parser does not know "people" ("live" only locates)
        Translation.Refusal refusal = refusal(geography.translate("how many people live in houston"));
        assertThat(refusal.unplacedWords()).containsExactly("people");
    }
}
