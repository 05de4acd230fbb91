package dev.tarn.ask.nl.understanding;

import dev.tarn.ask.nl.model.Meaning;
import dev.tarn.ask.nl.model.ModelColumn;
import dev.tarn.ask.nl.model.ModelTable;
import dev.tarn.ask.nl.model.Words;
import dev.tarn.ask.nl.sql.AggregateFunction;
import dev.tarn.ask.nl.sql.ComparisonOperator;
import dev.tarn.ask.nl.sql.SqlExpression;
import dev.tarn.ask.nl.sql.SqlQuery;
import dev.tarn.ask.nl.understanding.PlanningContext.CountComparison;
import dev.tarn.ask.nl.understanding.PlanningContext.ValueFilter;
import dev.tarn.ask.nl.understanding.QuestionStructure.ComparisonRequest;

import java.util.ArrayList;
import java.util.List;

import static dev.tarn.ask.nl.understanding.PlanningContext.column;
import static dev.tarn.ask.nl.understanding.PlanningContext.infeasible;
import static dev.tarn.ask.nl.understanding.PlanningContext.plural;
import static dev.tarn.ask.nl.understanding.PlanningContext.singular;
import static dev.tarn.ask.nl.understanding.PlanningContext.words;

/**
 * The conditions of a reading, whatever its shape: values ("in texas", "not texas"), comparisons
 * ("population over 1000000"), date ranges (WHERE), and counts of related rows ("more than 5
 * cities", HAVING).
 */
final class FilterPlanner {
    private final PlanningContext context;

    FilterPlanner(PlanningContext context) {
        this.context = context;
    }

    List<SqlExpression> filters(ModelTable focus) {
        List<ValueFilter> valueFilters = context.valueFilters;
        List<SqlExpression> where = new ArrayList<>();
        java.util.Set<ModelColumn> listed = new java.util.HashSet<>();
        for (ValueFilter filter : valueFilters) {
            boolean contradicted = !filter.negated() && valueFilters.stream().anyMatch(other -> !other.negated()
                    && other.column().equals(filter.column()) && !other.value().equals(filter.value()));
            if (contradicted && (filter.rows().isPresent() || valueFilters.stream().anyMatch(other -> other.column().equals(filter.column())
                    && other.rows().isPresent()))) {
                throw infeasible("one " + words(filter.column()) + " cannot be a value and one of a question's rows at once");
            }
            if (!contradicted) continue;
            if (!alternatives(filter.column())) throw infeasible("one " + words(filter.column()) + " cannot be two values at once");
            listed.add(filter.column());
        }
        if (valueFilters.stream().anyMatch(filter -> filter.column().type() == dev.tarn.ask.nl.model.DataType.BOOLEAN)
                && (context.structure.dateRange().isPresent() || context.structure.grain().isPresent())) {
            // "active users last week": a yes/no column says what a row is now, a period asks about then; which is meant is a guess
            throw infeasible("a yes/no state such as \"" + valueFilters.stream().filter(filter -> filter.column().type() == dev.tarn.ask.nl.model.DataType.BOOLEAN)
                    .findFirst().map(filter -> words(filter.column())).orElse("") + "\" is what rows are now, not during a period; ask without the period");
        }
        java.util.Set<ModelColumn> written = new java.util.HashSet<>();
        for (ValueFilter filter : valueFilters) {
            if (listed.contains(filter.column()) && !filter.negated() && filter.rows().isEmpty()) {
                if (!written.add(filter.column())) continue;
                List<ValueFilter> list = valueFilters.stream().filter(other -> !other.negated() && other.column().equals(filter.column())).toList();
                context.tables.add(filter.column().table());
                if (!context.model.table(filter.column().table()).isKeyColumn(filter.column().name())) context.cost += PlanningContext.NON_KEY_VALUE_COST;
                where.add(new SqlExpression.In(column(filter.column()),
                        list.stream().map(value -> (SqlExpression) new SqlExpression.Parameter(stored(value))).toList()));
                context.readingParts.add(context.wordsFrom(filter.column(), focus) + " is one of "
                        + String.join(", ", list.stream().map(ValueFilter::value).toList()));
                continue;
            }
            ModelTable owner = context.model.table(filter.column().table());
            if (filter.negated() && filter.rows().isEmpty() && !owner.name().equals(focus.name())) {
                java.util.Optional<SqlExpression> excluded = excludedThroughRelation(filter, focus);
                if (excluded.isPresent()) {
                    // as costly as the join it stands for, so that it is never preferred for being cheaper
                    context.cost += 1 + (owner.isKeyColumn(filter.column().name()) ? 0 : PlanningContext.NON_KEY_VALUE_COST);
                    where.add(excluded.get());
                    context.readingParts.add(context.wordsFrom(filter.column(), focus) + " is never " + filter.value());
                    continue;
                }
            }
            context.tables.add(filter.column().table());
            if (filter.rows().isPresent()) {
                // "states bordering the state with the smallest area": one of the keys the nested question answers
                if (!owner.isKeyColumn(filter.column().name())) context.cost += PlanningContext.NON_KEY_VALUE_COST;
                SqlExpression in = new SqlExpression.InQuery(column(filter.column()), filter.rows().get(), false);
                if (filter.negated() && !owner.keyDeclared() && owner.keyColumns().size() == 1 && !owner.isKeyColumn(filter.column().name())) {
                    // "rivers that do not traverse the state with capital albany": by name, since a river has a row per state
                    SqlExpression key = new SqlExpression.Column(owner.name(), owner.keyColumns().getFirst());
                    where.add(new SqlExpression.InQuery(key, new SqlQuery(false, List.of(SqlQuery.SelectItem.of(key)),
                            SqlQuery.TableReference.of(owner.name()), List.of(), List.of(in), List.of(), List.of(), java.util.OptionalInt.empty()), true));
                    context.namesExcluded = true;
                } else {
                    where.add(new SqlExpression.InQuery(column(filter.column()), filter.rows().get(), filter.negated()));
                }
                context.readingParts.add(context.wordsFrom(filter.column(), focus) + (filter.negated() ? " is not " : " is ") + filter.value());
                continue;
            }
            if (filter.contained() && owner.name().equals(focus.name()) && owner.isKeyColumn(filter.column().name())
                    && context.namedAsTable(focus)) {
                throw infeasible("\"" + filter.value() + "\" names " + plural(owner) + " themselves, not where they are");
            }
            if (!filter.negated() && !filter.named() && owner.isKeyColumn(filter.column().name()) && context.namedInPlural(owner)) {
                // "how many rivers does colorado have": rivers, plural, are not the one river colorado
                throw infeasible("\"" + filter.value() + "\" names one " + PlanningContext.singular(owner) + ", but the question asks about "
                        + plural(owner));
            }
            if (!filter.negated() && !filter.named() && owner.name().equals(focus.name())) {
                for (ModelTable named : context.projectedTables) {
                    if (!named.name().equals(focus.name()) && context.refersByName(filter.column(), named) && context.namedInPlural(named)) {
                        // "cities in states through which the mississippi runs": the states are several, not the one named
                        throw infeasible("\"" + filter.value() + "\" names one " + PlanningContext.singular(named)
                                + ", but the question asks about " + plural(named));
                    }
                }
            }
            if (!filter.negated() && owner.name().equals(focus.name()) && owner.isKeyColumn(filter.column().name())
                    && context.answered.filter(focus.name()::equals).isPresent()) {
                // "which states does the mississippi run through": the rows asked for are not named by one of their own keys
                throw infeasible("\"" + filter.value() + "\" names one of the " + plural(owner) + " asked for, not a condition on them");
            }
            if (!owner.isKeyColumn(filter.column().name())) context.cost += PlanningContext.NON_KEY_VALUE_COST;
            // "signup" is the stored "signup" before it is "/signup": a value matched only once its punctuation
            // is gone is the weaker reading of the two
            if (!dev.tarn.ask.nl.model.Words.join(dev.tarn.ask.nl.model.Words.split(filter.value())).equals(filter.value().toLowerCase(java.util.Locale.ROOT))) {
                context.cost += PlanningContext.NORMALISED_VALUE_COST;
            }
            where.add(filter.negated() ? negatedValue(filter, owner)
                    : new SqlExpression.Comparison(column(filter.column()), ComparisonOperator.EQUAL, new SqlExpression.Parameter(stored(filter))));
            context.readingParts.add(context.wordsFrom(filter.column(), focus) + (filter.negated() ? " is not " : " is ") + filter.value());
        }
        for (Meaning.ConditionMeaning condition : context.conditions) {
            ModelColumn column = context.model.column(condition.column());
            context.tables.add(column.table());
            where.add(new SqlExpression.Comparison(column(column), condition.operator(), new SqlExpression.Parameter(condition.number())));
            context.readingParts.add(context.wordsFrom(column, focus) + " " + condition.operator().symbol() + " " + condition.number().toPlainString());
        }
        appositions(valueFilters);
        for (ModelTable absent : context.absentTables) where.add(noneOf(absent, focus));
        for (ModelTable possessed : context.possessedTables) someOf(possessed, focus).ifPresent(where::add);
        QuestionStructure structure = context.structure;
        for (int index = 0; index < structure.comparisons().size(); index++) {
            ComparisonRequest comparison = structure.comparisons().get(index);
            if (context.resolved.comparisonColumns().get(index).orElse(null) instanceof Meaning.TableMeaning counted) {
                context.countComparisons.add(new CountComparison(context.model.table(counted.table()), comparison));
                continue;
            }
            ModelColumn column = context.resolved.comparisonColumns().get(index)
                    .map(meaning -> context.model.column(((Meaning.ColumnMeaning) meaning).column()))
                    .orElseGet(() -> comparison.than().isPresent() ? measureOfComparative(comparison, focus) : context.onlyMeasure(focus));
            if (!column.type().isNumeric()) throw infeasible("\"" + words(column) + "\" is not a number to compare");
            context.tables.add(column.table());
            if (comparison.than().isPresent()) {
                where.add(new SqlExpression.Comparison(column(column), comparison.operator().orElseThrow(),
                        new SqlExpression.Subquery(valueOfOther(comparison, column))));
            } else if (comparison.between()) {
                where.add(new SqlExpression.Between(column(column), new SqlExpression.Parameter(comparison.numbers().get(0)),
                        new SqlExpression.Parameter(comparison.numbers().get(1))));
            } else {
                where.add(new SqlExpression.Comparison(column(column), comparison.operator().orElseThrow(),
                        new SqlExpression.Parameter(comparison.numbers().getFirst())));
            }
            context.readingParts.add(context.wordsFrom(column, focus) + " " + comparison.words());
        }
        if (structure.dateRange().isPresent()) {
            QuestionStructure.DateRange range = structure.dateRange().get();
            ModelColumn time = context.onlyTimeColumn(focus);
            where.add(new SqlExpression.Comparison(column(time), ComparisonOperator.GREATER_OR_EQUAL, new SqlExpression.Parameter(range.start())));
            where.add(new SqlExpression.Comparison(column(time), ComparisonOperator.LESS, new SqlExpression.Parameter(range.end())));
            context.readingParts.add(words(time) + " " + range.words());
        }
        return where;
    }

    /** The value as the column stores it: a yes/no column compares with a boolean, not with the text "true". */
    private static Object stored(ValueFilter filter) {
        return filter.column().type() == dev.tarn.ask.nl.model.DataType.BOOLEAN ? Boolean.valueOf(filter.value()) : filter.value();
    }

    /**
     * Whether the values asked of one column are a list of alternatives rather than a contradiction:
     * each listed after the one before it, and either with "or" ("france or germany") or grouped by
     * that very column ("spain and the netherlands, by country": one row for each).
     */
    private boolean alternatives(ModelColumn column) {
        List<ValueFilter> values = context.valueFilters.stream().filter(filter -> !filter.negated() && filter.column().equals(column)).toList();
        boolean withOr = false;
        for (int index = 1; index < values.size(); index++) {
            int mention = values.get(index).mention();
            if (mention < 0 || values.get(index - 1).mention() != mention - 1) return false;
            java.util.Optional<Keyword> connective = context.structure.listedWithPrevious(mention);
            if (connective.isEmpty()) return false;
            withOr |= connective.get() == Keyword.OR;
        }
        boolean grouped = context.resolved.groupings().stream()
                .anyMatch(meaning -> meaning instanceof Meaning.ColumnMeaning grouping && grouping.column().equals(column.reference()));
        return withOr || grouped;
    }

    /**
     * "rivers that do not run through texas": a row of a table whose key repeats over rows (a river on
     * one row per state it traverses) is excluded when any of its rows has the value, so the negation is
     * {@code key NOT IN (keys of rows with the value)}; on a declared (unique) key, on the key itself, or
     * without a key, it is {@code <>}.
     */
    private SqlExpression negatedValue(ValueFilter filter, ModelTable owner) {
        SqlExpression notEqual = new SqlExpression.Comparison(column(filter.column()), ComparisonOperator.NOT_EQUAL,
                new SqlExpression.Parameter(stored(filter)));
        if (owner.keyDeclared() || owner.keyColumns().size() != 1 || owner.isKeyColumn(filter.column().name())) return notEqual;
        SqlExpression key = new SqlExpression.Column(owner.name(), owner.keyColumns().getFirst());
        SqlQuery having = new SqlQuery(false, List.of(SqlQuery.SelectItem.of(key)), SqlQuery.TableReference.of(owner.name()), List.of(),
                List.of(new SqlExpression.Comparison(column(filter.column()), ComparisonOperator.EQUAL, new SqlExpression.Parameter(stored(filter)))),
                List.of(), List.of(), java.util.OptionalInt.empty());
        context.namesExcluded = true;
        return new SqlExpression.InQuery(key, having, true);
    }

    /**
     * "states that do not border texas": the value is in another table with several rows per state, so
     * the states excluded are those with any such row: {@code state.state_name NOT IN (SELECT
     * border_info.state_name FROM border_info WHERE border = ?)}; a join and {@code <>} would keep every
     * state with one other neighbour. Only when one key step relates the two tables.
     */
    private java.util.Optional<SqlExpression> excludedThroughRelation(ValueFilter filter, ModelTable focus) {
        List<dev.tarn.ask.nl.model.Relationship> path = context.model.joinPath(focus.name(), filter.column().table()).orElse(List.of());
        if (path.size() != 1) return java.util.Optional.empty();
        dev.tarn.ask.nl.model.Relationship step = path.getFirst();
        SqlExpression condition = new SqlExpression.Comparison(column(filter.column()), ComparisonOperator.EQUAL, new SqlExpression.Parameter(filter.value()));
        if (!focus.keyDeclared() && focus.keyColumns().size() == 1 && !focus.isKeyColumn(step.from().column())) {
            // "rivers that do not traverse the state with capital albany": a river is on one row per state, so its
            // name is excluded when any of its rows leads there
            SqlExpression key = new SqlExpression.Column(focus.name(), focus.keyColumns().getFirst());
            SqlQuery having = new SqlQuery(false, List.of(SqlQuery.SelectItem.of(key)), SqlQuery.TableReference.of(focus.name()),
                    List.of(new SqlQuery.Join(SqlQuery.TableReference.of(step.to().table()), new SqlExpression.Comparison(
                            new SqlExpression.Column(step.from().table(), step.from().column()), ComparisonOperator.EQUAL,
                            new SqlExpression.Column(step.to().table(), step.to().column())))),
                    List.of(condition), List.of(), List.of(), java.util.OptionalInt.empty());
            context.namesExcluded = true;
            return java.util.Optional.of(new SqlExpression.InQuery(key, having, true));
        }
        SqlQuery having = new SqlQuery(false, List.of(SqlQuery.SelectItem.of(new SqlExpression.Column(step.to().table(), step.to().column()))),
                SqlQuery.TableReference.of(step.to().table()), List.of(), List.of(condition), List.of(), List.of(), java.util.OptionalInt.empty());
        return java.util.Optional.of(new SqlExpression.InQuery(new SqlExpression.Column(step.from().table(), step.from().column()), having, true));
    }

    /**
     * "which states have a river": a table named after "have" or "with" that nothing else relates to the
     * focus is what its rows must have: {@code state.state_name IN (SELECT river.traverse FROM river)},
     * when one key step relates them. A table a value or a join already relates is left as it is.
     */
    private java.util.Optional<SqlExpression> someOf(ModelTable possessed, ModelTable focus) {
        if (possessed.name().equals(focus.name()) || context.tables.contains(possessed.name())) return java.util.Optional.empty();
        boolean explained = context.valueFilters.stream().anyMatch(filter -> filter.column().table().equals(possessed.name())
                || context.refersByNameOrValues(filter.column(), possessed))
                || context.conditions.stream().anyMatch(condition -> condition.column().table().equals(possessed.name()));
        if (explained) return java.util.Optional.empty();
        List<dev.tarn.ask.nl.model.Relationship> path = context.model.joinPath(focus.name(), possessed.name()).orElse(List.of());
        if (path.size() != 1) return java.util.Optional.empty();
        dev.tarn.ask.nl.model.Relationship step = path.getFirst();
        context.cost += 1;
        context.requiredTables.add(possessed.name());
        context.readingParts.add("with some " + singular(possessed));
        SqlQuery rows = new SqlQuery(false, List.of(SqlQuery.SelectItem.of(new SqlExpression.Column(step.to().table(), step.to().column()))),
                SqlQuery.TableReference.of(possessed.name()), List.of(), List.of(), List.of(), List.of(), java.util.OptionalInt.empty());
        return java.util.Optional.of(new SqlExpression.InQuery(new SqlExpression.Column(step.from().table(), step.from().column()), rows, false));
    }

    /**
     * "states with no rivers", "states that do not have rivers": the focus rows none of whose keys the
     * other table refers to, {@code state.state_name NOT IN (SELECT river.traverse FROM river)}; one key
     * step must relate the two tables. As costly as the join it stands for.
     */
    private SqlExpression noneOf(ModelTable absent, ModelTable focus) {
        if (absent.name().equals(focus.name())) throw infeasible("\"" + plural(absent) + "\" cannot be absent from themselves");
        List<dev.tarn.ask.nl.model.Relationship> path = context.model.joinPath(focus.name(), absent.name()).orElse(List.of());
        if (path.size() != 1) throw infeasible("no one key relates " + plural(focus) + " to " + plural(absent));
        dev.tarn.ask.nl.model.Relationship step = path.getFirst();
        context.cost += 1;
        context.readingParts.add("with no " + plural(absent));
        SqlExpression related = new SqlExpression.Column(step.to().table(), step.to().column());
        SqlQuery rows = new SqlQuery(false, List.of(SqlQuery.SelectItem.of(related)), SqlQuery.TableReference.of(absent.name()), List.of(),
                List.of(new SqlExpression.IsNotNull(related)), List.of(), List.of(), java.util.OptionalInt.empty());
        return new SqlExpression.InQuery(new SqlExpression.Column(step.from().table(), step.from().column()), rows, true);
    }

    /**
     * "austin texas", "springfield missouri": a name right after another, the first a row's key and the
     * second another column of the same row, says which of the rows so named is meant; that reading is
     * preferred to one that spreads the two names over unrelated columns (a state whose capital is austin).
     */
    private void appositions(List<ValueFilter> valueFilters) {
        for (ValueFilter head : valueFilters) {
            if (head.negated() || head.mention() < 0 || head.rows().isPresent()) continue;
            ModelTable table = context.model.table(head.column().table());
            if (!table.isKeyColumn(head.column().name())) continue;
            boolean qualified = valueFilters.stream().anyMatch(other -> !other.negated() && other.mention() == head.mention() + 1
                    && other.column().table().equals(table.name()) && !other.column().equals(head.column()));
            if (qualified) context.cost -= APPOSITION_BONUS;
        }
    }

    /** Less than a value's cost on a column that does not name its row, so an apposition wins a tie and nothing else. */
    private static final double APPOSITION_BONUS = 0.25;

    /** "bigger than texas": the measure named for the comparative's dimension (area), else the only measure. */
    private ModelColumn measureOfComparative(ComparisonRequest comparison, ModelTable focus) {
        String adjective = Words.split(comparison.words()).getFirst();
        List<String> dimensions = Vocabulary.dimensionsOf(SUPERLATIVE_OF.getOrDefault(adjective, adjective));
        List<ModelColumn> named = focus.columnsWithRole(dev.tarn.ask.nl.model.ColumnRole.MEASURE).stream()
                .filter(column -> column.words().stream().anyMatch(dimensions::contains)).toList();
        if (named.size() == 1) {
            context.assumptions++;
            return named.getFirst();
        }
        return context.onlyMeasure(focus);
    }

    /** Comparatives and the superlatives whose dimensions {@link Vocabulary#dimensionsOf} knows. */
    private static final java.util.Map<String, String> SUPERLATIVE_OF = java.util.Map.of("larger", "largest", "bigger", "biggest",
            "smaller", "smallest", "longer", "longest", "shorter", "shortest", "higher", "highest", "lower", "lowest", "taller", "tallest");

    /**
     * The other row's value of the column: "than the red" is the red river's length. The value must name a
     * row of the column's own table by its key; the extreme over that name's rows keeps the subquery to one value.
     */
    private SqlQuery valueOfOther(ComparisonRequest comparison, ModelColumn column) {
        ModelTable table = context.model.table(column.table());
        List<Meaning.ValueMeaning> names = comparison.than().orElseThrow().meanings().stream()
                .filter(meaning -> meaning instanceof Meaning.ValueMeaning value && value.rows().isEmpty()
                        && value.column().table().equals(table.name()) && table.isKeyColumn(value.column().column()))
                .map(meaning -> (Meaning.ValueMeaning) meaning).toList();
        if (names.size() != 1) {
            throw infeasible("\"" + comparison.than().get().text() + "\" names no one " + PlanningContext.singular(table) + " to compare with");
        }
        Meaning.ValueMeaning name = names.getFirst();
        boolean greater = comparison.operator().orElseThrow() == ComparisonOperator.GREATER
                || comparison.operator().get() == ComparisonOperator.GREATER_OR_EQUAL;
        return new SqlQuery(false, List.of(SqlQuery.SelectItem.of(new SqlExpression.Aggregate(greater ? AggregateFunction.MAX : AggregateFunction.MIN,
                column(column), false))), SqlQuery.TableReference.of(table.name()), List.of(),
                List.of(new SqlExpression.Comparison(new SqlExpression.Column(table.name(), name.column().column()), ComparisonOperator.EQUAL,
                        new SqlExpression.Parameter(name.storedValue()))), List.of(), List.of(), java.util.OptionalInt.empty());
    }

    /** HAVING conditions for "more than 5 cities"; the rows asked for are then grouped, one per row of the focus. */
    List<SqlExpression> counts(ModelTable focus) {
        List<SqlExpression> having = new ArrayList<>();
        for (CountComparison count : context.countComparisons) {
            if (count.counted().name().equals(focus.name())) throw infeasible("a table cannot be counted per row of itself");
            context.tables.add(count.counted().name());
            SqlExpression rows = new SqlExpression.Aggregate(AggregateFunction.COUNT, new SqlExpression.Star(), false);
            ComparisonRequest comparison = count.comparison();
            having.add(comparison.between()
                    ? new SqlExpression.Between(rows, new SqlExpression.Parameter(comparison.numbers().get(0)),
                            new SqlExpression.Parameter(comparison.numbers().get(1)))
                    : new SqlExpression.Comparison(rows, comparison.operator().orElseThrow(), new SqlExpression.Parameter(comparison.numbers().getFirst())));
            context.readingParts.add("number of " + plural(count.counted()) + " " + comparison.words());
        }
        return having;
    }
}
