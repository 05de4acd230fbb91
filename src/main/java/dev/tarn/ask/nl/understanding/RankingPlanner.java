package dev.tarn.ask.nl.understanding;

import dev.tarn.ask.nl.model.ColumnRole;
import dev.tarn.ask.nl.model.Meaning;
import dev.tarn.ask.nl.model.ModelColumn;
import dev.tarn.ask.nl.model.ModelTable;
import dev.tarn.ask.nl.sql.AggregateFunction;
import dev.tarn.ask.nl.sql.ComparisonOperator;
import dev.tarn.ask.nl.sql.SqlExpression;
import dev.tarn.ask.nl.sql.SqlQuery;
import dev.tarn.ask.nl.understanding.QuestionStructure.RankingRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;

import static dev.tarn.ask.nl.understanding.PlanningContext.column;
import static dev.tarn.ask.nl.understanding.PlanningContext.infeasible;
import static dev.tarn.ask.nl.understanding.PlanningContext.items;
import static dev.tarn.ask.nl.understanding.PlanningContext.plural;
import static dev.tarn.ask.nl.understanding.PlanningContext.singular;
import static dev.tarn.ask.nl.understanding.PlanningContext.words;

/**
 * Superlatives and top/bottom N: "the largest city in texas" (a scalar subquery, ties kept), "top 5
 * customers by amount" (ORDER BY ... LIMIT), "the state with the most cities" (a count per row).
 */
final class RankingPlanner {
    /** Superlatives that count rows ("the most cities") rather than compare a measure ("the largest city"). */
    /** Superlatives that count the rows of each value of the noun itself: "the most common event". */
    private static final Set<String> FREQUENCY_SUPERLATIVES = Set.of("most common", "most frequent", "least common", "least frequent",
            "the most common", "the most frequent", "the least common", "the least frequent");
    private static final Set<String> COUNTING_SUPERLATIVES = java.util.stream.Stream.concat(Stream.of("most", "the most", "fewest", "least", "the least"),
            FREQUENCY_SUPERLATIVES.stream()).collect(java.util.stream.Collectors.toUnmodifiableSet());

    private final PlanningContext context;
    private final FilterPlanner filters;

    RankingPlanner(PlanningContext context) {
        this.context = context;
        this.filters = new FilterPlanner(context);
    }

    /** Superlatives and top/bottom N: "the largest city in texas", "top 5 customers by amount". */
    SqlQuery ranked(RankingRequest ranking) {
        QuestionStructure structure = context.structure;
        List<ModelColumn> projectedColumns = context.projectedColumns;
        List<ModelTable> projectedTables = context.projectedTables;
        Optional<Meaning> entity = context.resolved.rankingEntity();
        Optional<Meaning> measure = context.resolved.rankingMeasure();
        boolean countingWord = COUNTING_SUPERLATIVES.contains(ranking.words());
        boolean verbRanksItsTable = false;
        if (measure.isPresent() && measure.get() instanceof Meaning.ValueMeaning value) {
            // "the most purchases", "top 4 countries by page views": the rows with the value, counted
            if (!countingWord && ranking.count().isEmpty()) throw infeasible("\"" + value.storedValue() + "\" is not something to rank by");
            context.valueFilters.add(new PlanningContext.ValueFilter(context.model.column(value.column()), value.storedValue(), false, false));
            measure = Optional.of(new Meaning.TableMeaning(value.column().table()));
            countingWord = true;
        }
        if (structure.grain().isPresent() && structure.groupings().isEmpty() && ranking.count().isEmpty() && entity.isEmpty()
                && projectedColumns.isEmpty() && projectedTables.isEmpty() && structure.aggregate().isEmpty()) {
            // "which month had the most signups", "which day last month had the most revenue"
            Optional<SqlExpression> byGrain = groupedMeasure(ranking, measure, countingWord);
            if (byGrain.isPresent()) {
                ModelTable ranked = tableOf(measure.orElseThrow());
                ModelColumn time = context.onlyTimeColumn(ranked);
                dev.tarn.ask.nl.sql.DateGrain grain = structure.grain().get();
                return groupedRanking(ranking, new SqlExpression.DateTruncation(grain, column(time)), grain.name().toLowerCase(java.util.Locale.ROOT),
                        time.table(), ranked, byGrain.get(), measure.get() instanceof Meaning.TableMeaning ? "number of " + plural(ranked)
                                : ranking.measure().orElseThrow().text());
            }
        }
        Optional<SqlQuery> byFrequency = rankedByFrequency(ranking, entity, measure, countingWord);
        if (byFrequency.isPresent()) return byFrequency.get();
        Optional<SqlExpression> groupedMeasure = groupedMeasure(ranking, measure, countingWord);
        if (entity.isEmpty() && ranking.count().isEmpty() && groupedMeasure.isPresent() && projectedTables.isEmpty()
                && projectedColumns.size() == 1 && projectedColumns.getFirst().role() == dev.tarn.ask.nl.model.ColumnRole.DIMENSION
                && !refersToAnotherTable(projectedColumns.getFirst())
                && structure.aggregate().isEmpty() && structure.groupings().isEmpty() && structure.grain().isEmpty()) {
            return groupedExtreme(ranking, projectedColumns.removeFirst(), measure.orElseThrow(), groupedMeasure.get());
        }
        if (measure.isPresent() && measure.get() instanceof Meaning.TableMeaning && entity.isEmpty() && countingWord
                && !projectedTables.isEmpty()) {
            entity = Optional.of(new Meaning.TableMeaning(projectedTables.getFirst().name())); // "the state with the most cities"
        } else if (measure.isPresent() && measure.get() instanceof Meaning.TableMeaning counted && entity.isEmpty() && countingWord
                && projectedColumns.size() == 1 && !projectedColumns.getFirst().table().equals(counted.table())
                && context.refersByNameOrValues(projectedColumns.getFirst(), context.model.table(counted.table()))) {
            // "which river traverses the most states": the verb's table is ranked by how many of the counted rows it refers to
            entity = Optional.of(new Meaning.TableMeaning(projectedColumns.removeFirst().table()));
            verbRanksItsTable = true;
        } else if (measure.isPresent() && measure.get() instanceof Meaning.TableMeaning counted && entity.isEmpty() && countingWord
                && context.namedInPlural(context.model.table(counted.table()))) {
            // "the most rivers" with nothing to count them for: no size of a river is named
            throw infeasible("\"" + ranking.words() + "\" counts rows for something; say what has the " + ranking.words());
        } else if (measure.isPresent() && measure.get() instanceof Meaning.TableMeaning && entity.isEmpty()) {
            entity = measure; // "the largest city": the superlative's noun is the entity, its size the default measure
            measure = Optional.empty();
        }
        Optional<SqlExpression> askedAggregate = measure.isEmpty() ? askedAggregate() : Optional.empty();
        if (askedAggregate.isPresent() && projectedTables.isEmpty() && structure.groupings().isEmpty() && structure.grain().isEmpty()) {
            ModelTable aggregated = askedAggregateTable().orElseThrow();
            String measureWords = structure.aggregate().orElseThrow().words() + " " + structure.aggregate().get().target().map(Mention::text).orElse("");
            if (ranking.count().isEmpty() && entity.isEmpty() && projectedColumns.size() == 1
                    && projectedColumns.getFirst().role() == dev.tarn.ask.nl.model.ColumnRole.DIMENSION && !refersToAnotherTable(projectedColumns.getFirst())) {
                ModelColumn dimension = projectedColumns.removeFirst();
                return groupedRanking(ranking, column(dimension), words(dimension), dimension.table(), aggregated, askedAggregate.get(), measureWords);
            }
            if (ranking.count().isPresent() && entity.isPresent() && entity.get() instanceof Meaning.ColumnMeaning dimensionMeaning
                    && projectedColumns.isEmpty()) {
                ModelColumn dimension = context.model.column(dimensionMeaning.column());
                return groupedRanking(ranking, column(dimension), words(dimension), dimension.table(), aggregated, askedAggregate.get(), measureWords);
            }
        }
        if (structure.groupings().size() > 0 && structure.grain().isEmpty() && ranking.count().isEmpty() && entity.isEmpty()
                && measure.isPresent() && measure.get() instanceof Meaning.ColumnMeaning measured && projectedColumns.isEmpty()
                && projectedTables.stream().allMatch(this::filteredByAValue) && structure.aggregate().isEmpty()) {
            // "biggest order amount per user country": the extreme value within each group
            return extremeValuePerGroup(ranking, context.model.column(measured.column()));
        }
        if (structure.aggregate().isPresent()) throw infeasible("an aggregate inside a ranking is not supported yet");
        if (!structure.groupings().isEmpty() || structure.grain().isPresent()) throw infeasible("grouping inside a ranking is not supported yet");
        if (entity.isEmpty() && ranking.count().isEmpty() && measure.isPresent() && measure.get() instanceof Meaning.ColumnMeaning measured) {
            String rankedTable = measured.column().table();
            Optional<ModelTable> outer = java.util.stream.Stream.concat(
                            projectedColumns.stream().map(column -> context.model.table(column.table())), projectedTables.stream())
                    .filter(table -> !table.name().equals(rankedTable)).findFirst();
            boolean rankedTableNamed = projectedTables.stream().anyMatch(table -> table.name().equals(rankedTable));
            if (outer.isPresent() && rankedTableNamed) return rankedRelated(ranking, outer.get(), context.model.column(measured.column()));
        }
        if (entity.isEmpty() && ranking.count().isEmpty() && measure.isPresent() && measure.get() instanceof Meaning.ColumnMeaning measured
                && projectedColumns.isEmpty() && structure.property().isEmpty()
                // "the city in texas with the largest population": the measure's own table, named, asks for its rows
                && projectedTables.stream().noneMatch(table -> table.name().equals(measured.column().table()))
                && context.valueFilters.stream().noneMatch(filter -> filter.rows().isPresent()
                        && filter.column().table().equals(measured.column().table()))
                && projectedTables.stream().allMatch(this::filteredByAValue)) {
            return extremeValue(ranking, context.model.column(measured.column()));
        }
        ModelTable focus = switch (entity.orElse(null)) {
            case Meaning.TableMeaning table -> context.model.table(table.table());
            case Meaning.ColumnMeaning column -> context.model.table(column.column().table());
            case null, default -> context.focus(measure.filter(Meaning.ColumnMeaning.class::isInstance)
                    .map(meaning -> context.model.table(((Meaning.ColumnMeaning) meaning).column().table())));
        };
        context.tables.add(focus.name());
        context.focusName = focus.name();
        // "how long is the longest river": the property is asked of the ranked rows
        structure.property().ifPresent(property -> projectedColumns.add(context.property(property, focus)));
        String direction = ranking.highest() ? "highest" : "lowest";
        if (ranking.count().isEmpty() && context.askedForAColumn() && !verbRanksItsTable) {
            // "which capital has the largest population": the values of a column have no population;
            // the capital is a row of another table the model cannot reach from this column yet
            throw infeasible("a column's values are asked to have the " + direction + " measure; ask for the rows instead");
        }
        if (measure.isPresent() && measure.get() instanceof Meaning.TableMeaning counted && entity.isPresent()
                && entity.get() instanceof Meaning.ColumnMeaning dimension && ranking.count().isPresent()) {
            return rankedValuesByCount(ranking, context.model.column(dimension.column()), context.model.table(counted.table()));
        }
        if (measure.isPresent() && measure.get() instanceof Meaning.TableMeaning counted && counted.table().equals(focus.name())
                && projectedColumns.size() == 1 && !projectedColumns.getFirst().table().equals(focus.name())
                && context.refersByNameOrValues(projectedColumns.getFirst(), focus)) {
            // "the state that borders the most states": counted are the rows of the verb's table (border_info) per state
            if (!ranking.highest()) {
                // the fewest may be none, and a row with no related rows is not in the join that counts them
                throw infeasible("\"" + ranking.words() + "\" would miss the " + plural(focus) + " with none");
            }
            ModelTable relation = context.model.table(projectedColumns.removeFirst().table());
            return rankedByCount(ranking, focus, relation, false);
        }
        if (measure.isPresent() && measure.get() instanceof Meaning.TableMeaning counted) {
            // "traverses the most states": states, each once, however many rows of the verb's table reach one
            return rankedByCount(ranking, focus, context.model.table(counted.table()), verbRanksItsTable);
        }
        ModelColumn measureColumn = measure.map(meaning -> context.model.column(((Meaning.ColumnMeaning) meaning).column()))
                .orElseGet(() -> measureOfAdjective(ranking, focus));
        if (!measureColumn.type().isNumeric() && !measureColumn.type().isTemporal()) {
            throw infeasible("\"" + words(measureColumn) + "\" is not something to rank by");
        }
        context.tables.add(measureColumn.table());
        boolean entityIsDimension = entity.isPresent() && entity.get() instanceof Meaning.ColumnMeaning;
        List<SqlExpression> select = new ArrayList<>();
        if (entityIsDimension) {
            ModelColumn dimension = context.model.column(((Meaning.ColumnMeaning) entity.get()).column());
            if (ranking.count().isEmpty()) throw infeasible("a superlative of a column's values needs \"top\" or \"bottom\"");
            // "top 3 channels by revenue in 2025": the measure's rows are totalled, so its table's dates are the ones asked about
            ModelTable totalled = context.model.table(measureColumn.table());
            context.tables.add(totalled.name());
            context.focusName = totalled.name();
            SqlExpression total = new SqlExpression.Aggregate(AggregateFunction.SUM, column(measureColumn), false);
            context.assumptions++; // ranking values of a column by a measure adds the measure up
            context.readingParts.add(ranking.words() + " " + words(dimension) + " by total " + words(measureColumn));
            List<SqlExpression> where = filters.filters(totalled);
            context.requireTablesExplained(totalled);
            return new SqlQuery(false, items(List.of(column(dimension), total)), SqlQuery.TableReference.of(totalled.name()), context.joins(totalled),
                    where, List.of(column(dimension)), List.of(new SqlQuery.OrderItem(total, ranking.highest())),
                    OptionalInt.of(ranking.count().orElse(1)));
        }
        if (ranking.count().isPresent() && !measureColumn.table().equals(focus.name())) {
            return rankedByTotal(ranking, focus, measureColumn);
        }
        if (projectedColumns.isEmpty()) {
            select.addAll(context.displayColumns(focus));
        } else {
            context.requireSingleValuedProjections(focus);
            for (ModelColumn column : projectedColumns) {
                select.add(column(column));
                context.tables.add(column.table());
            }
        }
        List<SqlExpression> where = filters.filters(focus);
        context.requireTablesExplained(focus);
        requireSeveralRows(focus);
        requireNamedTablesLocated(focus);
        List<SqlQuery.Join> joins = context.joins(focus);
        if (ranking.count().isPresent()) {
            context.readingParts.addFirst(ranking.words() + " " + plural(focus) + " by " + words(measureColumn));
            return new SqlQuery(structure.distinctRows(), items(select), SqlQuery.TableReference.of(focus.name()), joins, where,
                    List.of(), List.of(new SqlQuery.OrderItem(column(measureColumn), ranking.highest())),
                    OptionalInt.of(ranking.count().get()));
        }
        String asked = projectedColumns.isEmpty() ? "the "
                : projectedColumns.stream().map(PlanningContext::words).distinct().reduce((a, b) -> a + " and " + b).orElseThrow() + " of the ";
        context.readingParts.addFirst(asked + singular(focus) + " with the " + direction + " " + words(measureColumn));
        SqlQuery extreme = new SqlQuery(false, items(List.of(new SqlExpression.Aggregate(
                ranking.highest() ? AggregateFunction.MAX : AggregateFunction.MIN, column(measureColumn), false))),
                SqlQuery.TableReference.of(focus.name()), joins, where, List.of(), List.of(), OptionalInt.empty());
        List<SqlExpression> outerWhere = new ArrayList<>();
        outerWhere.add(new SqlExpression.Comparison(column(measureColumn), ComparisonOperator.EQUAL, new SqlExpression.Subquery(extreme)));
        outerWhere.addAll(where);
        // "the length of the longest river": every row found has that one length, so it is one value, not one per row
        boolean onlyTheMeasure = projectedColumns.equals(List.of(measureColumn));
        // "the capital of the state with the longest river": several river rows lead to one state, asked once
        boolean onlyRelatedColumns = !projectedColumns.isEmpty()
                && projectedColumns.stream().noneMatch(column -> column.table().equals(focus.name()));
        return new SqlQuery(structure.distinctRows() || onlyTheMeasure || onlyRelatedColumns, items(select), SqlQuery.TableReference.of(focus.name()), joins,
                outerWhere, List.of(), List.of(), OptionalInt.empty());
    }

    /**
     * What a superlative over groups compares: the number of rows for "the most users", the defined
     * measure for "the highest revenue"; empty when the measure is a plain column, whose superlative
     * picks rows ("the country of the largest order") rather than groups.
     */
    private Optional<SqlExpression> groupedMeasure(RankingRequest ranking, Optional<Meaning> measure, boolean countingWord) {
        if (measure.isEmpty()) return Optional.empty();
        if (measure.get() instanceof Meaning.TableMeaning && countingWord) {
            return Optional.of(new SqlExpression.Aggregate(AggregateFunction.COUNT, new SqlExpression.Star(), false));
        }
        if (measure.get() instanceof Meaning.ColumnMeaning column && ranking.measure().isPresent()) {
            return context.model.definedMeasure(ranking.measure().get().text()).filter(defined -> defined.column().equals(column.column()))
                    .map(defined -> new SqlExpression.Aggregate(defined.function(), column(context.model.column(defined.column())), false));
        }
        return Optional.empty();
    }

    /** "river.traverse" names states: its values are another table's rows, which a grouped ranking would count as values. */
    private boolean refersToAnotherTable(ModelColumn column) {
        return context.model.relationships().stream().anyMatch(relationship -> relationship.from().equals(column.reference())
                || relationship.to().equals(column.reference()));
    }

    /**
     * "which country has the most users", "the country with the highest revenue": the value of a
     * column whose rows add up to the most; the rows counted or totalled are the measure's table's.
     */
    private SqlQuery groupedExtreme(RankingRequest ranking, ModelColumn dimension, Meaning measure, SqlExpression aggregate) {
        return groupedRanking(ranking, column(dimension), words(dimension), dimension.table(), tableOf(measure), aggregate,
                measure instanceof Meaning.TableMeaning ? "number of " + plural(tableOf(measure)) : ranking.measure().orElseThrow().text());
    }

    private ModelTable tableOf(Meaning measure) {
        return switch (measure) {
            case Meaning.TableMeaning table -> context.model.table(table.table());
            case Meaning.ColumnMeaning column -> context.model.table(column.column().table());
            case Meaning.ValueMeaning value -> throw infeasible("a value is not something to rank by");
            case Meaning.ConditionMeaning condition -> throw infeasible("a condition is not something to rank by");
        };
    }

    /**
     * Groups of the measure's rows ranked by an aggregate: the one group for a superlative ("which
     * payment method has the highest average order value", "which month had the most signups"), or
     * the top N groups with their aggregate ("3 countries with the lowest average order value").
     */
    private SqlQuery groupedRanking(RankingRequest ranking, SqlExpression dimension, String dimensionWords, String dimensionTable,
                                    ModelTable focus, SqlExpression aggregate, String measureWords) {
        context.tables.add(focus.name());
        context.tables.add(dimensionTable);
        context.focusName = focus.name();
        context.answered = Optional.empty();
        context.readingParts.add(ranking.count().isPresent()
                ? ranking.words() + " " + dimensionWords + " by " + measureWords
                : "the " + dimensionWords + " with the " + (ranking.highest() ? "highest " : "lowest ") + measureWords);
        List<SqlExpression> where = filters.filters(focus);
        context.requireTablesExplained(focus);
        List<SqlExpression> select = new ArrayList<>(List.of(dimension));
        if (ranking.count().isPresent()) select.add(aggregate);
        return new SqlQuery(false, items(select), SqlQuery.TableReference.of(focus.name()), context.joins(focus), where,
                List.of(dimension), List.of(new SqlQuery.OrderItem(aggregate, ranking.highest())), OptionalInt.of(ranking.count().orElse(1)));
    }

    /**
     * "the highest average order value": the aggregate the question asks for, as what a ranking of
     * groups compares; its table is the one whose rows are grouped.
     */
    private Optional<SqlExpression> askedAggregate() {
        QuestionStructure.AggregateRequest request = context.structure.aggregate().orElse(null);
        if (request == null || request.form() != QuestionStructure.Form.VALUE) return Optional.empty();
        Optional<Meaning> target = context.resolved.aggregateTarget();
        if (target.isPresent() && target.get() instanceof Meaning.ColumnMeaning column) {
            ModelColumn measured = context.model.column(column.column());
            if (request.function() != AggregateFunction.COUNT && !measured.type().isNumeric()) return Optional.empty();
            return Optional.of(new SqlExpression.Aggregate(request.function(), column(measured), request.distinct()));
        }
        if (target.isPresent() && target.get() instanceof Meaning.TableMeaning table) {
            if (request.function() == AggregateFunction.COUNT) return Optional.of(new SqlExpression.Aggregate(AggregateFunction.COUNT, new SqlExpression.Star(), false));
            return Optional.of(new SqlExpression.Aggregate(request.function(), column(context.onlyMeasure(context.model.table(table.table()))), request.distinct()));
        }
        return Optional.empty();
    }

    private Optional<ModelTable> askedAggregateTable() {
        return context.resolved.aggregateTarget().map(target -> switch (target) {
            case Meaning.TableMeaning table -> context.model.table(table.table());
            case Meaning.ColumnMeaning column -> context.model.table(column.column().table());
            default -> null;
        });
    }

    /**
     * "which device is used the least", "the 2 least used devices", "the most common event", "top 3
     * events by count": the values of a column (or a table's display column) ranked by how many of the
     * table's own rows have each. Empty when the ranking is of another shape.
     */
    private Optional<SqlQuery> rankedByFrequency(RankingRequest ranking, Optional<Meaning> entity, Optional<Meaning> measure, boolean countingWord) {
        QuestionStructure structure = context.structure;
        if (!countingWord && !(ranking.count().isPresent() && measure.isPresent() && measure.equals(entity))) return Optional.empty();
        if (structure.aggregate().isPresent() || !structure.groupings().isEmpty() || structure.grain().isPresent()
                || !context.projectedTables.isEmpty()) return Optional.empty();
        Optional<ModelColumn> dimension = Optional.empty();
        if (measure.isEmpty() && entity.isEmpty() && context.projectedColumns.size() == 1) {
            dimension = Optional.of(context.projectedColumns.getFirst());
        } else if (measure.isEmpty() && entity.isPresent() && entity.get() instanceof Meaning.ColumnMeaning column && context.projectedColumns.isEmpty()) {
            dimension = Optional.of(context.model.column(column.column()));
        } else if (entity.isPresent() && entity.get() instanceof Meaning.TableMeaning table && context.projectedColumns.isEmpty()
                && (measure.isEmpty() && FREQUENCY_SUPERLATIVES.contains(ranking.words()) || measure.equals(entity))) {
            dimension = context.model.table(table.table()).displayColumn();
        } else if (measure.isPresent() && measure.get() instanceof Meaning.TableMeaning table && entity.isEmpty()
                && FREQUENCY_SUPERLATIVES.contains(ranking.words()) && context.projectedColumns.isEmpty()) {
            dimension = context.model.table(table.table()).displayColumn();
        }
        if (dimension.isEmpty() || dimension.get().role() != dev.tarn.ask.nl.model.ColumnRole.DIMENSION
                || context.model.table(dimension.get().table()).isKeyColumn(dimension.get().name()) || refersToAnotherTable(dimension.get())) {
            return Optional.empty();
        }
        context.projectedColumns.remove(dimension.get());
        ModelTable table = context.model.table(dimension.get().table());
        return Optional.of(groupedRanking(ranking, column(dimension.get()), words(dimension.get()), table.name(), table,
                new SqlExpression.Aggregate(AggregateFunction.COUNT, new SqlExpression.Star(), false), "number of " + plural(table)));
    }

    /** "top 5 countries by number of orders": a column's values ranked by how many rows of a table have each. */
    private SqlQuery rankedValuesByCount(RankingRequest ranking, ModelColumn dimension, ModelTable counted) {
        context.tables.add(counted.name());
        context.tables.add(dimension.table());
        context.focusName = counted.name();
        SqlExpression count = new SqlExpression.Aggregate(AggregateFunction.COUNT, new SqlExpression.Star(), false);
        context.readingParts.addFirst(ranking.words() + " " + words(dimension) + " by number of " + plural(counted));
        List<SqlExpression> where = filters.filters(counted);
        context.requireTablesExplained(counted);
        return new SqlQuery(false, items(List.of(column(dimension), count)), SqlQuery.TableReference.of(counted.name()), context.joins(counted),
                where, List.of(column(dimension)), List.of(new SqlQuery.OrderItem(count, ranking.highest())), OptionalInt.of(ranking.count().orElseThrow()));
    }

    /**
     * "the largest order amount", "the highest monthly price of any plan": a superlative of a measure
     * that no row is asked for is the measure's extreme value, not the rows that have it.
     */
    private SqlQuery extremeValue(RankingRequest ranking, ModelColumn measureColumn) {
        if (!measureColumn.type().isNumeric() && !measureColumn.type().isTemporal()) {
            throw infeasible("\"" + words(measureColumn) + "\" is not something to rank by");
        }
        ModelTable focus = context.model.table(measureColumn.table());
        context.tables.add(focus.name());
        context.focusName = focus.name();
        AggregateFunction function = ranking.highest() ? AggregateFunction.MAX : AggregateFunction.MIN;
        context.readingParts.add(PlanningContext.functionWords(function) + " " + words(measureColumn) + " of " + plural(focus));
        List<SqlExpression> where = filters.filters(focus);
        context.requireTablesExplained(focus);
        return new SqlQuery(false, items(List.of(new SqlExpression.Aggregate(function, column(measureColumn), false))),
                SqlQuery.TableReference.of(focus.name()), context.joins(focus), where, List.of(), List.of(), OptionalInt.empty());
    }

    private SqlQuery extremeValuePerGroup(RankingRequest ranking, ModelColumn measureColumn) {
        if (!measureColumn.type().isNumeric() && !measureColumn.type().isTemporal()) {
            throw infeasible("\"" + words(measureColumn) + "\" is not something to rank by");
        }
        ModelTable focus = context.model.table(measureColumn.table());
        context.tables.add(focus.name());
        context.focusName = focus.name();
        AggregateFunction function = ranking.highest() ? AggregateFunction.MAX : AggregateFunction.MIN;
        List<SqlExpression> groups = new ArrayList<>();
        List<String> groupWords = new ArrayList<>();
        for (Meaning grouping : context.resolved.groupings()) {
            if (!(grouping instanceof Meaning.ColumnMeaning column)) throw infeasible("an extreme per row of a table is not supported yet");
            ModelColumn grouped = context.model.column(column.column());
            context.tables.add(grouped.table());
            groups.add(column(grouped));
            groupWords.add(words(grouped));
        }
        context.readingParts.add(PlanningContext.functionWords(function) + " " + words(measureColumn) + " of " + plural(focus) + ", by "
                + String.join(" and ", groupWords));
        List<SqlExpression> where = filters.filters(focus);
        context.requireTablesExplained(focus);
        List<SqlExpression> select = new ArrayList<>(groups);
        select.add(new SqlExpression.Aggregate(function, column(measureColumn), false));
        return new SqlQuery(false, items(select), SqlQuery.TableReference.of(focus.name()), context.joins(focus), where, groups,
                List.of(), OptionalInt.empty());
    }

    /** "from a user in germany": a table named only to carry a value filter does not ask for its rows. */
    private boolean filteredByAValue(ModelTable table) {
        return context.valueFilters.stream().anyMatch(filter -> filter.column().table().equals(table.name()));
    }

    /**
     * "cities in the state with the largest area": the superlative picks a row of another named table
     * (over that whole table), and the answer is the rows of the focus table joined to it.
     */
    private SqlQuery rankedRelated(RankingRequest ranking, ModelTable outer, ModelColumn measureColumn) {
        QuestionStructure structure = context.structure;
        List<ModelColumn> projectedColumns = context.projectedColumns;
        if (structure.property().isPresent()) throw infeasible("\"" + structure.property().get().words() + "\" of a related row is not supported");
        ModelTable ranked = context.model.table(measureColumn.table());
        context.tables.add(outer.name());
        context.focusName = outer.name();
        context.tables.add(ranked.name());
        List<SqlExpression> select = new ArrayList<>();
        if (projectedColumns.isEmpty()) {
            select.addAll(context.displayColumns(outer));
        } else {
            context.requireSingleValuedProjections(outer);
            for (ModelColumn column : projectedColumns) {
                select.add(column(column));
                context.tables.add(column.table());
            }
        }
        String asked = projectedColumns.isEmpty() ? plural(outer)
                : projectedColumns.stream().map(PlanningContext::words).distinct().reduce((a, b) -> a + " and " + b).orElseThrow() + " of " + plural(outer);
        context.readingParts.add(asked + " of the " + singular(ranked) + " with the " + (ranking.highest() ? "highest " : "lowest ") + words(measureColumn));
        List<SqlExpression> where = filters.filters(outer);
        context.requireTablesExplained(outer);
        List<SqlQuery.Join> joins = context.joins(outer);
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
        List<SqlExpression> display = context.displayColumns(focus);
        SqlExpression total = new SqlExpression.Aggregate(AggregateFunction.SUM, column(measureColumn), false);
        context.assumptions++; // ranking rows by a measure of many related rows adds the measure up
        context.readingParts.addFirst(ranking.words() + " " + plural(focus) + " by total " + words(measureColumn) + " of "
                + plural(context.model.table(measureColumn.table())));
        List<SqlExpression> where = filters.filters(focus);
        context.requireTablesExplained(focus);
        List<SqlExpression> groups = new ArrayList<>(display);
        // a top N shows what it ranked by, beside each row
        List<SqlExpression> select = new ArrayList<>(display);
        select.add(total);
        return new SqlQuery(false, items(select), SqlQuery.TableReference.of(focus.name()), context.joins(focus), where, groups,
                List.of(new SqlQuery.OrderItem(total, ranking.highest())), OptionalInt.of(ranking.count().orElseThrow()));
    }

    /** "the state with the most cities": rows of one table ranked by how many rows of another join to each. */
    private SqlQuery rankedByCount(RankingRequest ranking, ModelTable focus, ModelTable counted, boolean distinctKeys) {
        if (counted.name().equals(focus.name())) throw infeasible("a table cannot be ranked by counting itself");
        if (!context.projectedColumns.isEmpty()) throw infeasible("columns asked for next to a ranking by count are not supported yet");
        context.tables.add(counted.name());
        List<SqlExpression> display = context.displayColumns(focus);
        context.readingParts.addFirst(ranking.count().isPresent() ? ranking.words() + " " + plural(focus) + " by number of " + plural(counted)
                : "the " + singular(focus) + " with the " + (ranking.highest() ? "most " : "fewest ") + plural(counted));
        List<SqlExpression> where = filters.filters(focus);
        context.requireTablesExplained(focus);
        SqlExpression count = distinctKeys && counted.keyColumns().size() == 1
                ? new SqlExpression.Aggregate(AggregateFunction.COUNT, new SqlExpression.Column(counted.name(), counted.keyColumns().getFirst()), true)
                : new SqlExpression.Aggregate(AggregateFunction.COUNT, new SqlExpression.Star(), false);
        // a top N shows the count it ranked by; "the state with the most cities" names the state only
        List<SqlExpression> select = new ArrayList<>(display);
        if (ranking.count().isPresent()) select.add(count);
        List<SqlQuery.Join> joins = context.joins(focus);
        if (ranking.count().isPresent()) {
            return new SqlQuery(false, items(select), SqlQuery.TableReference.of(focus.name()), joins, where, display,
                    List.of(new SqlQuery.OrderItem(count, ranking.highest())), OptionalInt.of(ranking.count().get()));
        }
        // a superlative keeps ties, as the scalar subquery of a measure does: every row whose count is the extreme
        // count, found as the first count in order (derived tables and ALL are not in every dialect)
        SqlQuery extreme = new SqlQuery(false, items(List.of(count)), SqlQuery.TableReference.of(focus.name()), joins, where, display,
                List.of(new SqlQuery.OrderItem(count, ranking.highest())), OptionalInt.of(1));
        return new SqlQuery(false, items(select), SqlQuery.TableReference.of(focus.name()), joins, where, display,
                List.of(new SqlExpression.Comparison(count, ComparisonOperator.EQUAL, new SqlExpression.Subquery(extreme))), List.of(),
                OptionalInt.empty());
    }

    /**
     * "the smallest state through which the mississippi runs" read with the state mississippi: a
     * superlative picks among several rows, and a value of the rows' own key leaves one; another reading is meant.
     */
    private void requireSeveralRows(ModelTable focus) {
        for (PlanningContext.ValueFilter filter : context.valueFilters) {
            if (!filter.negated() && filter.rows().isEmpty() && filter.column().table().equals(focus.name())
                    && focus.isKeyColumn(filter.column().name())) {
                throw infeasible("\"" + filter.value() + "\" is one " + PlanningContext.singular(focus) + "; there is nothing to rank");
            }
        }
    }

    /**
     * "the major cities in the largest state": cities are named and asked for, but the superlative ranks
     * states; a named table that no value locates and no asked column comes from is not what the ranking
     * answers, so this reading is refused (the nested reading, cities in the largest state, may follow).
     */
    private void requireNamedTablesLocated(ModelTable focus) {
        for (ModelTable table : context.projectedTables) {
            if (table.name().equals(focus.name())) continue;
            boolean asked = context.projectedColumns.stream().anyMatch(column -> column.table().equals(table.name()));
            boolean located = context.valueFilters.stream().anyMatch(filter -> filter.column().table().equals(table.name())
                    || context.refersByName(filter.column(), table));
            if (!asked && !located) throw infeasible("\"" + plural(table) + "\" are named, but the superlative ranks " + plural(focus));
        }
    }

    /** "the largest state": the one measure whose name is the adjective's dimension (area), else the only measure. */
    private ModelColumn measureOfAdjective(RankingRequest ranking, ModelTable table) {
        List<String> dimensions = Vocabulary.dimensionsOf(ranking.words());
        List<ModelColumn> named = table.columnsWithRole(ColumnRole.MEASURE).stream()
                .filter(column -> column.words().stream().anyMatch(dimensions::contains)).toList();
        if (named.size() == 1) {
            context.assumptions++;
            return named.getFirst();
        }
        return context.onlyMeasure(table);
    }
}
