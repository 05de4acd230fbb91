package dev.tarn.ask.nl;

import org.junit.jupiter.api.Test;

import static dev.tarn.ask.nl.Answers.answer;
import static org.assertj.core.api.Assertions.assertThat;

/** Questions about a GeoQuery-like schema whose joins are inferred from column names; each with the exact SQL expected. */
class GeographyQuestionsTest {
    private final QuestionTranslator geography = Fixtures.geography();

    @Test
    void anAttributeOfARowNamedByAValueSelectsThatColumnFilteredOnTheRowsKey() {
        Translation.Answer answer = answer(geography.translate("what is the capital of texas"));
        assertThat(answer.sql()).isEqualTo("SELECT \"state\".\"capital\" FROM \"state\" WHERE \"state\".\"state_name\" = ?");
        assertThat(answer.parameters()).containsExactly("texas");
        assertThat(answer.interpretation()).isEqualTo("capital of states, state name is texas");
        assertThat(answer.confidence()).isEqualTo(1.0);
    }

    @Test
    void aColumnNameSharedByTwoTablesGoesToTheTableTheValueNames() {
        Translation.Answer answer = answer(geography.translate("population of texas"));
        assertThat(answer.sql()).isEqualTo("SELECT \"state\".\"population\" FROM \"state\" WHERE \"state\".\"state_name\" = ?");
    }

    @Test
    void aTableAloneListsItsDisplayColumnFilteredByAValueOfItsOwnColumn() {
        Translation.Answer answer = answer(geography.translate("rivers in texas"));
        assertThat(answer.sql()).isEqualTo("SELECT \"river\".\"river_name\" FROM \"river\" WHERE \"river\".\"traverse\" = ?");
        assertThat(answer.parameters()).containsExactly("texas");
    }

    @Test
    void aValueAfterInNamesWhereTheRowsAreNotTheRowsThemselves() {
        Translation.Answer answer = answer(geography.translate("cities in new york"));
        assertThat(answer.sql()).isEqualTo("SELECT \"city\".\"city_name\" FROM \"city\" WHERE \"city\".\"state_name\" = ?");
        assertThat(answer.parameters()).containsExactly("new york");
    }

    @Test
    void howManyCountsTheRowsOfTheTableItNames() {
        Translation.Answer answer = answer(geography.translate("how many cities are in texas"));
        assertThat(answer.sql()).isEqualTo("SELECT COUNT(*) FROM \"city\" WHERE \"city\".\"state_name\" = ?");
        assertThat(answer.interpretation()).isEqualTo("number of cities, state name is texas");
    }

    @Test
    void aSuperlativeOfATableUsesItsOnlyMeasureInAScalarSubqueryWithTheSameFilters() {
        Translation.Answer answer = answer(geography.translate("what is the largest city in texas"));
        assertThat(answer.sql()).isEqualTo("SELECT \"city\".\"city_name\" FROM \"city\" WHERE \"city\".\"population\" = "
                + "(SELECT MAX(\"city\".\"population\") FROM \"city\" WHERE \"city\".\"state_name\" = ?) AND \"city\".\"state_name\" = ?");
        assertThat(answer.parameters()).containsExactly("texas", "texas");
        assertThat(answer.interpretation()).isEqualTo("the city with the highest population, state name is texas");
        assertThat(answer.confidence()).as("the measure was assumed").isLessThan(1.0);
    }

    @Test
    void aSuperlativeWithANamedMeasureRanksByThatMeasure() {
        Translation.Answer answer = answer(geography.translate("which state has the smallest population"));
        assertThat(answer.sql()).isEqualTo("SELECT \"state\".\"state_name\" FROM \"state\" WHERE \"state\".\"population\" = "
                + "(SELECT MIN(\"state\".\"population\") FROM \"state\")");
    }

    @Test
    void anAttributeOfTheRowWithASuperlativeSelectsTheAttribute() {
        Translation.Answer answer = answer(geography.translate("what is the capital of the state with the largest population"));
        assertThat(answer.sql()).isEqualTo("SELECT \"state\".\"capital\" FROM \"state\" WHERE \"state\".\"population\" = "
                + "(SELECT MAX(\"state\".\"population\") FROM \"state\")");
        assertThat(answer.interpretation()).isEqualTo("capital of the state with the highest population");
    }

    @Test
    void theMostOfAnotherTableCountsTheJoinedRowsAndKeepsTies() {
        Translation.Answer answer = answer(geography.translate("which state has the most cities"));
        assertThat(answer.sql()).isEqualTo("SELECT \"state\".\"state_name\" FROM \"state\" JOIN \"city\" ON \"state\".\"state_name\" = "
                + "\"city\".\"state_name\" GROUP BY \"state\".\"state_name\" HAVING COUNT(*) = (SELECT COUNT(*) FROM \"state\" JOIN \"city\" ON \"state\".\"state_name\" = \"city\".\"state_name\" GROUP BY \"state\".\"state_name\" ORDER BY COUNT(*) DESC LIMIT 1)");
    }

    @Test
    void aComparisonAfterAColumnFiltersThatColumnWithABoundNumber() {
        Translation.Answer answer = answer(geography.translate("cities with population over 1,000,000"));
        assertThat(answer.sql()).isEqualTo("SELECT \"city\".\"city_name\" FROM \"city\" WHERE \"city\".\"population\" > ?");
        assertThat(answer.parameters()).containsExactly(new java.math.BigDecimal("1000000"));
    }

    @Test
    void betweenTakesTwoBoundNumbers() {
        Translation.Answer answer = answer(geography.translate("rivers with length between 500 and 1000"));
        assertThat(answer.sql()).isEqualTo("SELECT \"river\".\"river_name\" FROM \"river\" WHERE \"river\".\"length\" BETWEEN ? AND ?");
        assertThat(answer.parameters()).containsExactly(new java.math.BigDecimal("500"), new java.math.BigDecimal("1000"));
    }

    @Test
    void aComparisonWithoutAColumnUsesTheTablesOnlyMeasure() {
        Translation.Answer answer = answer(geography.translate("rivers longer than 500"));
        assertThat(answer.sql()).isEqualTo("SELECT \"river\".\"river_name\" FROM \"river\" WHERE \"river\".\"length\" > ?");
        assertThat(answer.confidence()).isEqualTo(0.9);
    }

    @Test
    void anAggregateOfAMeasureWithAValueFilter() {
        Translation.Answer answer = answer(geography.translate("total population of cities in california"));
        assertThat(answer.sql()).isEqualTo("SELECT SUM(\"city\".\"population\") FROM \"city\" WHERE \"city\".\"state_name\" = ?");
        assertThat(answer.parameters()).containsExactly("california");
    }

    @Test
    void aFilterOnAnotherTableJoinsAlongTheInferredKey() {
        Translation.Answer answer = answer(geography.translate("cities in states with area over 100000"));
        assertThat(answer.sql()).isEqualTo("SELECT \"city\".\"city_name\" FROM \"city\" JOIN \"state\" ON \"city\".\"state_name\" = "
                + "\"state\".\"state_name\" WHERE \"state\".\"area\" > ?");
    }

    @Test
    void aColumnNamedBeforeItsOwnValueLocatesTheValueAndIsNotAskedFor() {
        Translation.Answer answer = answer(geography.translate("what states border oklahoma"));
        assertThat(answer.sql()).isEqualTo("SELECT \"state\".\"state_name\" FROM \"state\" JOIN \"border_info\" ON \"state\".\"state_name\" = "
                + "\"border_info\".\"state_name\" WHERE \"border_info\".\"border\" = ?");
        assertThat(answer.parameters()).containsExactly("oklahoma");
    }

    @Test
    void theRankedMeasureItselfIsOneValue() {
        assertThat(answer(geography.translate("what is the length of the longest river")).sql()).isEqualTo(
                "SELECT DISTINCT \"river\".\"length\" FROM \"river\" WHERE \"river\".\"length\" = (SELECT MAX(\"river\".\"length\") FROM \"river\")");
    }

    @Test
    void aValueAfterInNamesWhereTheRankedRowsAreEvenWhenItAlsoNamesOneOfThem() {
        // "new york" is a city and a state: the largest city *in* new york is in the state
        Translation.Answer answer = answer(geography.translate("what is the biggest city in new york"));
        assertThat(answer.sql()).endsWith("WHERE \"city\".\"state_name\" = ?) AND \"city\".\"state_name\" = ?");
    }

    @Test
    void theColumnAskedForSetsTheRowsAndANamedTableOnlyLocatesThem() {
        Translation.Answer answer = answer(geography.translate("population of the cities in the state with capital sacramento"));
        assertThat(answer.sql()).isEqualTo("SELECT \"city\".\"population\" FROM \"city\" JOIN \"state\" ON \"city\".\"state_name\" = "
                + "\"state\".\"state_name\" WHERE \"state\".\"capital\" = ?");
        assertThat(answer.parameters()).containsExactly("sacramento");
    }

    @Test
    void aSuperlativeOfAnotherNamedTablePicksItsRowAndTheAnswerIsTheJoinedRows() {
        Translation.Answer answer = answer(geography.translate("what are the cities in the state with the largest area"));
        assertThat(answer.sql()).isEqualTo("SELECT \"city\".\"city_name\" FROM \"city\" JOIN \"state\" ON \"city\".\"state_name\" = "
                + "\"state\".\"state_name\" WHERE \"state\".\"area\" = (SELECT MAX(\"state\".\"area\") FROM \"state\")");
        assertThat(answer.interpretation()).isEqualTo("cities of the state with the highest area");
    }

    @Test
    void aOneWordColumnNameIsFoundInItsVerbFormsAndWhichOfTheAsksForTheTable() {
        Translation.Answer answer = answer(geography.translate("which of the states bordering oklahoma has the largest population"));
        assertThat(answer.sql()).isEqualTo("SELECT \"state\".\"state_name\" FROM \"state\" JOIN \"border_info\" ON \"state\".\"state_name\" = "
                + "\"border_info\".\"state_name\" WHERE \"state\".\"population\" = (SELECT MAX(\"state\".\"population\") FROM \"state\" "
                + "WHERE \"state\".\"state_name\" IN (SELECT \"border_info\".\"state_name\" FROM \"border_info\" WHERE \"border_info\".\"border\" = ?)) "
                + "AND \"border_info\".\"border\" = ?");
        assertThat(answer.parameters()).containsExactly("oklahoma", "oklahoma");
    }

    @Test
    void aDimensionAdjectiveRanksByTheMeasureNamedForThatDimension() {
        assertThat(answer(geography.translate("what is the largest state")).sql()).isEqualTo("SELECT \"state\".\"state_name\" FROM \"state\" "
                + "WHERE \"state\".\"area\" = (SELECT MAX(\"state\".\"area\") FROM \"state\")");
        assertThat(answer(geography.translate("shortest river")).sql()).isEqualTo("SELECT \"river\".\"river_name\" FROM \"river\" "
                + "WHERE \"river\".\"length\" = (SELECT MIN(\"river\".\"length\") FROM \"river\")");
    }

    @Test
    void howWithADimensionAdjectiveAsksForTheMeasureOfThatDimension() {
        Translation.Answer answer = answer(geography.translate("how long is the rio grande"));
        assertThat(answer.sql()).isEqualTo("SELECT \"river\".\"length\" FROM \"river\" WHERE \"river\".\"river_name\" = ?");
        assertThat(answer(geography.translate("how big is texas")).sql())
                .isEqualTo("SELECT \"state\".\"area\" FROM \"state\" WHERE \"state\".\"state_name\" = ?");
    }

    @Test
    void whereAsksForWhatTheRowIsIn() {
        Translation.Answer answer = answer(geography.translate("where is dallas"));
        assertThat(answer.sql()).isEqualTo("SELECT \"city\".\"state_name\" FROM \"city\" WHERE \"city\".\"city_name\" = ?");
        assertThat(answer.parameters()).containsExactly("dallas");
    }

    @Test
    void aComparativeWithANamedRowComparesWithThatRowsValueOfTheDimension() {
        Translation.Answer answer = answer(geography.translate("which states are bigger than texas"));
        assertThat(answer.sql()).isEqualTo("SELECT \"state\".\"state_name\" FROM \"state\" WHERE \"state\".\"area\" > "
                + "(SELECT MAX(\"state\".\"area\") FROM \"state\" WHERE \"state\".\"state_name\" = ?)");
        assertThat(answer.parameters()).containsExactly("texas");
        assertThat(answer(geography.translate("cities with a population smaller than houston")).sql()).isEqualTo(
                "SELECT \"city\".\"city_name\" FROM \"city\" WHERE \"city\".\"population\" < "
                + "(SELECT MIN(\"city\".\"population\") FROM \"city\" WHERE \"city\".\"city_name\" = ?)");
    }

    @Test
    void aSuperlativeNounWithByNamesItsMeasure() {
        assertThat(answer(geography.translate("what is the smallest state by population")).sql()).isEqualTo(
                "SELECT \"state\".\"state_name\" FROM \"state\" WHERE \"state\".\"population\" = (SELECT MIN(\"state\".\"population\") FROM \"state\")");
    }

    @Test
    void aNameRightAfterARowsKeyNameSaysWhichOfThoseRowsIsMeant() {
        // austin is a city and a state's capital; "austin texas" is the city austin in texas
        Translation.Answer answer = answer(geography.translate("what is the population of austin texas"));
        assertThat(answer.sql()).isEqualTo("SELECT \"city\".\"population\" FROM \"city\" WHERE \"city\".\"city_name\" = ? "
                + "AND \"city\".\"state_name\" = ?");
        assertThat(answer.parameters()).containsExactly("austin", "texas");
    }

    @Test
    void aTableAfterNoOrNotIsARelationWithoutRows() {
        String expected = "SELECT \"state\".\"state_name\" FROM \"state\" WHERE \"state\".\"state_name\" NOT IN "
                + "(SELECT \"city\".\"state_name\" FROM \"city\" WHERE \"city\".\"state_name\" IS NOT NULL)";
        assertThat(answer(geography.translate("which states have no cities")).sql()).isEqualTo(expected);
        assertThat(answer(geography.translate("states that do not have cities")).sql()).isEqualTo(expected);
    }

    @Test
    void aTableAfterHaveOrWithThatNothingElseRelatesIsWhatTheRowsMustHave() {
        assertThat(answer(geography.translate("which states have a city")).sql()).isEqualTo("SELECT \"state\".\"state_name\" FROM \"state\" "
                + "WHERE \"state\".\"state_name\" IN (SELECT \"city\".\"state_name\" FROM \"city\")");
    }
}
