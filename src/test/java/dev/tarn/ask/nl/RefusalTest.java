package dev.tarn.ask.nl;

import dev.tarn.ask.nl.sql.SqlDialect;
import dev.tarn.ask.nl.understanding.RefusalReason;
import org.junit.jupiter.api.Test;

import static dev.tarn.ask.nl.Answers.answer;
import static dev.tarn.ask.nl.Answers.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/** Precision over recall: the engine refuses rather than guess, and says why. */
class RefusalTest {
    private final QuestionTranslator geography = Fixtures.geography();
    private final QuestionTranslator product = Fixtures.product();

    @Test
    void wordsThatNameNothingAreNamedInTheRefusal() {
        Translation.Refusal refusal = refusal(geography.translate("how many people inhabit texas"));
        assertThat(refusal.reason()).isEqualTo(RefusalReason.UNPLACED_WORDS);
        assertThat(refusal.unplacedWords()).containsExactly("people", "inhabit");
        assertThat(refusal.suggestions()).isNotEmpty().allMatch(suggestion -> !suggestion.isBlank());
    }

    @Test
    void theQuestionWithoutItsUnplacedWordsIsOfferedFirstWhenItCanBeAnswered() {
        Translation.Refusal refusal = refusal(geography.translate("total population of the sunny cities in california"));
        assertThat(refusal.unplacedWords()).containsExactly("sunny");
        assertThat(refusal.suggestions()).first().isEqualTo("total population of the cities in california");
    }

    @Test
    void aValueThatNamesRowsOfTwoTablesEquallyIsAmbiguousAndBothReadingsAreOffered() {
        Translation.Refusal refusal = refusal(geography.translate("population of new york"));
        assertThat(refusal.reason()).isEqualTo(RefusalReason.AMBIGUOUS);
        assertThat(refusal.suggestions()).containsExactlyInAnyOrder("population of states, state name is new york",
                "population of cities, city name is new york");
    }

    @Test
    void aSuperlativeOverATableWithSeveralMeasuresAsksWhichOne() {
        Translation.Refusal refusal = refusal(geography.translate("what is the most state"));
        assertThat(refusal.reason()).isEqualTo(RefusalReason.NO_INTERPRETATION);
        assertThat(refusal.message()).contains("population, area, density");
    }

    @Test
    void aNumberAttachedToNothingIsRefused() {
        Translation.Refusal refusal = refusal(geography.translate("cities 300"));
        assertThat(refusal.reason()).isEqualTo(RefusalReason.UNSUPPORTED_CONSTRUCT);
        assertThat(refusal.unplacedWords()).containsExactly("300");
    }

    @Test
    void aQuestionOfOnlyStopWordsIsEmpty() {
        assertThat(refusal(geography.translate("what is the")).reason()).isEqualTo(RefusalReason.EMPTY_QUESTION);
    }

    @Test
    void tablesNoKeyJoinsAreRefused() {
        Translation.Refusal refusal = refusal(geography.translate("rivers in california with population over 10"));
        assertThat(refusal.reason()).isEqualTo(RefusalReason.NO_INTERPRETATION);
    }

    @Test
    void sqlInAQuestionIsRefusedByItsWords() {
        Translation.Refusal refusal = refusal(geography.translate("capital of texas'; drop table state; --"));
        assertThat(refusal.reason()).isEqualTo(RefusalReason.UNPLACED_WORDS);
        assertThat(refusal.unplacedWords()).containsExactly("drop", "table");
    }

    @Test
    void aStoredValueWithAQuoteIsABoundParameterNeverSqlText() {
        Translation.Answer answer = answer(product.translate("clients named o'reilly media"));
        assertThat(answer.sql()).isEqualTo("SELECT \"customers\".\"name\" FROM \"customers\" WHERE \"customers\".\"name\" = ?");
        assertThat(answer.parameters()).containsExactly("O'Reilly Media");
    }

    @Test
    void anAggregateTheDialectLacksIsRefusedNotFakedInSqlite() {
        Translation.Refusal refusal = refusal(Fixtures.product(SqlDialect.SQLITE).translate("median amount of orders"));
        assertThat(refusal.reason()).isEqualTo(RefusalReason.UNSUPPORTED_CONSTRUCT);
        assertThat(refusal.message()).contains("MEDIAN");
    }

    @Test
    void aKeywordWithoutWhatItNeedsIsRefused() {
        Translation.Refusal refusal = refusal(product.translate("total revenue by"));
        assertThat(refusal.reason()).isEqualTo(RefusalReason.UNSUPPORTED_CONSTRUCT);
        assertThat(refusal.unplacedWords()).containsExactly("by");
    }

    @Test
    void aSumOfTextIsRefused() {
        assertThat(refusal(product.translate("total status of orders")).reason()).isEqualTo(RefusalReason.NO_INTERPRETATION);
    }

    @Test
    void twoColumnNamesSideBySideAreAnUnknownCompoundNotTwoColumns() {
        Translation.Refusal refusal = refusal(geography.translate("what is the population density of texas"));
        assertThat(refusal.reason()).isEqualTo(RefusalReason.AMBIGUOUS);
        assertThat(refusal.unplacedWords()).containsExactly("population density");
    }

    @Test
    void whichTableMustBeWhatTheAnswerLists() {
        Translation.Refusal refusal = refusal(geography.translate("which state is the largest city in texas"));
        assertThat(refusal.reason()).isEqualTo(RefusalReason.NO_INTERPRETATION);
        assertThat(refusal.message()).contains("asks which state");
    }

    @Test
    void aColumnWithManyValuesPerRowIsNotAnAttribute() {
        Translation.Refusal refusal = refusal(geography.translate("capital and border of texas"));
        assertThat(refusal.reason()).isEqualTo(RefusalReason.NO_INTERPRETATION);
        assertThat(refusal.message()).contains("many values per state");
    }

    @Test
    void twoValuesOfOneColumnCannotBothHold() {
        // what remains are readings that put the two values on different tables, and several of them tie
        Translation.Refusal refusal = refusal(geography.translate("capital of texas california"));
        assertThat(refusal.reason()).isEqualTo(RefusalReason.AMBIGUOUS);
        assertThat(refusal.suggestions()).contains("capital of states, state name is texas, city state name is california")
                .doesNotContain("capital of states, state name is texas, state name is california");
    }

    @Test
    void aColumnOfAColumnIsAChainNotTwoColumns() {
        Translation.Refusal refusal = refusal(geography.translate("what is the population of the capital of texas"));
        assertThat(refusal.reason()).isEqualTo(RefusalReason.UNSUPPORTED_CONSTRUCT);
        assertThat(refusal.unplacedWords()).containsExactly("population", "capital");
        assertThat(answer(geography.translate("population and area of texas")).sql())
                .isEqualTo("SELECT \"state\".\"population\", \"state\".\"area\" FROM \"state\" WHERE \"state\".\"state_name\" = ?");
    }

    @Test
    void aColumnAskedToHaveTheLargestMeasureIsRefused() {
        // a capital's population is a city's, which this column does not reach; the state's would be another answer
        Translation.Refusal refusal = refusal(geography.translate("which state capital has the largest population"));
        assertThat(refusal.reason()).isEqualTo(RefusalReason.NO_INTERPRETATION);
        assertThat(refusal(geography.translate("what capital has the largest population")).reason()).isEqualTo(RefusalReason.NO_INTERPRETATION);
    }
}
