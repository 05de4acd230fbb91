package dev.tarn.ask.nl;

import dev.tarn.ask.nl.model.Meaning;
import dev.tarn.ask.nl.model.ModelColumn;
import dev.tarn.ask.nl.model.ModelTable;
import dev.tarn.ask.nl.model.SemanticModel;
import dev.tarn.ask.nl.model.Words;
import dev.tarn.ask.nl.sql.RenderedSql;
import dev.tarn.ask.nl.sql.SqlRenderer;
import dev.tarn.ask.nl.sql.UnsupportedSqlException;
import dev.tarn.ask.nl.training.TrainingPair;
import dev.tarn.ask.nl.training.TrainingPairs;
import dev.tarn.ask.nl.understanding.AmbiguousQuestionException;
import dev.tarn.ask.nl.understanding.FollowUp;
import dev.tarn.ask.nl.understanding.Interpreter;
import dev.tarn.ask.nl.understanding.NestedQuestions;
import dev.tarn.ask.nl.understanding.NotUnderstoodException;
import dev.tarn.ask.nl.understanding.Plan;
import dev.tarn.ask.nl.understanding.QuestionGrammar;
import dev.tarn.ask.nl.understanding.QuestionStructure;
import dev.tarn.ask.nl.understanding.RefusalReason;
import dev.tarn.ask.nl.understanding.Tag;
import dev.tarn.ask.nl.understanding.Tagger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The deterministic question-to-SQL engine ({@code local_template}): tags a question against the
 * semantic model, reads it with a small grammar, keeps the one simplest reading the model's keys
 * allow, and renders it in the datasource's dialect. It answers only when every content word is
 * placed and the reading is unique; otherwise it refuses and says why. Administrators' question/SQL
 * pairs come first: a question of a stored pair's shape reuses its SQL. No database access, no model.
 */
public final class QuestionTranslator {
    private static final int MOST_SUGGESTIONS = 5;
    /** A stored pair's SQL with other values is as sure as its shape: slightly below the pair itself. */
    private static final double TRAINED_SHAPE_CONFIDENCE = 0.95;

    private final SemanticModel model;
    private final Clock clock;
    private final Tagger tagger;
    private final Interpreter interpreter;
    private final NestedQuestions nestedQuestions;
    private final TrainingPairs trainingPairs;

    public QuestionTranslator(SemanticModel model, Clock clock) {
        this(model, clock, List.of());
    }

    /** An engine that first looks for a stored pair of the question's shape, then parses. */
    public QuestionTranslator(SemanticModel model, Clock clock, List<TrainingPair> pairs) {
        this.model = Objects.requireNonNull(model, "model");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tagger = new Tagger(model);
        this.interpreter = new Interpreter(model);
        this.nestedQuestions = new NestedQuestions(model, clock, interpreter);
        this.trainingPairs = TrainingPairs.of(pairs, tagger);
    }

    public Translation translate(String question) {
        return translate(tagger.tag(question));
    }

    /**
     * A question asked after another in one conversation: a refinement ("what about california?",
     * "by country", "in 2024") is read together with the previous question; anything else on its own.
     */
    public Translation translateFollowUp(String question, String previousQuestion) {
        return translateFollowUp(question, List.of(previousQuestion));
    }

    /**
     * A question asked after several others, oldest first: each earlier question refines the reading
     * of the ones before it, as the conversation went ("total revenue", "and by country?", "only in
     * 2024"), and this one refines the result.
     */
    public Translation translateFollowUp(String question, List<String> earlierQuestions) {
        List<Tag> context = List.of();
        for (String earlier : earlierQuestions) context = refined(context, tagger.tag(earlier));
        return translate(refined(context, tagger.tag(question)));
    }

    private static List<Tag> refined(List<Tag> context, List<Tag> tags) {
        if (context.isEmpty()) return tags;
        return FollowUp.refine(context, tags).orElse(tags);
    }

    private Translation translate(List<Tag> tags) {
        Optional<TrainingPairs.Reuse> reuse = trainingPairs.match(tags);
        if (reuse.isPresent()) {
            // an administrator vouched for this SQL; only the values differ, so it is not parsed again
            TrainingPairs.Reuse pair = reuse.get();
            return new Translation.Answer(pair.sql(), pair.parameters(), "as the stored question \"" + pair.pair().question() + "\""
                    + (pair.exact() ? "" : ", with this question's values"), pair.exact() ? 1.0 : TRAINED_SHAPE_CONFIDENCE);
        }
        try {
            QuestionStructure structure = QuestionGrammar.read(tags, clock);
            Plan plan = interpreter.interpret(structure);
            RenderedSql rendered = SqlRenderer.render(plan.query(), model.dialect());
            return new Translation.Answer(rendered.sql(), rendered.parameters(), plan.interpretation(), plan.confidence());
        } catch (NotUnderstoodException notUnderstood) {
            if (notUnderstood.reason() != RefusalReason.UNPLACED_WORDS && notUnderstood.reason() != RefusalReason.EMPTY_QUESTION) {
                // no flat reading: perhaps a question inside the question ("states bordering the state with the smallest area")
                Optional<Plan> nested = nestedQuestions.interpret(tags);
                if (nested.isPresent()) {
                    RenderedSql rendered = SqlRenderer.render(nested.get().query(), model.dialect());
                    return new Translation.Answer(rendered.sql(), rendered.parameters(), nested.get().interpretation(), nested.get().confidence());
                }
            }
            List<String> suggestions = new ArrayList<>();
            if (notUnderstood.reason() == RefusalReason.UNPLACED_WORDS) closestWithoutUnplacedWords(tags).ifPresent(suggestions::add);
            suggestions.addAll(suggestions(tags));
            return new Translation.Refusal(notUnderstood.reason(), notUnderstood.words(), notUnderstood.getMessage(),
                    suggestions.stream().distinct().limit(MOST_SUGGESTIONS).toList());
        } catch (AmbiguousQuestionException ambiguous) {
            // "cities in states through which the mississippi runs": flat, the value could sit in many columns;
            // read as a phrase inside the question, it names the states, and one reading remains
            Optional<Plan> nested = nestedQuestions.interpret(tags);
            if (nested.isPresent()) {
                RenderedSql rendered = SqlRenderer.render(nested.get().query(), model.dialect());
                return new Translation.Answer(rendered.sql(), rendered.parameters(), nested.get().interpretation(), nested.get().confidence());
            }
            return new Translation.Refusal(RefusalReason.AMBIGUOUS, List.of(), ambiguous.getMessage(), ambiguous.readings());
        } catch (UnsupportedSqlException unsupported) {
            return new Translation.Refusal(RefusalReason.UNSUPPORTED_CONSTRUCT, List.of(), unsupported.getMessage(), suggestions(tags));
        }
    }

    /**
     * The question with its unplaced words left out, when that much can be answered: the closest
     * question the engine can answer, offered rather than answered, since the left-out words may
     * have changed its meaning.
     */
    private Optional<String> closestWithoutUnplacedWords(List<Tag> tags) {
        List<Tag> placed = tags.stream().filter(tag -> !(tag instanceof Tag.UnknownTag)).toList();
        if (placed.stream().allMatch(tag -> tag instanceof Tag.StopTag)) return Optional.empty();
        try {
            interpreter.interpret(QuestionGrammar.read(placed, clock));
            return Optional.of(String.join(" ", placed.stream().map(Tag::text).toList()));
        } catch (NotUnderstoodException | AmbiguousQuestionException | UnsupportedSqlException unanswerable) {
            return Optional.empty();
        }
    }

    /** Questions of the simplest shapes about the tables the question did name (all tables if it named none). */
    private List<String> suggestions(List<Tag> tags) {
        Set<String> named = new LinkedHashSet<>();
        for (Tag tag : tags) {
            if (!(tag instanceof Tag.MentionTag mention)) continue;
            for (Meaning meaning : mention.meanings()) {
                switch (meaning) {
                    case Meaning.TableMeaning table -> named.add(table.table());
                    case Meaning.ColumnMeaning column -> named.add(column.column().table());
                    case Meaning.ValueMeaning value -> named.add(value.column().table());
                    case Meaning.ConditionMeaning condition -> named.add(condition.column().table());
                }
            }
        }
        List<ModelTable> tables = named.isEmpty() ? model.tables() : named.stream().map(model::table).toList();
        List<String> suggestions = new ArrayList<>();
        for (ModelTable table : tables) {
            String plural = Words.join(table.pluralWords());
            suggestions.add("how many " + plural + " are there");
            for (ModelColumn measure : table.columnsWithRole(dev.tarn.ask.nl.model.ColumnRole.MEASURE)) {
                suggestions.add("which " + Words.join(table.singularWords()) + " has the highest " + Words.join(measure.words()));
                break;
            }
            if (suggestions.size() >= MOST_SUGGESTIONS) break;
        }
        return suggestions.subList(0, Math.min(MOST_SUGGESTIONS, suggestions.size()));
    }
}
