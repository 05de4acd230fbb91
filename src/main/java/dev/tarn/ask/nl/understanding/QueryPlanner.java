package dev.tarn.ask.nl.understanding;

import dev.tarn.ask.nl.model.ColumnReference;
import dev.tarn.ask.nl.model.ColumnRole;
import dev.tarn.ask.nl.model.Meaning;
import dev.tarn.ask.nl.model.ModelColumn;
import dev.tarn.ask.nl.model.ModelTable;
import dev.tarn.ask.nl.model.Relationship;
import dev.tarn.ask.nl.model.SemanticModel;
import dev.tarn.ask.nl.model.Words;
import dev.tarn.ask.nl.sql.AggregateFunction;
import dev.tarn.ask.nl.sql.ComparisonOperator;
import dev.tarn.ask.nl.sql.DateGrain;
import dev.tarn.ask.nl.sql.SqlExpression;
import dev.tarn.ask.nl.sql.SqlQuery;
import dev.tarn.ask.nl.understanding.QuestionStructure.ComparisonRequest;
import dev.tarn.ask.nl.understanding.QuestionStructure.RankingRequest;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Turns one resolved reading of a question into a SQL tree, or refuses it when the reading does not
 * fit the model (a sum of a text column, tables no key joins). The cost it gives a plan counts the
 * tables joined and the values matched on columns that do not name rows, so that the interpreter
 * prefers "the state named texas" to "a city whose state column says texas" unless a city was asked for.
 */
final class QueryPlanner {
    /** A value matched on a column that does not name its row is a weaker reading than one on a key. */
    private static final double NON_KEY_VALUE_COST = 0.5;
    private static final double ASSUMPTION_CONFIDENCE = 0.9;
    private static final double JOIN_CONFIDENCE = 0.95;
    /** Superlatives that count rows ("the most cities") rather than compare a measure ("the largest city"). */
    private static final Set<String> COUNTING_SUPERLATIVES = Set.of("most", "the most", "fewest", "least", "the least");

    private final SemanticModel model;
    private final QuestionStructure structure;
    private final ResolvedQuestion resolved;

    private final List<ModelColumn> projectedColumns = new ArrayList<>();
    private final List<ModelTable> projectedTables = new ArrayList<>();
    private final List<ValueFilter> valueFilters = new ArrayList<>();
    private final Set<String> tables = new LinkedHashSet<>();
    private final List<String> readingParts = new ArrayList<>();
    private int assumptions;
    private Optional<String> answered = Optional.empty();
    private String focusName = "";
    private double cost;

    /** "more than 5 cities": how many rows of another table join to each row, compared after grouping. */
    private record CountComparison(ModelTable counted, ComparisonRequest comparison) {
    }

    private final List<CountComparison> countComparisons = new ArrayList<>();

    private record ValueFilter(ModelColumn column, String value, boolean negated, boolean contained) {
    }

    QueryPlanner(SemanticModel model, QuestionStructure structure, ResolvedQuestion resolved) {
        this.model = model;
        this.structure = structure;
        this.resolved = resolved;
    }

    Plan plan() {
        Plan plan = planWithoutCountCheck();
        if (!countComparisons.isEmpty() && !countsUsed) throw infeasible("counting related rows is only supported when listing rows");
        return plan;
    }

    private boolean countsUsed;

    private Plan planWithoutCountCheck() {
        for (int index = 0; index < resolved.free().size(); index++) {
            int mentionIndex = index;
            switch (resolved.free().get(index)) {
                case Meaning.TableMeaning table -> projectedTables.add(model.table(table.table()));
                case Meaning.ColumnMeaning column when namesFollowingValue(mentionIndex, column) -> { }
                case Meaning.ColumnMeaning column -> projectedColumns.add(model.column(column.column()));
                case Meaning.ValueMeaning value -> valueFilters.add(new ValueFilter(model.column(value.column()), value.storedValue(), false,
                        structure.freeMentions().get(mentionIndex).contained()));
            }
        }
        for (Meaning meaning : resolved.negated()) {
            Meaning.ValueMeaning value = (Meaning.ValueMeaning) meaning;
            valueFilters.add(new ValueFilter(model.column(value.column()), value.storedValue(), true, false));
        }
        SqlQuery query;
        requireAskedTablesAnswered();
        if (structure.ranking().isPresent()) {
            query = ranked(structure.ranking().get());
        } else if (structure.aggregate().isPresent() || !structure.groupings().isEmpty() || structure.grain().isPresent()) {
            query = aggregated();
        } else {
            query = listing();
        }
        if (answered.isPresent() && !answered.get().equals(focusName)) {
            throw infeasible("the question asks which " + singular(model.table(answered.get())) + ", but the answer would be "
                    + plural(model.table(focusName)));
        }
        double confidence = Math.pow(ASSUMPTION_CONFIDENCE, assumptions) * Math.pow(JOIN_CONFIDENCE, tables.size() - 1);
        return new Plan(query, cost, String.join(", ", readingParts), Math.round(confidence * 100) / 100.0);
    }

    // ---- the three shapes of answer

    /** Rows of one table, or some of their columns: "what is the capital of texas", "rivers in texas". */
    private SqlQuery listing() {
        ModelTable focus = focus(structure.property().isPresent() && projectedColumns.isEmpty() && projectedTables.isEmpty()
                && !valueFilters.isEmpty() ? Optional.of(model.table(valueFilters.getFirst().column().table())) : Optional.empty());
        structure.property().ifPresent(property -> projectedColumns.add(property(property, focus)));
        tables.add(focus.name());
        focusName = focus.name();
        List<SqlExpression> select = new ArrayList<>();
        if (projectedColumns.isEmpty()) {
            select.addAll(displayColumns(focus));
            readingParts.add(plural(focus));
        } else {
            for (ModelColumn column : projectedColumns) {
                select.add(column(column));
                tables.add(column.table());
            }
            readingParts.add(projectedColumns.stream().map(QueryPlanner::words).distinct().reduce((a, b) -> a + " and " + b).orElseThrow()
                    + " of " + plural(focus));
            requireSingleValuedProjections(focus);
        }
        List<SqlExpression> where = filters(focus);
        List<SqlExpression> having = counts(focus);
        countsUsed = true;
        requireTablesExplained(focus);
        List<SqlExpression> groups = having.isEmpty() ? List.of() : select;
        return new SqlQuery(structure.distinctRows(), items(select), SqlQuery.TableReference.of(focus.name()), joins(focus), where,
                groups, having, List.of(), OptionalInt.empty());
    }

    /** Totals, counts and averages, optionally grouped: "total amount of orders by country". */
    private SqlQuery aggregated() {
        if (structure.property().isPresent()) throw infeasible("\"" + structure.property().get().words() + "\" with an aggregate is not supported");
        QuestionStructure.Form form = structure.aggregate().map(QuestionStructure.AggregateRequest::form).orElse(QuestionStructure.Form.VALUE);
        boolean share = form == QuestionStructure.Form.SHARE;
        boolean growth = form == QuestionStructure.Form.GROWTH;
        AggregateFunction function = structure.aggregate().map(QuestionStructure.AggregateRequest::function).orElse(AggregateFunction.SUM);
        if ((share || growth) && (target(resolved.aggregateTarget()) instanceof Meaning.TableMeaning)) {
            function = AggregateFunction.COUNT; // "share of orders by country": of the rows, so a count
        }
        boolean distinct = structure.aggregate().map(QuestionStructure.AggregateRequest::distinct).orElse(false) || structure.distinctRows();
        Optional<Meaning> target = resolved.aggregateTarget();
        if (target.isPresent() && target.get() instanceof Meaning.ValueMeaning value) {
            // "number of refunds": a value (or filter phrasing) counted means the rows it selects
            valueFilters.add(new ValueFilter(model.column(value.column()), value.storedValue(), false, false));
            target = Optional.of(new Meaning.TableMeaning(value.column().table()));
        }
        if (target.isEmpty() && !projectedColumns.isEmpty()) {
            // "what is the total of population" reads as "total population"; any other column left over is refused below
            target = Optional.of(new Meaning.ColumnMeaning(projectedColumns.removeFirst().reference()));
        }
        if (structure.aggregate().isEmpty()) {
            if (target.isEmpty() || !(target.get() instanceof Meaning.ColumnMeaning)) {
                throw infeasible("grouping needs a measure to total or the word \"count\"");
            }
            assumptions++; // "amount by country" is taken as the total amount
        }
        if (!projectedColumns.isEmpty()) throw infeasible("a column asked for next to an aggregate is not grouped by anything");
        ModelTable focus = switch (target.orElse(null)) {
            case Meaning.TableMeaning table -> model.table(table.table());
            case Meaning.ColumnMeaning column -> model.table(column.column().table());
            case null, default -> focus(Optional.empty());
        };
        tables.add(focus.name());
        focusName = focus.name();
        SqlExpression aggregate;
        String reading;
        if (target.isPresent() && target.get() instanceof Meaning.ColumnMeaning columnMeaning) {
            ModelColumn column = model.column(columnMeaning.column());
            if (function != AggregateFunction.COUNT && !column.type().isNumeric()) {
                throw infeasible("\"" + words(column) + "\" is not a number to " + functionWords(function));
            }
            aggregate = new SqlExpression.Aggregate(function, column(column), distinct);
            reading = functionWords(function) + (distinct ? " distinct " : " ") + words(column) + " of " + plural(focus);
        } else if (function == AggregateFunction.COUNT) {
            aggregate = distinct
                    ? new SqlExpression.Aggregate(function, displayColumns(focus).getFirst(), true)
                    : new SqlExpression.Aggregate(function, new SqlExpression.Star(), false);
            reading = "number of " + (distinct ? "distinct " : "") + plural(focus);
        } else {
            ModelColumn measure = onlyMeasure(focus);
            aggregate = new SqlExpression.Aggregate(function, column(measure), distinct);
            reading = functionWords(function) + " " + words(measure) + " of " + plural(focus);
        }
        if (share) {
            if (resolved.groupings().isEmpty() && structure.grain().isEmpty()) throw infeasible("a share needs a grouping to divide the total by");
            aggregate = new SqlExpression.ShareOfTotal((SqlExpression.Aggregate) aggregate);
            reading = "share of " + reading;
        }
        if (growth) {
            if (structure.grain().isEmpty() || !resolved.groupings().isEmpty()) {
                throw infeasible("growth needs one date grain (\"by month\", \"yearly\") and nothing else to group by");
            }
            reading = "growth of " + reading + " over the previous period";
        }
        readingParts.add(reading);
        List<SqlExpression> groups = groupings(focus);
        if (growth) aggregate = new SqlExpression.GrowthOverPrevious((SqlExpression.Aggregate) aggregate, groups.getFirst());
        List<SqlExpression> where = filters(focus);
        requireTablesExplained(focus);
        List<SqlExpression> select = new ArrayList<>(groups);
        select.add(aggregate);
        List<SqlQuery.OrderItem> order = structure.grain().isPresent()
                ? List.of(new SqlQuery.OrderItem(groups.getFirst(), false)) : List.of();
        return new SqlQuery(false, items(select), SqlQuery.TableReference.of(focus.name()), joins(focus), where, groups, order,
                OptionalInt.empty());
    }

    private static Meaning target(Optional<Meaning> meaning) {
        return meaning.orElse(null);
    }

    /** "how long is X": the measure named for the dimension; "where is X": the column that refers to what X is in. */
    private ModelColumn property(QuestionStructure.PropertyRequest property, ModelTable focus) {
        if (!projectedColumns.isEmpty()) throw infeasible("\"" + property.words() + "\" already says what to look up");
        if (property.location()) {
            List<ModelColumn> references = model.relationships().stream()
                    .filter(relationship -> relationship.from().table().equals(focus.name()))
                    .map(relationship -> model.column(relationship.from())).distinct().toList();
            if (references.size() != 1) {
                throw infeasible(plural(focus) + (references.isEmpty() ? " are in nothing the model knows" : " are in several things; say which"));
            }
            return references.getFirst();
        }
        List<ModelColumn> named = focus.columnsWithRole(ColumnRole.MEASURE).stream()
                .filter(column -> column.words().stream().anyMatch(property.dimensions()::contains)).toList();
        if (named.size() != 1) throw infeasible(plural(focus) + " have no one measure for \"" + property.words() + "\"");
        return named.getFirst();
    }

    /** Superlatives and top/bottom N: "the largest city in texas", "top 5 customers by amount". */
    private SqlQuery ranked(RankingRequest ranking) {
        Optional<Meaning> entity = resolved.rankingEntity();
        Optional<Meaning> measure = resolved.rankingMeasure();
        boolean countingWord = COUNTING_SUPERLATIVES.contains(ranking.words());
        if (measure.isPresent() && measure.get() instanceof Meaning.TableMeaning && entity.isEmpty() && countingWord
                && !projectedTables.isEmpty()) {
            entity = Optional.of(new Meaning.TableMeaning(projectedTables.getFirst().name())); // "the state with the most cities"
        } else if (measure.isPresent() && measure.get() instanceof Meaning.TableMeaning && entity.isEmpty()) {
            entity = measure; // "the largest city": the superlative's noun is the entity, its size the default measure
            measure = Optional.empty();
        }
        if (structure.aggregate().isPresent()) throw infeasible("an aggregate inside a ranking is not supported yet");
        if (!structure.groupings().isEmpty() || structure.grain().isPresent()) throw infeasible("grouping inside a ranking is not supported yet");
        if (entity.isEmpty() && ranking.count().isEmpty() && measure.isPresent() && measure.get() instanceof Meaning.ColumnMeaning measured) {
            String rankedTable = measured.column().table();
            Optional<ModelTable> outer = java.util.stream.Stream.concat(
                            projectedColumns.stream().map(column -> model.table(column.table())), projectedTables.stream())
                    .filter(table -> !table.name().equals(rankedTable)).findFirst();
            boolean rankedTableNamed = projectedTables.stream().anyMatch(table -> table.name().equals(rankedTable));
            if (outer.isPresent() && rankedTableNamed) return rankedRelated(ranking, outer.get(), model.column(measured.column()));
        }
        ModelTable focus = switch (entity.orElse(null)) {
            case Meaning.TableMeaning table -> model.table(table.table());
            case Meaning.ColumnMeaning column -> model.table(column.column().table());
            case null, default -> focus(measure.filter(Meaning.ColumnMeaning.class::isInstance)
                    .map(meaning -> model.table(((Meaning.ColumnMeaning) meaning).column().table())));
        };
        tables.add(focus.name());
        focusName = focus.name();
        // "how long is the longest river": the property is asked of the ranked rows
        structure.property().ifPresent(property -> projectedColumns.add(property(property, focus)));
        String direction = ranking.highest() ? "highest" : "lowest";
        if (ranking.count().isEmpty() && askedForAColumn()) {
            // "which capital has the largest population": the values of a column have no population;
            // the capital is a row of another table the model cannot reach from this column yet
            throw infeasible("a column's values are asked to have the " + direction + " measure; ask for the rows instead");
        }
        if (measure.isPresent() && measure.get() instanceof Meaning.TableMeaning counted) {
            return rankedByCount(ranking, focus, model.table(counted.table()), direction);
        }
        ModelColumn measureColumn = measure.map(meaning -> model.column(((Meaning.ColumnMeaning) meaning).column()))
                .orElseGet(() -> measureOfAdjective(ranking, focus));
        if (!measureColumn.type().isNumeric() && !measureColumn.type().isTemporal()) {
            throw infeasible("\"" + words(measureColumn) + "\" is not something to rank by");
        }
        tables.add(measureColumn.table());
        boolean entityIsDimension = entity.isPresent() && entity.get() instanceof Meaning.ColumnMeaning;
        List<SqlExpression> select = new ArrayList<>();
        if (entityIsDimension) {
            ModelColumn dimension = model.column(((Meaning.ColumnMeaning) entity.get()).column());
            if (ranking.count().isEmpty()) throw infeasible("a superlative of a column's values needs \"top\" or \"bottom\"");
            SqlExpression total = new SqlExpression.Aggregate(AggregateFunction.SUM, column(measureColumn), false);
            assumptions++; // ranking values of a column by a measure adds the measure up
            readingParts.add(ranking.words() + " " + words(dimension) + " by total " + words(measureColumn));
            List<SqlExpression> where = filters(focus);
            requireTablesExplained(focus);
            return new SqlQuery(false, items(List.of(column(dimension), total)), SqlQuery.TableReference.of(focus.name()), joins(focus),
                    where, List.of(column(dimension)), List.of(new SqlQuery.OrderItem(total, ranking.highest())),
                    OptionalInt.of(ranking.count().orElse(1)));
        }
        if (ranking.count().isPresent() && !measureColumn.table().equals(focus.name())) {
            return rankedByTotal(ranking, focus, measureColumn);
        }
        if (projectedColumns.isEmpty()) {
            select.addAll(displayColumns(focus));
        } else {
            requireSingleValuedProjections(focus);
            for (ModelColumn column : projectedColumns) {
                select.add(column(column));
                tables.add(column.table());
            }
        }
        List<SqlExpression> where = filters(focus);
        requireTablesExplained(focus);
        List<SqlQuery.Join> joins = joins(focus);
        if (ranking.count().isPresent()) {
            readingParts.addFirst(ranking.words() + " " + plural(focus) + " by " + words(measureColumn));
            return new SqlQuery(structure.distinctRows(), items(select), SqlQuery.TableReference.of(focus.name()), joins, where,
                    List.of(), List.of(new SqlQuery.OrderItem(column(measureColumn), ranking.highest())),
                    OptionalInt.of(ranking.count().get()));
        }
        String asked = projectedColumns.isEmpty() ? "the "
                : projectedColumns.stream().map(QueryPlanner::words).distinct().reduce((a, b) -> a + " and " + b).orElseThrow() + " of the ";
        readingParts.addFirst(asked + singular(focus) + " with the " + direction + " " + words(measureColumn));
        SqlQuery extreme = new SqlQuery(false, items(List.of(new SqlExpression.Aggregate(
                ranking.highest() ? AggregateFunction.MAX : AggregateFunction.MIN, column(measureColumn), false))),
                SqlQuery.TableReference.of(focus.name()), joins, where, List.of(), List.of(), OptionalInt.empty());
        List<SqlExpression> outerWhere = new ArrayList<>();
        outerWhere.add(new SqlExpression.Comparison(column(measureColumn), ComparisonOperator.EQUAL, new SqlExpression.Subquery(extreme)));
        outerWhere.addAll(where);
        // "the length of the longest river": every row found has that one length, so it is one value, not one per row
        boolean onlyTheMeasure = projectedColumns.equals(List.of(measureColumn));
        return new SqlQuery(structure.distinctRows() || onlyTheMeasure, items(select), SqlQuery.TableReference.of(focus.name()), joins,
                outerWhere, List.of(), List.of(), OptionalInt.empty());
    }

    /**
     * "cities in the state with the largest area": the superlative picks a row of another named table
     * (over that whole table), and the answer is the rows of the focus table joined to it.
     */
    private SqlQuery rankedRelated(RankingRequest ranking, ModelTable outer, ModelColumn measureColumn) {
        if (structure.property().isPresent()) throw infeasible("\"" + structure.property().get().words() + "\" of a related row is not supported");
        ModelTable ranked = model.table(measureColumn.table());
        tables.add(outer.name());
        focusName = outer.name();
        tables.add(ranked.name());
        List<SqlExpression> select = new ArrayList<>();
        if (projectedColumns.isEmpty()) {
            select.addAll(displayColumns(outer));
        } else {
            requireSingleValuedProjections(outer);
            for (ModelColumn column : projectedColumns) {
                select.add(column(column));
                tables.add(column.table());
            }
        }
        String asked = projectedColumns.isEmpty() ? plural(outer)
                : projectedColumns.stream().map(QueryPlanner::words).distinct().reduce((a, b) -> a + " and " + b).orElseThrow() + " of " + plural(outer);
        readingParts.add(asked + " of the " + singular(ranked) + " with the " + (ranking.highest() ? "highest " : "lowest ") + words(measureColumn));
        List<SqlExpression> where = filters(outer);
        requireTablesExplained(outer);
        List<SqlQuery.Join> joins = joins(outer);
        SqlQuery extreme = new SqlQuery(false, items(List.of(new SqlExpression.Aggregate(
                ranking.highest() ? AggregateFunction.MAX : AggregateFunction.MIN, column(measureColumn), false))),
                SqlQuery.TableReference.of(ranked.name()), List.of(), List.of(), List.of(), List.of(), OptionalInt.empty());
        List<SqlExpression> outerWhere = new ArrayList<>();
        outerWhere.add(new SqlExpression.Comparison(column(measureColumn), ComparisonOperator.EQUAL, new SqlExpression.Subquery(extreme)));
        outerWhere.addAll(where);
        return new SqlQuery(structure.distinctRows(), items(select), SqlQuery.TableReference.of(outer.name()), joins, outerWhere,
                List.of(), List.of(), OptionalInt.empty());
    }

    /** "top 3 customers by revenue": the measure lives in another table, so it is totalled per row of the entity. */
    private SqlQuery rankedByTotal(RankingRequest ranking, ModelTable focus, ModelColumn measureColumn) {
        List<SqlExpression> display = displayColumns(focus);
        SqlExpression total = new SqlExpression.Aggregate(AggregateFunction.SUM, column(measureColumn), false);
        assumptions++; // ranking rows by a measure of many related rows adds the measure up
        readingParts.addFirst(ranking.words() + " " + plural(focus) + " by total " + words(measureColumn) + " of "
                + plural(model.table(measureColumn.table())));
        List<SqlExpression> where = filters(focus);
        requireTablesExplained(focus);
        List<SqlExpression> groups = new ArrayList<>(display);
        return new SqlQuery(false, items(display), SqlQuery.TableReference.of(focus.name()), joins(focus), where, groups,
                List.of(new SqlQuery.OrderItem(total, ranking.highest())), OptionalInt.of(ranking.count().orElseThrow()));
    }

    /** "the state with the most cities": rows of one table ranked by how many rows of another join to each. */
    private SqlQuery rankedByCount(RankingRequest ranking, ModelTable focus, ModelTable counted, String direction) {
        if (counted.name().equals(focus.name())) throw infeasible("a table cannot be ranked by counting itself");
        if (!projectedColumns.isEmpty()) throw infeasible("columns asked for next to a ranking by count are not supported yet");
        tables.add(counted.name());
        List<SqlExpression> display = displayColumns(focus);
        readingParts.addFirst("the " + singular(focus) + " with the " + (ranking.highest() ? "most " : "fewest ") + plural(counted));
        List<SqlExpression> where = filters(focus);
        requireTablesExplained(focus);
        SqlExpression count = new SqlExpression.Aggregate(AggregateFunction.COUNT, new SqlExpression.Star(), false);
        return new SqlQuery(false, items(display), SqlQuery.TableReference.of(focus.name()), joins(focus), where, display,
                List.of(new SqlQuery.OrderItem(count, ranking.highest())), OptionalInt.of(ranking.count().orElse(1)));
    }

    // ---- parts shared by the shapes

    private boolean askedForAColumn() {
        for (int index = 0; index < resolved.free().size(); index++) {
            if (structure.freeMentions().get(index).asked() && resolved.free().get(index) instanceof Meaning.ColumnMeaning) return true;
        }
        return false;
    }

    /** The table a "which"/"what" names, if any: the answer must list its rows. */
    private void requireAskedTablesAnswered() {
        for (int index = 0; index < resolved.free().size(); index++) {
            if (structure.freeMentions().get(index).asked() && resolved.free().get(index) instanceof Meaning.TableMeaning table) {
                answered = Optional.of(table.table());
                return;
            }
        }
    }

    /** Whether the question names the table itself ("cities", "the largest city", "how many rivers"), not just a column of it. */
    private boolean namedAsTable(ModelTable table) {
        Meaning tableMeaning = new Meaning.TableMeaning(table.name());
        return projectedTables.stream().anyMatch(projected -> projected.name().equals(table.name()))
                || resolved.rankingEntity().filter(tableMeaning::equals).isPresent()
                || resolved.rankingMeasure().filter(tableMeaning::equals).isPresent()
                || resolved.aggregateTarget().filter(tableMeaning::equals).isPresent();
    }

    /** "the state with capital austin": a column named just before one of its own values says where the value is. */
    private boolean namesFollowingValue(int index, Meaning.ColumnMeaning column) {
        return index + 1 < resolved.free().size() && resolved.free().get(index + 1) instanceof Meaning.ValueMeaning value
                && value.column().equals(column.column());
    }

    /**
     * Columns asked for must come from the focus table or from tables each of its rows has one of
     * (following foreign keys forward); a column of a table with many rows per focus row, such as
     * border_info.border for a state, is a relation the grammar cannot read yet, not an attribute.
     */
    private void requireSingleValuedProjections(ModelTable focus) {
        for (ModelColumn column : projectedColumns) {
            if (column.table().equals(focus.name())) continue;
            List<Relationship> path = model.joinPath(focus.name(), column.table()).orElse(List.of());
            boolean toOne = !path.isEmpty() && path.stream().allMatch(step -> model.relationships().stream()
                    .anyMatch(declared -> declared.from().equals(step.from()) && declared.to().equals(step.to())));
            if (!toOne) {
                throw infeasible("\"" + words(column) + "\" has many values per " + singular(focus) + "; the question does not say how to combine them");
            }
        }
    }

    /** The table the question is about when no construct names it: the first column asked for, else the first table. */
    private ModelTable focus(Optional<ModelTable> hint) {
        if (hint.isPresent()) return hint.get();
        // "the highest point in the state with capital austin": the column asked for says what the rows
        // are; a table named beside it ("the state") only locates them, through a filter on it
        if (!projectedColumns.isEmpty()) return model.table(projectedColumns.getFirst().table());
        if (!projectedTables.isEmpty()) return projectedTables.getFirst();
        throw infeasible("the question does not say what to look up");
    }

    /**
     * A table named in the question but not asked for must be explained by a filter ("the state of texas")
     * or be the focus; otherwise the question is about two things and is refused.
     */
    private void requireTablesExplained(ModelTable focus) {
        for (ModelTable table : projectedTables) {
            if (table.name().equals(focus.name()) || tables.contains(table.name())) continue;
            boolean explained = valueFilters.stream().anyMatch(filter -> filter.column().table().equals(table.name())
                    || refersTo(filter.column(), table));
            if (!explained) throw infeasible("\"" + plural(table) + "\" is named but not related to " + plural(focus));
        }
    }

    private boolean refersTo(ModelColumn column, ModelTable table) {
        return model.relationships().stream()
                .anyMatch(relationship -> relationship.from().equals(column.reference()) && relationship.to().table().equals(table.name()));
    }

    private List<SqlExpression> groupings(ModelTable focus) {
        List<SqlExpression> groups = new ArrayList<>();
        if (structure.grain().isPresent()) {
            DateGrain grain = structure.grain().get();
            ModelColumn time = onlyTimeColumn(focus);
            groups.add(new SqlExpression.DateTruncation(grain, column(time)));
            readingParts.add("by " + grain.name().toLowerCase(Locale.ROOT) + " of " + words(time));
        }
        for (Meaning meaning : resolved.groupings()) {
            if (meaning instanceof Meaning.TableMeaning tableMeaning) {
                ModelTable table = model.table(tableMeaning.table());
                Optional<ModelColumn> referring = foreignKeyTo(focus, table);
                List<SqlExpression> display = referring.isPresent() ? List.of(column(referring.get())) : displayColumns(table);
                if (referring.isEmpty()) tables.add(table.name());
                groups.addAll(display);
                readingParts.add("for each " + singular(table));
            } else {
                ModelColumn column = model.column(((Meaning.ColumnMeaning) meaning).column());
                tables.add(column.table());
                groups.add(column(column));
                readingParts.add("by " + words(column));
            }
        }
        return groups;
    }

    /** Grouping orders by customer can use orders.customer_id itself: no join needed to tell customers apart. */
    private Optional<ModelColumn> foreignKeyTo(ModelTable focus, ModelTable target) {
        if (focus.name().equals(target.name())) return Optional.empty();
        return model.relationships().stream()
                .filter(relationship -> relationship.from().table().equals(focus.name()) && relationship.to().table().equals(target.name())
                        && target.displayColumn().map(display -> display.name().equals(relationship.to().column())).orElse(false))
                .map(relationship -> model.column(relationship.from())).findFirst();
    }

    private List<SqlExpression> filters(ModelTable focus) {
        List<SqlExpression> where = new ArrayList<>();
        for (ValueFilter filter : valueFilters) {
            boolean contradicted = !filter.negated() && valueFilters.stream().anyMatch(other -> !other.negated()
                    && other.column().equals(filter.column()) && !other.value().equals(filter.value()));
            if (contradicted) throw infeasible("one " + words(filter.column()) + " cannot be two values at once");
        }
        for (ValueFilter filter : valueFilters) {
            tables.add(filter.column().table());
            ModelTable owner = model.table(filter.column().table());
            if (filter.contained() && owner.name().equals(focus.name()) && owner.isKeyColumn(filter.column().name())
                    && namedAsTable(focus)) {
                throw infeasible("\"" + filter.value() + "\" names " + plural(owner) + " themselves, not where they are");
            }
            if (!owner.isKeyColumn(filter.column().name())) cost += NON_KEY_VALUE_COST;
            where.add(new SqlExpression.Comparison(column(filter.column()),
                    filter.negated() ? ComparisonOperator.NOT_EQUAL : ComparisonOperator.EQUAL, new SqlExpression.Parameter(filter.value())));
            readingParts.add(wordsFrom(filter.column(), focus) + (filter.negated() ? " is not " : " is ") + filter.value());
        }
        for (int index = 0; index < structure.comparisons().size(); index++) {
            ComparisonRequest comparison = structure.comparisons().get(index);
            if (resolved.comparisonColumns().get(index).orElse(null) instanceof Meaning.TableMeaning counted) {
                countComparisons.add(new CountComparison(model.table(counted.table()), comparison));
                continue;
            }
            ModelColumn column = resolved.comparisonColumns().get(index)
                    .map(meaning -> model.column(((Meaning.ColumnMeaning) meaning).column()))
                    .orElseGet(() -> onlyMeasure(focus));
            if (!column.type().isNumeric()) throw infeasible("\"" + words(column) + "\" is not a number to compare");
            tables.add(column.table());
            if (comparison.between()) {
                where.add(new SqlExpression.Between(column(column), new SqlExpression.Parameter(comparison.numbers().get(0)),
                        new SqlExpression.Parameter(comparison.numbers().get(1))));
            } else {
                where.add(new SqlExpression.Comparison(column(column), comparison.operator().orElseThrow(),
                        new SqlExpression.Parameter(comparison.numbers().getFirst())));
            }
            readingParts.add(wordsFrom(column, focus) + " " + comparison.words());
        }
        if (structure.dateRange().isPresent()) {
            QuestionStructure.DateRange range = structure.dateRange().get();
            ModelColumn time = onlyTimeColumn(focus);
            where.add(new SqlExpression.Comparison(column(time), ComparisonOperator.GREATER_OR_EQUAL, new SqlExpression.Parameter(range.start())));
            where.add(new SqlExpression.Comparison(column(time), ComparisonOperator.LESS, new SqlExpression.Parameter(range.end())));
            readingParts.add(words(time) + " " + range.words());
        }
        return where;
    }

    /** HAVING conditions for "more than 5 cities"; the rows asked for are then grouped, one per row of the focus. */
    private List<SqlExpression> counts(ModelTable focus) {
        List<SqlExpression> having = new ArrayList<>();
        for (CountComparison count : countComparisons) {
            if (count.counted().name().equals(focus.name())) throw infeasible("a table cannot be counted per row of itself");
            tables.add(count.counted().name());
            SqlExpression rows = new SqlExpression.Aggregate(AggregateFunction.COUNT, new SqlExpression.Star(), false);
            ComparisonRequest comparison = count.comparison();
            having.add(comparison.between()
                    ? new SqlExpression.Between(rows, new SqlExpression.Parameter(comparison.numbers().get(0)),
                            new SqlExpression.Parameter(comparison.numbers().get(1)))
                    : new SqlExpression.Comparison(rows, comparison.operator().orElseThrow(), new SqlExpression.Parameter(comparison.numbers().getFirst())));
            readingParts.add("number of " + plural(count.counted()) + " " + comparison.words());
        }
        return having;
    }

    /** Inner joins from the focus table to every other table used, along the unique shortest key path to each. */
    private List<SqlQuery.Join> joins(ModelTable focus) {
        Set<String> joined = new LinkedHashSet<>(List.of(focus.name()));
        List<SqlQuery.Join> joins = new ArrayList<>();
        for (String table : List.copyOf(tables)) {
            if (joined.contains(table)) continue;
            List<Relationship> path = model.joinPath(focus.name(), table)
                    .orElseThrow(() -> infeasible("no single chain of keys joins " + focus.name() + " to " + table));
            for (Relationship step : path) {
                if (!joined.add(step.to().table())) continue;
                joins.add(new SqlQuery.Join(SqlQuery.TableReference.of(step.to().table()), new SqlExpression.Comparison(
                        new SqlExpression.Column(step.from().table(), step.from().column()), ComparisonOperator.EQUAL,
                        new SqlExpression.Column(step.to().table(), step.to().column()))));
            }
        }
        tables.addAll(joined);
        cost += joined.size();
        return joins;
    }

    private List<SqlExpression> displayColumns(ModelTable table) {
        if (table.displayColumn().isPresent()) return List.of(column(table.displayColumn().get()));
        return table.columns().stream().map(QueryPlanner::column).toList();
    }

    /** "the largest state": the one measure whose name is the adjective's dimension (area), else the only measure. */
    private ModelColumn measureOfAdjective(RankingRequest ranking, ModelTable table) {
        List<String> dimensions = Vocabulary.dimensionsOf(ranking.words());
        List<ModelColumn> named = table.columnsWithRole(ColumnRole.MEASURE).stream()
                .filter(column -> column.words().stream().anyMatch(dimensions::contains)).toList();
        if (named.size() == 1) {
            assumptions++;
            return named.getFirst();
        }
        return onlyMeasure(table);
    }

    private ModelColumn onlyMeasure(ModelTable table) {
        List<ModelColumn> measures = table.columnsWithRole(ColumnRole.MEASURE);
        if (measures.size() != 1) {
            throw infeasible(measures.isEmpty() ? plural(table) + " have no measure to rank or total"
                    : plural(table) + " have several measures (" + String.join(", ", measures.stream().map(QueryPlanner::words).toList())
                    + "); say which one");
        }
        assumptions++;
        return measures.getFirst();
    }

    private ModelColumn onlyTimeColumn(ModelTable table) {
        List<ModelColumn> times = table.columnsWithRole(ColumnRole.TIME);
        if (times.size() != 1) {
            throw infeasible(times.isEmpty() ? plural(table) + " have no date column" : plural(table) + " have several date columns; say which one");
        }
        return times.getFirst();
    }

    private static SqlExpression column(ModelColumn column) {
        return new SqlExpression.Column(column.table(), column.name());
    }

    private static List<SqlQuery.SelectItem> items(List<SqlExpression> expressions) {
        return expressions.stream().map(SqlQuery.SelectItem::of).toList();
    }

    private static String words(ModelColumn column) {
        return Words.join(column.words());
    }

    /** A column's words, with its table's when it is not the focus table's: "city state name" beside "state name". */
    private String wordsFrom(ModelColumn column, ModelTable focus) {
        if (column.table().equals(focus.name())) return words(column);
        return singular(model.table(column.table())) + " " + words(column);
    }

    private static String plural(ModelTable table) {
        return Words.join(table.pluralWords());
    }

    private static String singular(ModelTable table) {
        return Words.join(table.singularWords());
    }

    private static String functionWords(AggregateFunction function) {
        return switch (function) {
            case COUNT -> "number of";
            case SUM -> "total";
            case AVG -> "average";
            case MIN -> "minimum";
            case MAX -> "maximum";
            case MEDIAN -> "median";
        };
    }

    private static NotUnderstoodException infeasible(String message) {
        return new NotUnderstoodException(RefusalReason.NO_INTERPRETATION, List.of(), message);
    }
}
