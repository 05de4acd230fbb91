package dev.tarn.ask.nl.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tarn.ask.nl.model.ColumnReference;
import dev.tarn.ask.nl.model.Synonyms;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The product-analytics questions (one JSON object a line: id, question, gold_sql, constructs and,
 * on a follow-up, the id of the question it follows) and the administrator's synonyms file, both
 * kept in this package's test resources so that the benchmark and the precision test read the same.
 */
public final class QuestionSet {
    public static final String QUESTIONS = "/dev/tarn/ask/nl/product-analytics-questions.jsonl";
    public static final String SYNONYMS = "/dev/tarn/ask/nl/product-analytics-synonyms.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One question; {@code earlier} holds the conversation before a follow-up, oldest first, else nothing. */
    public record Question(String id, String text, String goldSql, List<String> constructs, List<String> earlier) {
        public boolean isFollowUp() {
            return !earlier.isEmpty();
        }
    }

    private QuestionSet() {
    }

    public static List<Question> questions(InputStream lines) {
        Map<String, Question> byId = new LinkedHashMap<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(lines, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) continue;
                JsonNode item = JSON.readTree(line);
                List<String> constructs = new ArrayList<>();
                item.path("constructs").forEach(construct -> constructs.add(construct.asText()));
                List<String> earlier = new ArrayList<>();
                Optional.ofNullable(item.get("follows")).map(JsonNode::asText).ifPresent(follows -> {
                    Question previous = byId.get(follows);
                    if (previous == null) throw new IllegalArgumentException(item.get("id").asText() + " follows an unknown question " + follows);
                    earlier.addAll(previous.earlier());
                    earlier.add(previous.text());
                });
                Question question = new Question(item.get("id").asText(), item.get("question").asText(), item.get("gold_sql").asText(),
                        List.copyOf(constructs), List.copyOf(earlier));
                byId.put(question.id(), question);
            }
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
        return List.copyOf(byId.values());
    }

    public static List<Question> questions() {
        return questions(resource(QUESTIONS));
    }

    /**
     * An administrator's synonyms for the datasource: {@code {"terms": [{"phrase", "table", "column"?}],
     * "filters": [{"phrase", "table", "column", "value"}]}}.
     */
    public static Synonyms synonyms(InputStream file) {
        try {
            JsonNode root = JSON.readTree(file);
            List<Synonyms.TermSynonym> terms = new ArrayList<>();
            for (JsonNode term : root.path("terms")) {
                terms.add(term.hasNonNull("column")
                        ? Synonyms.TermSynonym.forColumn(term.get("phrase").asText(), term.get("table").asText(), term.get("column").asText())
                        : Synonyms.TermSynonym.forTable(term.get("phrase").asText(), term.get("table").asText()));
            }
            List<Synonyms.FilterPhrasing> filters = new ArrayList<>();
            for (JsonNode filter : root.path("filters")) {
                filters.add(new Synonyms.FilterPhrasing(filter.get("phrase").asText(),
                        new ColumnReference(filter.get("table").asText(), filter.get("column").asText()), filter.get("value").asText()));
            }
            return new Synonyms(terms, filters);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    public static Synonyms synonyms() {
        return synonyms(resource(SYNONYMS));
    }

    private static InputStream resource(String name) {
        InputStream stream = QuestionSet.class.getResourceAsStream(name);
        if (stream == null) throw new IllegalStateException("no test resource " + name);
        return stream;
    }
}
