package dev.tarn.ask.nl;

import dev.tarn.ask.nl.model.ColumnReference;
import dev.tarn.ask.nl.model.SemanticModelBuilder;
import dev.tarn.ask.nl.model.Synonyms;
import dev.tarn.ask.nl.sql.ComparisonOperator;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static dev.tarn.ask.nl.Answers.answer;
import static dev.tarn.ask.nl.Answers.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * "How many" of a quantity, an administrator's phrasing of a comparison ("major"), and the readings
 * refused because they answer with what the question gave or list a superlative per row.
 */
class QuantitiesAndPhrasingsTest {
    private final QuestionTranslator parks = new QuestionTranslator(SemanticModelBuilder.build(RelationsFromValuesTest.schema(),
            RelationsFromValuesTest.values(), new Synonyms(List.of(Synonyms.TermSynonym.forColumn("people", "park", "visitors")), List.of(),
            List.of(new Synonyms.ConditionPhrasing("major", new ColumnReference("trail", "length"), ComparisonOperator.GREATER, new BigDecimal("10"))))), Fixtures.CLOCK);

    @Test
    void howManyOfAQuantityOfOneNamedRowIsTheQuantity() {
        Translation.Answer answer = answer(parks.translate("how many people live in yosemite"));
        assertThat(answer.sql()).isEqualTo("SELECT \"park\".\"visitors\" FROM \"park\" WHERE \"park\".\"park_name\" = ?");
        assertThat(answer.parameters()).containsExactly("yosemite");
    }

    @Test
    void howManyOfAQuantityOverSeveralRowsIsItsTotal() {
        Translation.Answer answer = answer(parks.translate("how many visitors do parks in the usa have"));
        assertThat(answer.sql()).isEqualTo("SELECT SUM(\"park\".\"visitors\") FROM \"park\" WHERE \"park\".\"country\" = ?");
        assertThat(answer.parameters()).containsExactly("usa");
    }

    @Test
    void aPhrasingOfAComparisonFiltersTheRowsItIsSaidOf() {
        Translation.Answer answer = answer(parks.translate("major trails in zion"));
        assertThat(answer.sql()).isEqualTo("SELECT \"trail\".\"trail_name\" FROM \"trail\" WHERE \"trail\".\"region\" = ? "
                + "AND \"trail\".\"length\" > ?");
        assertThat(answer.parameters()).containsExactly("zion", new BigDecimal("10"));
        assertThat(answer(parks.translate("how many major trails are there")).sql())
                .isEqualTo("SELECT COUNT(*) FROM \"trail\" WHERE \"trail\".\"length\" > ?");
    }

    @Test
    void aColumnAskedForAndGivenAtOnceIsNotAReading() {
        // the gateway asked for cannot be the gateway "denali"; the park named denali is meant
        Translation.Answer answer = answer(parks.translate("the gateway of denali"));
        assertThat(answer.sql()).isEqualTo("SELECT \"park\".\"gateway\" FROM \"park\" WHERE \"park\".\"park_name\" = ?");
    }

    @Test
    void aColumnNamedWithASuperlativeIsListedOnlyForANamedRow() {
        assertThat(answer(parks.translate("the highest peak of zion")).sql())
                .isEqualTo("SELECT \"park\".\"highest_peak\" FROM \"park\" WHERE \"park\".\"park_name\" = ?");
        Translation.Refusal refusal = refusal(parks.translate("the highest peak in the usa"));
        assertThat(refusal.message()).contains("highest peak");
    }
}
