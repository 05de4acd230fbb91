package dev.tarn.ask.nl.understanding;

import dev.tarn.ask.nl.model.Meaning;
import dev.tarn.ask.nl.model.ModelColumn;
import dev.tarn.ask.nl.model.ModelTable;
import dev.tarn.ask.nl.model.SemanticModel;
import dev.tarn.ask.nl.sql.SqlExpression;
import dev.tarn.ask.nl.sql.SqlQuery;
import dev.tarn.ask.nl.understanding.PlanningContext.ValueFilter;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static dev.tarn.ask.nl.understanding.PlanningContext.column;
import static dev.tarn.ask.nl.understanding.PlanningContext.infeasible;
import static dev.tarn.ask.nl.understanding.PlanningContext.items;
import static dev.tarn.ask.nl.understanding.PlanningContext.plural;
import static dev.tarn.ask.nl.understanding.PlanningContext.singular;

/**
 * Turns one resolved reading of a question into a SQL tree, or refuses it when the reading does not
 * fit the model (a sum of a text column, tables no key joins). The cost it gives a plan counts the
 * tables joined and the values matched on columns that do not name rows, so that the interpreter
 * prefers "the state named texas" to "a city whose state column says texas" unless a city was asked for.
 * It sorts the mentions into what is asked for and what filters, then hands the reading to the planner
 * of its shape: a listing (here), an aggregate ({@link AggregatePlanner}) or a ranking ({@link RankingPlanner});
 * all of them take their conditions from {@link FilterPlanner} and share one {@link PlanningContext}.
 */
final class QueryPlanner {
    private static final double ASSUMPTION_CONFIDENCE = 0.9;
    private static final double JOIN_CONFIDENCE = 0.95;

    private final PlanningContext context;

    QueryPlanner(SemanticModel model, QuestionStructure structure, ResolvedQuestion resolved) {
        this.context = new PlanningContext(model, structure, resolved);
    }

    Plan plan() {
        Plan plan = planWithoutCountCheck();
        if (!context.countComparisons.isEmpty() && !context.countsUsed) throw infeasible("counting related rows is only supported when listing rows");
        return plan;
    }

    private Plan planWithoutCountCheck() {
        SemanticModel model = context.model;
        QuestionStructure structure = context.structure;
        ResolvedQuestion resolved = context.resolved;
        for (int index = 0; index < resolved.free().size(); index++) {
            int mentionIndex = index;
            switch (resolved.free().get(index)) {
                case Meaning.TableMeaning table -> {
                    context.projectedTables.add(model.table(table.table()));
                    if (structure.freeMentions().get(mentionIndex).possessed()) context.possessedTables.add(model.table(table.table()));
                }
                case Meaning.ColumnMeaning column when context.namesFollowingValue(mentionIndex, column) -> { }
                case Meaning.ColumnMeaning column when context.namesTheEventOfADate(mentionIndex, column) -> { }
                case Meaning.ColumnMeaning column -> context.projectedColumns.add(model.column(column.column()));
                case Meaning.ValueMeaning value -> context.valueFilters.add(new ValueFilter(model.column(value.column()), value.storedValue(), false,
                        structure.freeMentions().get(mentionIndex).contained(), structure.freeMentions().get(mentionIndex).named(),
                        mentionIndex, value.rows()));
                case Meaning.ConditionMeaning condition -> context.conditions.add(condition);
            }
        }
        for (int index = 0; index < resolved.negated().size(); index++) {
            if (resolved.negated().get(index) instanceof Meaning.TableMeaning absent) {
                context.absentTables.add(model.table(absent.table()));
                continue;
            }
            Meaning.ValueMeaning value = (Meaning.ValueMeaning) resolved.negated().get(index);
            context.valueFilters.add(new ValueFilter(model.column(value.column()), value.storedValue(), true,
                    structure.negatedValues().get(index).contained(), false, -1, value.rows()));
        }
        SqlQuery query;
        context.requireAskedTablesAnswered();
        Optional<ModelColumn> countedMeasure = countedMeasure();
        if (countedMeasure.isPresent() && namesOneRow(countedMeasure.get()) && context.projectedColumns.isEmpty()) {
            // "how many people live in chicago": the number is the measure of the one row named, not a count
            context.projectedColumns.add(countedMeasure.get());
            query = listing();
        } else if (countedMeasure.isPresent()) {
            // "how many people live in the usa": over several rows, the measure added up
            context.functionOverride = Optional.of(dev.tarn.ask.nl.sql.AggregateFunction.SUM);
            context.assumptions++;
            query = new AggregatePlanner(context).aggregated();
        } else if (structure.ranking().isPresent()) {
            query = new RankingPlanner(context).ranked(structure.ranking().get());
        } else if (structure.aggregate().isPresent() || !structure.groupings().isEmpty() || structure.grain().isPresent()
                || context.definedMeasure().isPresent() || onlyValuesInADateRange()) {
            query = new AggregatePlanner(context).aggregated();
        } else {
            query = listing();
        }
        query = SemiJoins.apply(model, query);
        if (context.namesExcluded && query.groupBy().isEmpty() && query.select().size() == 1
                && query.select().getFirst().expression() instanceof SqlExpression.Aggregate count
                && count.function() == dev.tarn.ask.nl.sql.AggregateFunction.COUNT && count.argument() instanceof SqlExpression.Star
                && context.model.table(context.focusName).keyColumns().size() == 1) {
            // "how many rivers do not traverse ...": the rivers, each once, not their rows
            ModelTable focus = context.model.table(context.focusName);
            SqlExpression names = new SqlExpression.Aggregate(dev.tarn.ask.nl.sql.AggregateFunction.COUNT,
                    new SqlExpression.Column(focus.name(), focus.keyColumns().getFirst()), true);
            query = new SqlQuery(false, List.of(SqlQuery.SelectItem.of(names)), query.from(), query.joins(), query.where(), query.groupBy(),
                    query.having(), query.orderBy(), query.limit());
        }
        if (context.namesExcluded && !query.distinct() && query.groupBy().isEmpty() && listsOnlyTheKey(query)) {
            // "rivers that do not run through texas": each river that does not, once, not once per row it has
            query = new SqlQuery(true, query.select(), query.from(), query.joins(), query.where(), query.groupBy(), query.having(),
                    query.orderBy(), query.limit());
        }
        if (context.answered.isPresent() && !context.answered.get().equals(context.focusName)) {
            throw infeasible("the question asks which " + singular(model.table(context.answered.get())) + ", but the answer would be "
                    + plural(model.table(context.focusName)));
        }
        double confidence = Math.pow(ASSUMPTION_CONFIDENCE, context.assumptions) * Math.pow(JOIN_CONFIDENCE, context.tables.size() - 1);
        return new Plan(query, context.cost, String.join(", ", context.readingParts), Math.round(confidence * 100) / 100.0);
    }

    /**
     * "how many people" where people name a measure (population): counting a measure's values is never
     * what is meant; the question asks for the quantity the measure holds. Only a plain count, alone.
     */
    private Optional<ModelColumn> countedMeasure() {
        QuestionStructure structure = context.structure;
        if (structure.aggregate().isEmpty() || structure.ranking().isPresent() || !structure.groupings().isEmpty()
                || structure.grain().isPresent()) return Optional.empty();
        QuestionStructure.AggregateRequest aggregate = structure.aggregate().get();
        if (aggregate.function() != dev.tarn.ask.nl.sql.AggregateFunction.COUNT || aggregate.distinct()
                || aggregate.form() != QuestionStructure.Form.VALUE) return Optional.empty();
        if (!(context.resolved.aggregateTarget().orElse(null) instanceof Meaning.ColumnMeaning target)) return Optional.empty();
        ModelColumn column = context.model.column(target.column());
        return column.role() == dev.tarn.ask.nl.model.ColumnRole.MEASURE ? Optional.of(column) : Optional.empty();
    }

    /** Whether a value of the measure's table's key names the row the measure is asked of. */
    private boolean namesOneRow(ModelColumn measure) {
        ModelTable table = context.model.table(measure.table());
        return context.valueFilters.stream().anyMatch(filter -> !filter.negated() && filter.column().table().equals(table.name())
                && table.isKeyColumn(filter.column().name()) && filter.rows().map(NestedQuestions::oneRow).orElse(true));
    }

    /**
     * "the neighboring states for michigan" read as the border that is michigan: a column asked for and
     * required to equal one value answers with that value, which no question asks; another reading is meant.
     * And "the highest point in the usa": a column named with a superlative ("highest point"), asked
     * without a key naming its row, would list one per row where the question wants the one extreme;
     * the grammar cannot tell which measure ranks it, so it refuses.
     */
    private void requireProjectionsNotFixed() {
        for (ModelColumn column : context.projectedColumns) {
            if (context.valueFilters.stream().anyMatch(filter -> !filter.negated() && filter.column().equals(column))) {
                throw infeasible("\"" + PlanningContext.words(column) + "\" is asked for and given at once");
            }
            boolean superlativeName = Vocabulary.keyword(List.of(column.words().getFirst()))
                    .filter(keyword -> keyword == Keyword.HIGHEST || keyword == Keyword.LOWEST).isPresent();
            if (superlativeName && column.words().size() > 1 && !rowNamed(context.model.table(column.table()))) {
                throw infeasible("\"" + PlanningContext.words(column) + "\" of every row, or the " + column.words().getFirst()
                        + " of them all? Name the row, or ask for the " + column.words().getFirst() + " one");
            }
        }
    }

    /**
     * Whether a value plausibly names the table's row: a value on its key, or on a column that tells
     * rows apart (more than one distinct value) of the table or of a table each of its rows has one of
     * ("the state with capital austin"); "usa", the one country of every row, names none.
     */
    private boolean rowNamed(ModelTable table) {
        for (PlanningContext.ValueFilter filter : context.valueFilters) {
            if (filter.negated() || filter.rows().isPresent() && !NestedQuestions.oneRow(filter.rows().get())) continue;
            ModelTable owner = context.model.table(filter.column().table());
            if (owner.name().equals(table.name()) && owner.isKeyColumn(filter.column().name())) return true;
            if (context.model.values().phrases(filter.column().reference()).size() < 2) continue;
            List<dev.tarn.ask.nl.model.Relationship> path = context.model.joinPath(table.name(), owner.name()).orElse(null);
            if (path != null && path.stream().allMatch(step -> context.model.relationships().stream()
                    .anyMatch(declared -> declared.from().equals(step.from()) && declared.to().equals(step.to())))) return true;
        }
        return false;
    }

    private boolean listsOnlyTheKey(SqlQuery query) {
        ModelTable focus = context.model.table(context.focusName);
        return query.select().size() == 1 && focus.keyColumns().size() == 1
                && query.select().getFirst().expression().equals(new SqlExpression.Column(focus.name(), focus.keyColumns().getFirst()));
    }

    /**
     * "signups yesterday", "purchases this week": a question naming only values of one table (the kinds
     * of event) and a date range asks how many there were, not for the rows themselves.
     */
    private boolean onlyValuesInADateRange() {
        if (context.structure.dateRange().isEmpty() || !context.projectedColumns.isEmpty() || !context.projectedTables.isEmpty()) return false;
        List<String> tables = context.valueFilters.stream().filter(filter -> !filter.negated()).map(filter -> filter.column().table()).distinct().toList();
        return tables.size() == 1;
    }

    /** Rows of one table, or some of their columns: "what is the capital of texas", "rivers in texas". */
    private SqlQuery listing() {
        QuestionStructure structure = context.structure;
        List<ModelColumn> projectedColumns = context.projectedColumns;
        ModelTable focus = context.focus(structure.property().isPresent() && projectedColumns.isEmpty() && context.projectedTables.isEmpty()
                && !context.valueFilters.isEmpty() ? Optional.of(context.model.table(context.valueFilters.getFirst().column().table())) : Optional.empty());
        structure.property().ifPresent(property -> projectedColumns.add(context.property(property, focus)));
        context.tables.add(focus.name());
        context.focusName = focus.name();
        List<SqlExpression> select = new ArrayList<>();
        if (projectedColumns.isEmpty()) {
            select.addAll(context.displayColumns(focus));
            context.readingParts.add(plural(focus));
        } else {
            for (ModelColumn column : projectedColumns) {
                select.add(column(column));
                context.tables.add(column.table());
            }
            context.readingParts.add(projectedColumns.stream().map(PlanningContext::words).distinct().reduce((a, b) -> a + " and " + b).orElseThrow()
                    + " of " + plural(focus));
            context.requireSingleValuedProjections(focus);
            requireProjectionsNotFixed();
        }
        FilterPlanner filters = new FilterPlanner(context);
        List<SqlExpression> where = filters.filters(focus);
        List<SqlExpression> having = filters.counts(focus);
        context.countsUsed = true;
        context.requireTablesExplained(focus);
        List<SqlExpression> groups = having.isEmpty() ? List.of() : select;
        return new SqlQuery(structure.distinctRows(), items(select), SqlQuery.TableReference.of(focus.name()), context.joins(focus), where,
                groups, having, List.of(), OptionalInt.empty());
    }
}
