package dev.tarn.ask.nl.training;

import dev.tarn.ask.nl.understanding.Tag;
import dev.tarn.ask.nl.understanding.Tagger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The administrators' question/SQL pairs of one datasource, looked up before any parsing: a question
 * of the same shape as a stored one (same words once values and stop words are set aside) reuses the
 * stored SQL with its own values bound in place of the stored question's values.
 */
public final class TrainingPairs {
    /** A stored pair made reusable: its shape, its SQL template, and for each literal the slot it came from (or none). */
    private record Template(TrainingPair pair, QuestionShape shape, SqlTemplate sql, List<Optional<Integer>> slotOfLiteral) {
    }

    /** SQL reused from a pair, with the values to bind and the pair it came from. */
    public record Reuse(String sql, List<Object> parameters, TrainingPair pair, boolean exact) {
        public Reuse {
            parameters = List.copyOf(parameters);
        }
    }

    private final Map<String, List<Template>> templatesByShape;

    private TrainingPairs(Map<String, List<Template>> templatesByShape) {
        this.templatesByShape = templatesByShape;
    }

    public static TrainingPairs none() {
        return new TrainingPairs(Map.of());
    }

    /** Fails with IllegalArgumentException, saying why, when a pair's SQL is not one SELECT this engine can re-print. */
    public static void checkSql(String sql) {
        SqlTemplate.parse(sql);
    }

    /** Prepares the pairs against the datasource's tagger, so their values are found the way a question's are. */
    public static TrainingPairs of(List<TrainingPair> pairs, Tagger tagger) {
        Map<String, List<Template>> byShape = new HashMap<>();
        for (TrainingPair pair : pairs) {
            QuestionShape shape = QuestionShape.of(tagger.tag(pair.question()));
            SqlTemplate sql = SqlTemplate.parse(pair.sql());
            List<Optional<Integer>> slotOfLiteral = new ArrayList<>();
            for (Object literal : sql.literals()) {
                Optional<Integer> slot = Optional.empty();
                for (int index = 0; index < shape.slots().size(); index++) {
                    if (QuestionShape.sameValue(shape.slots().get(index).value(), literal)) {
                        slot = Optional.of(index);
                        break;
                    }
                }
                slotOfLiteral.add(slot);
            }
            byShape.computeIfAbsent(shape.key(), key -> new ArrayList<>()).add(new Template(pair, shape, sql, List.copyOf(slotOfLiteral)));
        }
        Map<String, List<Template>> frozen = new HashMap<>();
        byShape.forEach((key, templates) -> frozen.put(key, List.copyOf(templates)));
        return new TrainingPairs(Map.copyOf(frozen));
    }

    /**
     * The stored SQL for a question of a stored shape, when exactly one stored pair fits: each new
     * value must be a value of a column the stored value was in, so a city never fills a state's place.
     */
    public Optional<Reuse> match(List<Tag> tags) {
        QuestionShape shape = QuestionShape.of(tags);
        List<Reuse> fits = new ArrayList<>();
        for (Template template : templatesByShape.getOrDefault(shape.key(), List.of())) {
            if (!slotsFit(template.shape(), shape)) continue;
            List<Object> parameters = new ArrayList<>();
            for (int index = 0; index < template.sql().literals().size(); index++) {
                Optional<Integer> slot = template.slotOfLiteral().get(index);
                parameters.add(slot.isPresent() ? shape.slots().get(slot.get()).value() : template.sql().literals().get(index));
            }
            boolean exact = template.shape().slots().equals(shape.slots());
            fits.add(new Reuse(template.sql().sql(), parameters, template.pair(), exact));
        }
        if (fits.size() != 1) return Optional.empty();
        return Optional.of(fits.getFirst());
    }

    private static boolean slotsFit(QuestionShape stored, QuestionShape asked) {
        if (stored.slots().size() != asked.slots().size()) return false;
        for (int index = 0; index < stored.slots().size(); index++) {
            var storedColumns = stored.slots().get(index).columns();
            var askedColumns = asked.slots().get(index).columns();
            if (storedColumns.isEmpty() != askedColumns.isEmpty()) return false;
            if (!storedColumns.isEmpty() && askedColumns.stream().noneMatch(storedColumns::contains)) return false;
        }
        return true;
    }
}
