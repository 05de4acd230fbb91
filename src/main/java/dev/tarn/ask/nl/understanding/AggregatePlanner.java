package dev.tarn.ask.nl.understanding;

import dev.tarn.ask.nl.model.Meaning;
import dev.tarn.ask.nl.model.ModelColumn;
import dev.tarn.ask.nl.model.ModelTable;
import dev.tarn.ask.nl.sql.AggregateFunction;
import dev.tarn.ask.nl.sql.DateGrain;
import dev.tarn.ask.nl.sql.SqlExpression;
import dev.tarn.ask.nl.sql.SqlQuery;
import dev.tarn.ask.nl.understanding.PlanningContext.ValueFilter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

import static dev.tarn.ask.nl.understanding.PlanningContext.column;
import static dev.tarn.ask.nl.understanding.PlanningContext.functionWords;
import static dev.tarn.ask.nl.understanding.PlanningContext.infeasible;
import static dev.tarn.ask.nl.understanding.PlanningContext.items;
import static dev.tarn.ask.nl.understanding.PlanningContext.plural;
import static dev.tarn.ask.nl.understanding.PlanningContext.singular;
import static dev.tarn.ask.nl.understanding.PlanningContext.words;

/** Totals, counts and averages, optionally grouped by columns, related tables or a date grain, as a share or as growth. */
final class AggregatePlanner {
    private final PlanningContext context;

    AggregatePlanner(PlanningContext context) {
        this.context = context;
    }

    /** Totals, counts and averages, optionally grouped: "total amount of orders by country". */
    SqlQuery aggregated() {
        QuestionStructure structure = context.structure;
        ResolvedQuestion resolved = context.resolved;
        if (structure.property().isPresent()) throw infeasible("\"" + structure.property().get().words() + "\" with an aggregate is not supported");
        QuestionStructure.Form form = structure.aggregate().map(QuestionStructure.AggregateRequest::form).orElse(QuestionStructure.Form.VALUE);
        boolean share = form == QuestionStructure.Form.SHARE;
        boolean growth = form == QuestionStructure.Form.GROWTH;
        // "revenue today": a measure the descriptions define as a sum is that sum when no aggregate is asked
        Optional<dev.tarn.ask.nl.model.DefinedMeasure> defined = structure.aggregate().isEmpty() ? context.definedMeasure() : Optional.empty();
        AggregateFunction function = context.functionOverride.orElse(structure.aggregate().map(QuestionStructure.AggregateRequest::function)
                .orElse(defined.map(dev.tarn.ask.nl.model.DefinedMeasure::function).orElse(AggregateFunction.SUM)));
        if ((share || growth) && (target(resolved.aggregateTarget()) instanceof Meaning.TableMeaning)) {
            function = AggregateFunction.COUNT; // "share of orders by country": of the rows, so a count
        }
        boolean distinct = structure.aggregate().map(QuestionStructure.AggregateRequest::distinct).orElse(false) || structure.distinctRows();
        Optional<Meaning> target = resolved.aggregateTarget();
        if (target.isPresent() && target.get() instanceof Meaning.ValueMeaning value) {
            // "number of refunds": a value (or filter phrasing) counted means the rows it selects
            context.valueFilters.add(new ValueFilter(context.model.column(value.column()), value.storedValue(), false, false, false, -1,
                    value.rows()));
            target = Optional.of(new Meaning.TableMeaning(value.column().table()));
            if (share || growth) function = AggregateFunction.COUNT; // "growth of purchases": of the rows the value selects
        }
        if (function == AggregateFunction.COUNT && !distinct && target.isPresent() && target.get() instanceof Meaning.ColumnMeaning counted
                && context.model.column(counted.column()).role() == dev.tarn.ask.nl.model.ColumnRole.TIME) {
            // "how many accounts signed up": the verb of a time column counts the rows it dates
            target = Optional.of(new Meaning.TableMeaning(counted.column().table()));
        }
        if (target.isEmpty() && defined.isPresent()) {
            ModelColumn measured = context.model.column(defined.get().column());
            context.projectedColumns.remove(measured);
            target = Optional.of(new Meaning.ColumnMeaning(measured.reference()));
        }
        if (target.isPresent() && target.get() instanceof Meaning.ConditionMeaning condition) {
            // "how many major cities": a phrasing of a condition counted means the rows it selects
            context.conditions.add(condition);
            target = Optional.of(new Meaning.TableMeaning(condition.column().table()));
        }
        if (target.isEmpty() && !context.projectedColumns.isEmpty()) {
            // "what is the total of population" reads as "total population"; any other column left over is refused below
            target = Optional.of(new Meaning.ColumnMeaning(context.projectedColumns.removeFirst().reference()));
        }
        if (structure.aggregate().isEmpty()) {
            Optional<String> counted = countedRows(target);
            if (counted.isPresent()) {
                // "users by country", "page views by device": rows broken down by something are counted
                target = Optional.of(new Meaning.TableMeaning(counted.get()));
                function = AggregateFunction.COUNT;
            } else if (target.isEmpty() || !(target.get() instanceof Meaning.ColumnMeaning)) {
                throw infeasible("grouping needs a measure to total or the word \"count\"");
            }
            if (defined.isEmpty()) context.assumptions++; // "amount by country" is taken as the total amount, "users by country" as their number
        }
        if (!context.projectedColumns.isEmpty()) throw infeasible("a column asked for next to an aggregate is not grouped by anything");
        ModelTable named = switch (target.orElse(null)) {
            case Meaning.TableMeaning table -> context.model.table(table.table());
            case Meaning.ColumnMeaning column -> context.model.table(column.column().table());
            case null, default -> context.focus(Optional.empty());
        };
        Optional<ModelColumn> referring = function == AggregateFunction.COUNT && distinct && target.isPresent()
                && target.get() instanceof Meaning.TableMeaning ? referringColumn(named) : Optional.empty();
        ModelTable focus = referring.map(column -> context.model.table(column.table())).orElse(named);
        if (referring.isPresent()) context.projectedTables.removeIf(table -> table.name().equals(named.name())); // counted through the key
        context.tables.add(focus.name());
        context.focusName = focus.name();
        SqlExpression aggregate;
        String reading;
        if (target.isPresent() && target.get() instanceof Meaning.ColumnMeaning columnMeaning) {
            ModelColumn column = context.model.column(columnMeaning.column());
            if (function != AggregateFunction.COUNT && !column.type().isNumeric()) {
                throw infeasible("\"" + words(column) + "\" is not a number to " + functionWords(function));
            }
            aggregate = new SqlExpression.Aggregate(function, column(column), distinct);
            reading = functionWords(function) + (distinct ? " distinct " : " ") + words(column) + " of " + plural(focus);
        } else if (referring.isPresent()) {
            // "unique users per device": the users among the events, told apart by the events' key to them
            aggregate = new SqlExpression.Aggregate(function, column(referring.get()), true);
            reading = "number of distinct " + plural(named) + " of " + plural(focus);
        } else if (function == AggregateFunction.COUNT) {
            aggregate = distinct
                    ? new SqlExpression.Aggregate(function, context.displayColumns(focus).getFirst(), true)
                    : new SqlExpression.Aggregate(function, new SqlExpression.Star(), false);
            reading = "number of " + (distinct ? "distinct " : "") + plural(focus);
        } else {
            ModelColumn measure = context.onlyMeasure(focus);
            aggregate = new SqlExpression.Aggregate(function, column(measure), distinct);
            reading = functionWords(function) + " " + words(measure) + " of " + plural(focus);
        }
        List<SqlExpression> partConditions = List.of();
        if (share && resolved.groupings().isEmpty() && structure.grain().isEmpty()) {
            // "what percentage of users are on the free plan": the rows with the values, out of all of them
            List<ValueFilter> part = partOfWhole();
            if (part.isEmpty()) throw infeasible("a share needs a grouping or a value to divide the total by");
            context.valueFilters.removeAll(part);
            partConditions = part.stream().map(this::condition).toList();
            boolean percent = structure.aggregate().orElseThrow().words().contains("percent");
            aggregate = new SqlExpression.ShareWhere((SqlExpression.Aggregate) aggregate, partConditions,
                    percent ? new java.math.BigDecimal("100.0") : new java.math.BigDecimal("1.0"));
            reading = (percent ? "percentage of " : "share of ") + reading + " where "
                    + String.join(" and ", part.stream().map(filter -> context.wordsFrom(filter.column(), focus) + (filter.negated() ? " is not " : " is ") + filter.value()).toList());
        } else if (share) {
            aggregate = new SqlExpression.ShareOfTotal((SqlExpression.Aggregate) aggregate);
            reading = "share of " + reading;
        }
        if (growth) {
            if (structure.grain().isEmpty() || !resolved.groupings().isEmpty()) {
                throw infeasible("growth needs one date grain (\"by month\", \"yearly\") and nothing else to group by");
            }
            if (structure.dateRange().isPresent()) {
                // the first period's growth needs the period before the range, which a WHERE on the range removes
                throw infeasible("growth within a date range is not supported yet; ask for the growth of every period");
            }
            reading = "growth of " + reading + " over the previous period";
        }
        context.readingParts.add(reading);
        List<SqlExpression> groups = groupings(focus);
        List<SqlExpression> select = new ArrayList<>(groups);
        if (growth) {
            // each period with its value and its growth, as growth tables show them
            select.add(aggregate);
            aggregate = new SqlExpression.GrowthOverPrevious((SqlExpression.Aggregate) aggregate, groups.getFirst());
        }
        List<SqlExpression> where = new FilterPlanner(context).filters(focus);
        context.requireTablesExplained(focus);
        select.add(aggregate);
        List<SqlQuery.OrderItem> order = structure.grain().isPresent()
                ? List.of(new SqlQuery.OrderItem(groups.getFirst(), false)) : List.of();
        return new SqlQuery(false, items(select), SqlQuery.TableReference.of(focus.name()), context.joins(focus), where, groups, order,
                OptionalInt.empty());
    }

    /**
     * The values that pick the part of a share: those the question names besides what it takes the share
     * of ("percentage of users on the free plan"); when it names none, the value it takes the share of is
     * the part and its table the whole ("percentage of active users").
     */
    private List<ValueFilter> partOfWhole() {
        List<ValueFilter> named = context.valueFilters.stream().filter(filter -> filter.mention() >= 0 || filter.negated()).toList();
        if (!named.isEmpty()) return named;
        return context.valueFilters.stream().filter(filter -> !filter.negated()).toList();
    }

    private SqlExpression condition(ValueFilter filter) {
        context.tables.add(filter.column().table());
        Object value = filter.column().type() == dev.tarn.ask.nl.model.DataType.BOOLEAN ? Boolean.valueOf(filter.value()) : filter.value();
        return new SqlExpression.Comparison(column(filter.column()),
                filter.negated() ? dev.tarn.ask.nl.sql.ComparisonOperator.NOT_EQUAL : dev.tarn.ask.nl.sql.ComparisonOperator.EQUAL,
                new SqlExpression.Parameter(value));
    }

    /**
     * "unique users per device", "distinct users who made a purchase": when the rows that are grouped or
     * filtered are another table's (events) that refers to the counted one (users) by a key, the count is
     * of the distinct keys there. Empty when the question's conditions are on the counted table alone or
     * on several others.
     */
    private Optional<ModelColumn> referringColumn(ModelTable counted) {
        java.util.Set<String> others = new java.util.LinkedHashSet<>();
        context.valueFilters.forEach(filter -> others.add(filter.column().table()));
        for (Meaning meaning : context.resolved.groupings()) {
            if (meaning instanceof Meaning.ColumnMeaning column) others.add(column.column().table());
        }
        context.namedTimeColumn.ifPresent(column -> others.add(column.table()));
        others.remove(counted.name());
        if (others.size() != 1) return Optional.empty();
        String other = others.iterator().next();
        List<ModelColumn> keys = context.model.relationships().stream()
                .filter(relationship -> relationship.from().table().equals(other) && relationship.to().table().equals(counted.name())
                        && counted.isKeyColumn(relationship.to().column()))
                .map(relationship -> context.model.column(relationship.from())).distinct().toList();
        return keys.size() == 1 ? Optional.of(keys.getFirst()) : Optional.empty();
    }

    /**
     * The table whose rows a grouped question without an aggregate counts: the one table it names
     * ("users by country"), or the table of the values it names when it names no table ("page views
     * by device"); empty when it names a measure or several things.
     */
    private Optional<String> countedRows(Optional<Meaning> target) {
        if (target.isPresent() || !context.projectedColumns.isEmpty()) return Optional.empty();
        if (context.projectedTables.size() == 1) return Optional.of(context.projectedTables.getFirst().name());
        if (!context.projectedTables.isEmpty()) return Optional.empty();
        List<String> valueTables = context.valueFilters.stream().filter(filter -> !filter.negated())
                .map(filter -> filter.column().table()).distinct().toList();
        return valueTables.size() == 1 ? Optional.of(valueTables.getFirst()) : Optional.empty();
    }

    private static Meaning target(Optional<Meaning> meaning) {
        return meaning.orElse(null);
    }

    private List<SqlExpression> groupings(ModelTable focus) {
        List<SqlExpression> groups = new ArrayList<>();
        if (context.structure.grain().isPresent()) {
            DateGrain grain = context.structure.grain().get();
            ModelColumn time = context.onlyTimeColumn(focus);
            groups.add(new SqlExpression.DateTruncation(grain, column(time)));
            context.readingParts.add("by " + grain.name().toLowerCase(Locale.ROOT) + " of " + words(time));
        }
        for (Meaning meaning : context.resolved.groupings()) {
            if (meaning instanceof Meaning.TableMeaning tableMeaning) {
                ModelTable table = context.model.table(tableMeaning.table());
                Optional<ModelColumn> referring = context.foreignKeyTo(focus, table);
                List<SqlExpression> display = referring.isPresent() ? List.of(column(referring.get())) : context.displayColumns(table);
                if (referring.isEmpty()) context.tables.add(table.name());
                groups.addAll(display);
                context.readingParts.add("for each " + singular(table));
            } else {
                ModelColumn column = context.model.column(((Meaning.ColumnMeaning) meaning).column());
                context.tables.add(column.table());
                groups.add(column(column));
                context.readingParts.add("by " + words(column));
            }
        }
        return groups;
    }
}
