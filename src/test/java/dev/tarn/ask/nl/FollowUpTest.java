package dev.tarn.ask.nl;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static dev.tarn.ask.nl.Answers.answer;
import static org.assertj.core.api.Assertions.assertThat;

/** A follow-up refines the previous question when it only changes or adds values, groupings or dates. */
class FollowUpTest {
    private final QuestionTranslator geography = Fixtures.geography();
    private final QuestionTranslator product = Fixtures.product();

    @Test
    void aValueOfTheSameColumnTakesThePreviousValuesPlace() {
        Translation.Answer answer = answer(geography.translateFollowUp("what about california?", "what is the capital of texas"));
        assertThat(answer.sql()).isEqualTo("SELECT \"state\".\"capital\" FROM \"state\" WHERE \"state\".\"state_name\" = ?");
        assertThat(answer.parameters()).containsExactly("california");
    }

    @Test
    void aGroupingIsAdded() {
        Translation.Answer answer = answer(product.translateFollowUp("by country", "total revenue"));
        assertThat(answer.sql()).isEqualTo("SELECT \"customers\".\"country\", SUM(\"orders\".\"amount\") FROM \"orders\" JOIN \"customers\" "
                + "ON \"orders\".\"customer_id\" = \"customers\".\"id\" GROUP BY \"customers\".\"country\"");
    }

    @Test
    void aDateRangeIsAdded() {
        Translation.Answer answer = answer(product.translateFollowUp("and in 2024?", "total revenue by country"));
        assertThat(answer.sql()).contains("WHERE \"orders\".\"ordered_at\" >= ? AND \"orders\".\"ordered_at\" < ?");
        assertThat(answer.parameters()).containsExactly(LocalDate.of(2024, 1, 1), LocalDate.of(2025, 1, 1));
    }

    @Test
    void aValueOfAnotherColumnIsAnAddedFilter() {
        Translation.Answer answer = answer(product.translateFollowUp("only refunded", "number of orders in france"));
        assertThat(answer.sql()).isEqualTo("SELECT COUNT(*) FROM \"orders\" JOIN \"customers\" ON \"orders\".\"customer_id\" = \"customers\".\"id\" "
                + "WHERE \"customers\".\"country\" = ? AND \"orders\".\"status\" = ?");
        assertThat(answer.parameters()).containsExactly("France", "refunded");
    }

    @Test
    void aFollowUpThatNamesSomethingToLookUpIsANewQuestion() {
        Translation.Answer answer = answer(geography.translateFollowUp("how many rivers are there", "what is the capital of texas"));
        assertThat(answer.sql()).isEqualTo("SELECT COUNT(*) FROM \"river\"");
    }
}
