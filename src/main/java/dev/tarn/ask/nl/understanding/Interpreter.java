package dev.tarn.ask.nl.understanding;

import dev.tarn.ask.nl.model.Meaning;
import dev.tarn.ask.nl.model.SemanticModel;
import dev.tarn.ask.nl.sql.RenderedSql;
import dev.tarn.ask.nl.sql.SqlRenderer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the meaning of every mention by trying each combination and keeping the simplest that
 * the model can join (fewest tables, values on the columns that name rows), in the manner of
 * PRECISE's unique-mapping rule: if two different queries are equally simple the question is
 * ambiguous and refused, with both readings offered.
 */
public final class Interpreter {
    /** More combinations than this means a question too vague to try them all; it is refused as ambiguous. */
    private static final int MOST_COMBINATIONS = 4096;
    private static final double SAME_COST = 1e-9;

    private final SemanticModel model;

    public Interpreter(SemanticModel model) {
        this.model = model;
    }

    public Plan interpret(QuestionStructure structure) {
        List<List<Optional<Meaning>>> choices = choices(structure);
        long combinations = 1;
        for (List<Optional<Meaning>> choice : choices) combinations *= Math.max(1, choice.size());
        if (combinations > MOST_COMBINATIONS) {
            throw new NotUnderstoodException(RefusalReason.AMBIGUOUS, List.of(),
                    "The question's words have too many possible meanings; name the tables or columns meant");
        }
        List<Plan> cheapest = new ArrayList<>();
        NotUnderstoodException firstFailure = null;
        int[] picks = new int[choices.size()];
        for (long combination = 0; combination < combinations; combination++) {
            long rest = combination;
            for (int slot = 0; slot < choices.size(); slot++) {
                picks[slot] = (int) (rest % choices.get(slot).size());
                rest /= choices.get(slot).size();
            }
            try {
                Plan plan = new QueryPlanner(model, structure, resolve(structure, choices, picks)).plan();
                if (!cheapest.isEmpty() && plan.cost() < cheapest.getFirst().cost() - SAME_COST) cheapest.clear();
                if (cheapest.isEmpty() || plan.cost() <= cheapest.getFirst().cost() + SAME_COST) cheapest.add(plan);
            } catch (NotUnderstoodException failure) {
                // the first reason is reported: readings are tried in the order the question's words suggest
                if (firstFailure == null) firstFailure = failure;
            }
        }
        if (cheapest.isEmpty()) {
            throw firstFailure != null ? firstFailure
                    : new NotUnderstoodException(RefusalReason.NO_INTERPRETATION, List.of(), "No interpretation fits the datasource");
        }
        Map<String, Plan> distinct = new LinkedHashMap<>();
        for (Plan plan : cheapest) {
            RenderedSql rendered = SqlRenderer.render(plan.query(), model.dialect());
            distinct.putIfAbsent(rendered.sql() + rendered.parameters(), plan);
        }
        if (distinct.size() > 1) {
            throw new AmbiguousQuestionException(distinct.values().stream().map(Plan::interpretation).distinct().toList());
        }
        return cheapest.getFirst();
    }

    /** For every mention, the meanings its place in the grammar allows; a missing mention has one empty choice. */
    private static List<List<Optional<Meaning>>> choices(QuestionStructure structure) {
        List<List<Optional<Meaning>>> choices = new ArrayList<>();
        for (Mention mention : structure.freeMentions()) choices.add(all(mention));
        choices.add(structure.aggregate().flatMap(QuestionStructure.AggregateRequest::target).map(Interpreter::all).orElse(none()));
        for (Mention mention : structure.groupings()) choices.add(only(mention, Meaning.TableMeaning.class, Meaning.ColumnMeaning.class));
        // a table after "no"/"not" ("states with no rivers") is a relation that must have no rows
        for (Mention mention : structure.negatedValues()) choices.add(only(mention, Meaning.ValueMeaning.class, Meaning.TableMeaning.class));
        for (QuestionStructure.ComparisonRequest comparison : structure.comparisons()) {
            // a table here counts related rows: "states with more than 5 cities"
            choices.add(comparison.column().map(mention -> only(mention, Meaning.ColumnMeaning.class, Meaning.TableMeaning.class))
                    .orElse(none()));
        }
        choices.add(structure.ranking().flatMap(QuestionStructure.RankingRequest::entity)
                .map(mention -> only(mention, Meaning.TableMeaning.class, Meaning.ColumnMeaning.class)).orElse(none()));
        // a value ranks by how many rows have it: "the country with the most purchases"
        choices.add(structure.ranking().flatMap(QuestionStructure.RankingRequest::measure)
                .map(mention -> only(mention, Meaning.TableMeaning.class, Meaning.ColumnMeaning.class, Meaning.ValueMeaning.class)).orElse(none()));
        for (List<Optional<Meaning>> choice : choices) {
            if (choice.isEmpty()) {
                throw new NotUnderstoodException(RefusalReason.UNSUPPORTED_CONSTRUCT, List.of(),
                        "A phrase is used where its meaning does not fit (a value where a column is needed, or the reverse)");
            }
        }
        return choices;
    }

    private static ResolvedQuestion resolve(QuestionStructure structure, List<List<Optional<Meaning>>> choices, int[] picks) {
        int slot = 0;
        List<Meaning> free = new ArrayList<>();
        for (int index = 0; index < structure.freeMentions().size(); index++) free.add(choices.get(slot).get(picks[slot++]).orElseThrow());
        Optional<Meaning> aggregateTarget = choices.get(slot).get(picks[slot++]);
        List<Meaning> groupings = new ArrayList<>();
        for (int index = 0; index < structure.groupings().size(); index++) groupings.add(choices.get(slot).get(picks[slot++]).orElseThrow());
        List<Meaning> negated = new ArrayList<>();
        for (int index = 0; index < structure.negatedValues().size(); index++) negated.add(choices.get(slot).get(picks[slot++]).orElseThrow());
        List<Optional<Meaning>> comparisonColumns = new ArrayList<>();
        for (int index = 0; index < structure.comparisons().size(); index++) comparisonColumns.add(choices.get(slot).get(picks[slot++]));
        Optional<Meaning> rankingEntity = choices.get(slot).get(picks[slot++]);
        Optional<Meaning> rankingMeasure = choices.get(slot).get(picks[slot]);
        return new ResolvedQuestion(free, aggregateTarget, groupings, negated, comparisonColumns, rankingEntity, rankingMeasure);
    }

    private static List<Optional<Meaning>> all(Mention mention) {
        return mention.meanings().stream().map(Optional::of).toList();
    }

    @SafeVarargs
    private static List<Optional<Meaning>> only(Mention mention, Class<? extends Meaning>... kinds) {
        return mention.meanings().stream()
                .filter(meaning -> java.util.Arrays.stream(kinds).anyMatch(kind -> kind.isInstance(meaning)))
                .map(Optional::of).toList();
    }

    private static List<Optional<Meaning>> none() {
        return List.of(Optional.empty());
    }
}
