package dev.tarn.ask.nl.understanding;

import dev.tarn.ask.nl.model.ColumnReference;
import dev.tarn.ask.nl.model.Meaning;
import dev.tarn.ask.nl.model.ModelTable;
import dev.tarn.ask.nl.model.Relationship;
import dev.tarn.ask.nl.model.SemanticModel;
import dev.tarn.ask.nl.sql.SqlExpression;
import dev.tarn.ask.nl.sql.SqlQuery;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Questions with a question inside: "states that border the state with the smallest area", "the
 * largest city in the smallest state", "how many rivers are in the state with the largest population".
 * Tried only when the question has no flat reading. The question is split where a noun phrase that
 * answers rows of one table begins (at a table's name or a superlative); that phrase is read on its own
 * (and may nest again), and its rows stand in the rest of the question as a value: one of their keys, in
 * any column that holds that table's keys. The leftmost split both of whose parts are read wins; a
 * question that is only the phrase ("what is the largest city in the smallest state") is the phrase.
 */
public final class NestedQuestions {
    /** Nesting deeper than this is more likely a misreading than a question. */
    private static final int DEEPEST = 4;

    private static final java.util.Set<String> COPULAS = java.util.Set.of("is", "are", "was", "were");
    private static final java.util.Set<String> ARTICLES = java.util.Set.of("the", "a", "an");

    private final SemanticModel model;
    private final Clock clock;
    private final Interpreter interpreter;

    public NestedQuestions(SemanticModel model, Clock clock, Interpreter interpreter) {
        this.model = model;
        this.clock = clock;
        this.interpreter = interpreter;
    }

    public Optional<Plan> interpret(List<Tag> tags) {
        return nested(tags, 0, new HashMap<>());
    }

    private Optional<Plan> nested(List<Tag> tags, int depth, Map<List<Tag>, Optional<Plan>> flatReadings) {
        if (depth >= DEEPEST) return Optional.empty();
        int first = firstContent(tags);
        for (int split = first + 1; split < tags.size(); split++) {
            if (!beginsPhrase(tags.get(split))) continue;
            List<Tag> phrase = tags.subList(split, tags.size());
            if (phrase.stream().filter(tag -> !(tag instanceof Tag.StopTag)).count() < 2) continue; // a bare noun nests nothing
            Optional<Plan> inner = flat(phrase, flatReadings).or(() -> nested(phrase, depth + 1, flatReadings));
            if (inner.isEmpty()) continue;
            Optional<ModelTable> answered = rowsOf(inner.get().query());
            // "rivers" alone, all of a table, is a noun, not a question inside the question
            SqlQuery rows = inner.get().query();
            if (answered.isEmpty() || rows.where().isEmpty() && rows.limit().isEmpty() && rows.having().isEmpty()) continue;
            List<Tag> rest = tags.subList(0, split);
            if (rest.stream().allMatch(tag -> tag instanceof Tag.StopTag)) return inner; // "what is <the phrase>"
            if (onlyCount(rest) && rows.groupBy().isEmpty() && rows.limit().isEmpty()) {
                // "how many rivers are in the state that has the most rivers": the rows of the phrase, counted as they are
                // (not by key: river names repeat over the rows of other states)
                Plan plan = inner.get();
                // a phrase listing each name once (DISTINCT) is counted by its names
                SqlExpression argument = rows.distinct() ? rows.select().getFirst().expression() : new SqlExpression.Star();
                SqlQuery counted = new SqlQuery(false, List.of(SqlQuery.SelectItem.of(new SqlExpression.Aggregate(
                        dev.tarn.ask.nl.sql.AggregateFunction.COUNT, argument, rows.distinct()))), rows.from(), rows.joins(),
                        rows.where(), List.of(), List.of(), java.util.OptionalInt.empty());
                return Optional.of(new Plan(counted, plan.cost(), "number of " + plan.interpretation(), plan.confidence()));
            }
            List<Tag> outerTags = new ArrayList<>(rest);
            outerTags.add(new Tag.MentionTag(keysOf(answered.get(), inner.get()), String.join(" ", phrase.stream().map(Tag::text).toList())));
            Optional<Plan> outer = flat(outerTags, flatReadings);
            // "which river is the largest city in texas": "is" makes the phrase the very rows asked for, so
            // they must be of one table, unless a preposition left at the end places them ("which state is ... in")
            if (outer.isPresent() && afterCopula(rest) && !(tags.getLast() instanceof Tag.KeywordTag last && last.keyword() == Keyword.IN)
                    && !outer.get().query().from().table().equals(answered.get().name())) continue;
            if (outer.isPresent()) {
                Plan plan = outer.get();
                return Optional.of(new Plan(plan.query(), plan.cost() + inner.get().cost(), plan.interpretation(),
                        Math.round(plan.confidence() * inner.get().confidence() * 100) / 100.0));
            }
        }
        return Optional.empty();
    }

    private Optional<Plan> flat(List<Tag> tags, Map<List<Tag>, Optional<Plan>> flatReadings) {
        Optional<Plan> known = flatReadings.get(tags);
        if (known != null) return known;
        Optional<Plan> plan;
        try {
            plan = Optional.of(interpreter.interpret(QuestionGrammar.read(tags, clock)));
        } catch (NotUnderstoodException | AmbiguousQuestionException unreadable) {
            plan = Optional.empty();
        }
        flatReadings.put(List.copyOf(tags), plan);
        return plan;
    }

    /** A table's name or a superlative ("the smallest state") may begin a phrase that answers rows. */
    private static boolean beginsPhrase(Tag tag) {
        return switch (tag) {
            case Tag.MentionTag mention -> mention.meanings().stream().anyMatch(Meaning.TableMeaning.class::isInstance);
            case Tag.KeywordTag keyword -> keyword.keyword() == Keyword.HIGHEST || keyword.keyword() == Keyword.LOWEST;
            default -> false;
        };
    }

    private static boolean onlyCount(List<Tag> rest) {
        List<Tag> content = rest.stream().filter(tag -> !(tag instanceof Tag.StopTag)).toList();
        return content.size() == 1 && content.getFirst() instanceof Tag.KeywordTag keyword && keyword.keyword() == Keyword.COUNT;
    }

    private static boolean afterCopula(List<Tag> rest) {
        for (int index = rest.size() - 1; index >= 0; index--) {
            if (!(rest.get(index) instanceof Tag.StopTag stop)) return false;
            if (COPULAS.contains(stop.text())) return true;
            if (!ARTICLES.contains(stop.text())) return false;
        }
        return false;
    }

    private static int firstContent(List<Tag> tags) {
        for (int index = 0; index < tags.size(); index++) if (!(tags.get(index) instanceof Tag.StopTag)) return index;
        return tags.size();
    }

    /**
     * Whether a nested question answers one row: a superlative ("the smallest state", ties aside), a
     * key equal to an extreme found by a subquery, or a limit of one.
     */
    static boolean oneRow(SqlQuery query) {
        if (query.limit().isPresent() && query.limit().getAsInt() == 1) return true;
        if (query.having().stream().anyMatch(condition -> condition instanceof SqlExpression.Comparison comparison
                && comparison.right() instanceof SqlExpression.Subquery subquery && subquery.query().limit().isPresent())) return true;
        return query.where().stream().anyMatch(condition -> condition instanceof SqlExpression.Comparison comparison
                && comparison.right() instanceof SqlExpression.Subquery subquery
                && subquery.query().select().getFirst().expression() instanceof SqlExpression.Aggregate aggregate
                && (aggregate.function() == dev.tarn.ask.nl.sql.AggregateFunction.MAX
                        || aggregate.function() == dev.tarn.ask.nl.sql.AggregateFunction.MIN));
    }

    /**
     * The table whose keys a query lists, when it lists one column and nothing else: that table's
     * single key, or a column that refers to another table's key ("the states that border texas" may
     * list border_info.border, which holds state names).
     */
    private Optional<ModelTable> rowsOf(SqlQuery query) {
        if (query.select().size() != 1 || !query.groupBy().isEmpty() && query.limit().isEmpty() && query.having().isEmpty()) return Optional.empty();
        if (!(query.select().getFirst().expression() instanceof SqlExpression.Column column)) return Optional.empty();
        ModelTable table = model.table(column.qualifier());
        if (table.keyColumns().size() == 1 && table.keyColumns().getFirst().equals(column.column())) return Optional.of(table);
        ColumnReference selected = new ColumnReference(column.qualifier(), column.column());
        List<ModelTable> referred = model.relationships().stream().filter(relationship -> relationship.from().equals(selected))
                .map(relationship -> model.table(relationship.to().table()))
                .filter(target -> target.keyColumns().size() == 1).distinct().toList();
        return referred.size() == 1 ? Optional.of(referred.getFirst()) : Optional.empty();
    }

    /** The rows as a value of every column that holds the table's keys: the key itself and the columns referring to it. */
    private List<Meaning> keysOf(ModelTable table, Plan inner) {
        ColumnReference key = new ColumnReference(table.name(), table.keyColumns().getFirst());
        List<ColumnReference> holders = new ArrayList<>(List.of(key));
        for (Relationship relationship : model.relationships()) {
            if (relationship.to().equals(key) && !holders.contains(relationship.from())) holders.add(relationship.from());
        }
        String words = "one of (" + inner.interpretation() + ")";
        return holders.stream().map(holder -> (Meaning) new Meaning.ValueMeaning(holder, words, Optional.of(inner.query()))).toList();
    }
}
