package dev.tarn.ask.nl;

import org.junit.jupiter.api.Test;

import static dev.tarn.ask.nl.Answers.answer;
import static dev.tarn.ask.nl.Answers.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Questions with a question inside, read when no flat reading exists: the inner noun phrase answers
 * rows of one table, which stand in the outer question as "one of" their keys (an IN subquery).
 */
class NestedQuestionsTest {
    private final QuestionTranslator geography = Fixtures.geography();

    @Test
    void twoSuperlativesAreAPhraseInsideAPhrase() {
        Translation.Answer answer = answer(geography.translate("what is the largest city in the smallest state"));
        String smallestState = "(SELECT \"state\".\"state_name\" FROM \"state\" WHERE \"state\".\"area\" = (SELECT MIN(\"state\".\"area\") FROM \"state\"))";
        assertThat(answer.sql()).isEqualTo("SELECT \"city\".\"city_name\" FROM \"city\" WHERE \"city\".\"population\" = "
                + "(SELECT MAX(\"city\".\"population\") FROM \"city\" WHERE \"city\".\"state_name\" IN " + smallestState + ") "
                + "AND \"city\".\"state_name\" IN " + smallestState);
        assertThat(answer.parameters()).isEmpty();
    }

    @Test
    void anAttributeOfTheRowsARankingByCountPicks() {
        Translation.Answer answer = answer(geography.translate("what is the population of the state with the most cities"));
        assertThat(answer.sql()).isEqualTo("SELECT \"state\".\"population\" FROM \"state\" WHERE \"state\".\"state_name\" IN "
                + "(SELECT \"state\".\"state_name\" FROM \"state\" JOIN \"city\" ON \"state\".\"state_name\" = \"city\".\"state_name\" "
                + "GROUP BY \"state\".\"state_name\" HAVING COUNT(*) = (SELECT COUNT(*) FROM \"state\" JOIN \"city\" ON \"state\".\"state_name\" = \"city\".\"state_name\" GROUP BY \"state\".\"state_name\" ORDER BY COUNT(*) DESC LIMIT 1))");
    }

    @Test
    void aPrepositionLeftAtTheEndPlacesTheInnerRows() {
        Translation.Answer answer = answer(geography.translate("which state is the largest city in texas in"));
        assertThat(answer.sql()).isEqualTo("SELECT \"state\".\"state_name\" FROM \"state\" JOIN \"city\" ON \"state\".\"state_name\" = "
                + "\"city\".\"state_name\" WHERE \"city\".\"city_name\" IN (SELECT \"city\".\"city_name\" FROM \"city\" WHERE "
                + "\"city\".\"population\" = (SELECT MAX(\"city\".\"population\") FROM \"city\" WHERE \"city\".\"state_name\" = ?) "
                + "AND \"city\".\"state_name\" = ?)");
        assertThat(answer.parameters()).containsExactly("texas", "texas");
    }

    @Test
    void aCopulaMakesTheInnerRowsTheRowsAskedForSoTheirTablesMustAgree() {
        assertThat(refusal(geography.translate("which river is the largest city in texas"))).isNotNull();
    }

    @Test
    void howManyOfANestedPhraseCountsItsRows() {
        Translation.Answer answer = answer(geography.translate("how many cities are in the state with the largest population"));
        assertThat(answer.sql()).isEqualTo("SELECT COUNT(*) FROM \"city\" WHERE \"city\".\"state_name\" IN (SELECT \"state\".\"state_name\" "
                + "FROM \"state\" WHERE \"state\".\"population\" = (SELECT MAX(\"state\".\"population\") FROM \"state\"))");
    }

    @Test
    void aMeasureRightBeforeItsTablesNounIsAnAdjectiveOfIt() {
        // "population" alone is a column of states and of cities; before "city" it is the city's
        Translation.Answer answer = answer(geography.translate("what is the highest population city in texas"));
        assertThat(answer.sql()).isEqualTo("SELECT \"city\".\"city_name\" FROM \"city\" WHERE \"city\".\"population\" = "
                + "(SELECT MAX(\"city\".\"population\") FROM \"city\" WHERE \"city\".\"state_name\" = ?) AND \"city\".\"state_name\" = ?");
    }
}
