package dev.tarn.ask.nl;

import dev.tarn.ask.nl.model.ColumnReference;
import dev.tarn.ask.nl.model.ColumnSchema;
import dev.tarn.ask.nl.model.DataType;
import dev.tarn.ask.nl.model.DatabaseSchema;
import dev.tarn.ask.nl.model.Relationship;
import dev.tarn.ask.nl.model.SemanticModel;
import dev.tarn.ask.nl.model.SemanticModelBuilder;
import dev.tarn.ask.nl.model.Synonyms;
import dev.tarn.ask.nl.model.TableSchema;
import dev.tarn.ask.nl.model.ValueIndex;
import dev.tarn.ask.nl.sql.SqlDialect;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.tarn.ask.nl.Answers.answer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Relations no name declares, found in the values (trail.region holds park names), and the English
 * around them: verbs that only locate ("runs through"), a name followed by its table's noun ("the zion
 * trail"), and negation of a value a row may have on one of its several rows.
 */
class RelationsFromValuesTest {
    private final SemanticModel model = SemanticModelBuilder.build(schema(), values(), Synonyms.none());
    private final QuestionTranslator parks = new QuestionTranslator(model, Fixtures.CLOCK);

    @Test
    void aColumnWhoseValuesAreAllKeysOfAnotherTableRefersToIt() {
        assertThat(model.relationships()).contains(
                new Relationship(new ColumnReference("trail", "region"), new ColumnReference("park", "park_name"), true, true));
        // two regions are too few to tell a reference from a coincidence
        assertThat(model.relationships()).noneMatch(relationship -> relationship.from().column().equals("gateway"));
    }

    @Test
    void aVerbThatOnlyLocatesReadsAsIn() {
        Translation.Answer answer = answer(parks.translate("what trails run through yosemite"));
        assertThat(answer.sql()).isEqualTo("SELECT \"trail\".\"trail_name\" FROM \"trail\" WHERE \"trail\".\"region\" = ?");
        assertThat(answer.parameters()).containsExactly("yosemite");
    }

    @Test
    void otherColumnsOfRowsReachedThroughManyRelatedRowsComeOncePerRowBySemiJoin() {
        Translation.Answer answer = answer(parks.translate("what is the area of the parks that the mist trail crosses"));
        assertThat(answer.sql()).isEqualTo("SELECT \"park\".\"area\" FROM \"park\" WHERE \"park\".\"park_name\" IN "
                + "(SELECT \"trail\".\"region\" FROM \"trail\" WHERE \"trail\".\"trail_name\" = ?)");
        assertThat(answer.parameters()).containsExactly("mist");
    }

    @Test
    void rowsAskedForAreJoinedThroughARelationFoundInTheValues() {
        Translation.Answer answer = answer(parks.translate("which parks does the mist trail cross"));
        assertThat(answer.sql()).isEqualTo("SELECT \"park\".\"park_name\" FROM \"park\" JOIN \"trail\" ON \"park\".\"park_name\" = "
                + "\"trail\".\"region\" WHERE \"trail\".\"trail_name\" = ?");
        assertThat(answer.parameters()).containsExactly("mist");
    }

    @Test
    void aNameFollowedByItsTablesNounIsReadAsThatRowEvenWhenTheWholePhraseIsAStoredValue() {
        // "zion trail" is also a gate of a park; "zion" is a trail, and the rows asked for are not named by their own key
        Translation.Answer answer = answer(parks.translate("which parks does the zion trail run through"));
        assertThat(answer.sql()).isEqualTo("SELECT \"park\".\"park_name\" FROM \"park\" JOIN \"trail\" ON \"park\".\"park_name\" = "
                + "\"trail\".\"region\" WHERE \"trail\".\"trail_name\" = ?");
        assertThat(answer.parameters()).containsExactly("zion");
    }

    @Test
    void aPluralNounIsNotOneRowNamedByItsKey() {
        // zion is a trail too, but "trails" are several: the value is where they are
        Translation.Answer answer = answer(parks.translate("how many trails does zion have"));
        assertThat(answer.sql()).isEqualTo("SELECT COUNT(*) FROM \"trail\" WHERE \"trail\".\"region\" = ?");
        assertThat(answer.parameters()).containsExactly("zion");
    }

    @Test
    void aQuestionWordAfterAPrepositionStillAsksForTheNounAfterIt() {
        Translation.Answer answer = answer(parks.translate("through which parks does the mist trail run"));
        assertThat(answer.sql()).isEqualTo("SELECT \"park\".\"park_name\" FROM \"park\" JOIN \"trail\" ON \"park\".\"park_name\" = "
                + "\"trail\".\"region\" WHERE \"trail\".\"trail_name\" = ?");
    }

    @Test
    void aNegatedValueExcludesEveryRowOfANameThatHasItOnAnyRowAndListsEachNameOnce() {
        Translation.Answer answer = answer(parks.translate("trails that do not run through acadia"));
        assertThat(answer.sql()).isEqualTo("SELECT DISTINCT \"trail\".\"trail_name\" FROM \"trail\" WHERE \"trail\".\"trail_name\" NOT IN "
                + "(SELECT \"trail\".\"trail_name\" FROM \"trail\" WHERE \"trail\".\"region\" = ?)");
        assertThat(answer.parameters()).containsExactly("acadia");
    }

    @Test
    void howManyOfANegatedNestedPhraseCountsTheNamesExcludedByKey() {
        Translation.Answer answer = answer(parks.translate("how many trails do not run through the park with the largest area"));
        assertThat(answer.sql()).isEqualTo("SELECT COUNT(DISTINCT \"trail\".\"trail_name\") FROM \"trail\" WHERE \"trail\".\"trail_name\" NOT IN "
                + "(SELECT \"trail\".\"trail_name\" FROM \"trail\" WHERE \"trail\".\"region\" IN (SELECT \"park\".\"park_name\" FROM \"park\" "
                + "WHERE \"park\".\"area\" = (SELECT MAX(\"park\".\"area\") FROM \"park\")))");
    }

    @Test
    void aColumnOfATableRankedByTheMostRowsItRefersToRanksItsTableByDistinctKeys() {
        // as "which river traverses the most states": trails ranked by how many parks their region rows reach
        Translation.Answer answer = answer(parks.translate("which trail region has the most parks"));
        String count = "COUNT(DISTINCT \"park\".\"park_name\")";
        String join = " FROM \"trail\" JOIN \"park\" ON \"trail\".\"region\" = \"park\".\"park_name\" GROUP BY \"trail\".\"trail_name\"";
        assertThat(answer.sql()).isEqualTo("SELECT \"trail\".\"trail_name\"" + join + " HAVING " + count + " = (SELECT " + count + join
                + " ORDER BY " + count + " DESC LIMIT 1)");
    }

    static DatabaseSchema schema() {
        return new DatabaseSchema(SqlDialect.DUCKDB, List.of(
                new TableSchema("park", List.of(text("park_name"), new ColumnSchema("area", DataType.DECIMAL), text("gateway"),
                        new ColumnSchema("visitors", DataType.INTEGER), text("highest_peak"), text("country"))),
                new TableSchema("trail", List.of(text("trail_name"), new ColumnSchema("length", DataType.INTEGER), text("region")))));
    }

    static ValueIndex values() {
        Map<ColumnReference, List<String>> values = new LinkedHashMap<>();
        values.put(new ColumnReference("park", "park_name"), List.of("yosemite", "zion", "acadia", "denali"));
        values.put(new ColumnReference("park", "gateway"), List.of("zion trail", "denali"));
        values.put(new ColumnReference("park", "highest_peak"), List.of("half dome", "mount mckinley"));
        values.put(new ColumnReference("park", "country"), List.of("usa"));
        values.put(new ColumnReference("trail", "trail_name"), List.of("mist", "zion", "precipice"));
        values.put(new ColumnReference("trail", "region"), List.of("yosemite", "zion", "acadia"));
        return ValueIndex.of(values);
    }

    private static ColumnSchema text(String name) {
        return new ColumnSchema(name, DataType.TEXT);
    }
}
