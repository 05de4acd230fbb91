package dev.tarn.ask.nl;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever it is given, the engine answers or refuses; it never throws, and no question text reaches the SQL text. */
class RobustnessTest {
    private final QuestionTranslator geography = Fixtures.geography();
    private final QuestionTranslator product = Fixtures.product();

    @Test
    void oddInputsAreAnsweredOrRefusedNeverThrown() {
        List<String> inputs = new ArrayList<>(List.of("", "   ", "?!", "'", "\"", "--", ";", "texas'--", "'; drop table state; --",
                "1", "top", "top top top", "between", "between 1 and", "not", "by", "last", "last 3", "in", "since",
                "how many how many", "largest largest city", "capital of of of texas", "ÄÖÜ ß 漢字 🙂", "x".repeat(10_000),
                "texas ".repeat(200), "what is the capital of texas ".repeat(20)));
        Random random = new Random(20261121);
        String[] words = {"how", "many", "cities", "in", "texas", "largest", "by", "state", "top", "3", "over", "100", "not",
                "population", "capital", "between", "and", "last", "30", "days", "total", "average", "rivers", "'", ";", "new", "york"};
        for (int question = 0; question < 500; question++) {
            StringBuilder text = new StringBuilder();
            for (int word = random.nextInt(8); word >= 0; word--) text.append(words[random.nextInt(words.length)]).append(' ');
            inputs.add(text.toString());
        }
        for (String input : inputs) {
            Translation translation = geography.translate(input);
            assertThat(translation).as(input).isNotNull();
            if (translation instanceof Translation.Answer answer) {
                assertThat(answer.sql()).as(input).doesNotContain("texas").doesNotContain("york").doesNotContain(";");
            }
            assertThat(product.translate(input)).as(input).isNotNull();
        }
    }
}
