package dev.tarn.ask.nl.understanding;

import dev.tarn.ask.nl.model.ColumnRole;
import dev.tarn.ask.nl.model.Meaning;
import dev.tarn.ask.nl.model.ModelColumn;
import dev.tarn.ask.nl.model.ModelTable;
import dev.tarn.ask.nl.model.Relationship;
import dev.tarn.ask.nl.model.SemanticModel;
import dev.tarn.ask.nl.model.Words;
import dev.tarn.ask.nl.sql.AggregateFunction;
import dev.tarn.ask.nl.sql.ComparisonOperator;
import dev.tarn.ask.nl.sql.SqlExpression;
import dev.tarn.ask.nl.sql.SqlQuery;
import dev.tarn.ask.nl.understanding.QuestionStructure.ComparisonRequest;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the planners of one reading share while they build its SQL: the columns, tables and filters
 * the reading asks for, the tables used so far, the plain-English reading, the cost and the
 * assumptions made; and the checks and lookups every shape of answer needs (the focus table, joins,
 * display columns, the only measure). One context per reading: it is filled as the SQL is built.
 */
final class PlanningContext {
    /** A value matched on a column that does not name its row is a weaker reading than one on a key. */
    static final double NON_KEY_VALUE_COST = 0.5;
    /** A value matched only after its punctuation was dropped ("/signup" for "signup") is slightly weaker than an exact one. */
    static final double NORMALISED_VALUE_COST = 0.1;

    final SemanticModel model;
    final QuestionStructure structure;
    final ResolvedQuestion resolved;

    final List<ModelColumn> projectedColumns = new ArrayList<>();
    final List<ModelTable> projectedTables = new ArrayList<>();
    final List<ValueFilter> valueFilters = new ArrayList<>();
    final Set<String> tables = new LinkedHashSet<>();
    final List<String> readingParts = new ArrayList<>();
    final List<CountComparison> countComparisons = new ArrayList<>();
    /** Tables named after "have" or "with" ("states that have a river"), which may mean rows the focus must have. */
    final List<ModelTable> possessedTables = new ArrayList<>();
    /** Those of them read as such: the focus rows with at least one of their rows. */
    final Set<String> requiredTables = new java.util.HashSet<>();
    /** Tables named after "no" or "not" ("states with no rivers"): rows of the focus with none of their rows. */
    final List<ModelTable> absentTables = new ArrayList<>();
    /** Administrators' phrasings of comparisons the question uses ("major"). */
    final List<Meaning.ConditionMeaning> conditions = new ArrayList<>();
    int assumptions;
    Optional<String> answered = Optional.empty();
    String focusName = "";
    double cost;
    boolean countsUsed;
    /** The aggregate to use instead of the one the question's keyword names ("how many people" over many rows: a total). */
    Optional<AggregateFunction> functionOverride = Optional.empty();
    /** Set when a negation excluded names that repeat over rows: the names are then listed once each. */
    boolean namesExcluded;

    /** "more than 5 cities": how many rows of another table join to each row, compared after grouping. */
    record CountComparison(ModelTable counted, ComparisonRequest comparison) {
    }

    /**
     * A value the rows must (or, negated, must not) have; {@code named} when it came after "named" or
     * "called"; {@code mention} is the free mention's index, or -1; {@code rows} the nested question whose
     * keys the column must be one of, instead of the one value.
     */
    record ValueFilter(ModelColumn column, String value, boolean negated, boolean contained, boolean named, int mention,
                       Optional<SqlQuery> rows) {
        ValueFilter(ModelColumn column, String value, boolean negated, boolean contained) {
            this(column, value, negated, contained, false, -1, Optional.empty());
        }
    }

    PlanningContext(SemanticModel model, QuestionStructure structure, ResolvedQuestion resolved) {
        this.model = model;
        this.structure = structure;
        this.resolved = resolved;
    }

    /**
     * The defined measure ("revenue", defined as the sum of orders.amount) that a free mention names,
     * if the reading took the mention as that measure's column.
     */
    Optional<dev.tarn.ask.nl.model.DefinedMeasure> definedMeasure() {
        for (int index = 0; index < resolved.free().size(); index++) {
            if (!(resolved.free().get(index) instanceof Meaning.ColumnMeaning column)) continue;
            Optional<dev.tarn.ask.nl.model.DefinedMeasure> measure = model.definedMeasure(structure.freeMentions().get(index).text());
            if (measure.isPresent() && measure.get().column().equals(column.column())) return measure;
        }
        return Optional.empty();
    }

    boolean askedForAColumn() {
        for (int index = 0; index < resolved.free().size(); index++) {
            if (structure.freeMentions().get(index).asked() && resolved.free().get(index) instanceof Meaning.ColumnMeaning) return true;
        }
        return false;
    }

    /** The table a "which"/"what" names, if any: the answer must list its rows. */
    void requireAskedTablesAnswered() {
        for (int index = 0; index < resolved.free().size(); index++) {
            if (structure.freeMentions().get(index).asked() && resolved.free().get(index) instanceof Meaning.TableMeaning table) {
                answered = Optional.of(table.table());
                return;
            }
        }
    }

    /** Whether the question names the table itself ("cities", "the largest city", "how many rivers"), not just a column of it. */
    boolean namedAsTable(ModelTable table) {
        Meaning tableMeaning = new Meaning.TableMeaning(table.name());
        return projectedTables.stream().anyMatch(projected -> projected.name().equals(table.name()))
                || resolved.rankingEntity().filter(tableMeaning::equals).isPresent()
                || resolved.rankingMeasure().filter(tableMeaning::equals).isPresent()
                || resolved.aggregateTarget().filter(tableMeaning::equals).isPresent();
    }

    /**
     * Whether the question names the table by its plural noun ("states", "how many rivers", "the most
     * cities"): then it asks about several rows, which one value of their key cannot name.
     */
    boolean namedInPlural(ModelTable table) {
        String plural = Words.join(table.pluralWords());
        if (plural.equals(Words.join(table.singularWords()))) return false;
        Meaning tableMeaning = new Meaning.TableMeaning(table.name());
        List<java.util.Map.Entry<Mention, Meaning>> named = new ArrayList<>();
        for (int index = 0; index < resolved.free().size(); index++) {
            named.add(java.util.Map.entry(structure.freeMentions().get(index), resolved.free().get(index)));
        }
        structure.aggregate().flatMap(QuestionStructure.AggregateRequest::target)
                .ifPresent(mention -> resolved.aggregateTarget().ifPresent(meaning -> named.add(java.util.Map.entry(mention, meaning))));
        structure.ranking().flatMap(QuestionStructure.RankingRequest::entity)
                .ifPresent(mention -> resolved.rankingEntity().ifPresent(meaning -> named.add(java.util.Map.entry(mention, meaning))));
        structure.ranking().flatMap(QuestionStructure.RankingRequest::measure)
                .ifPresent(mention -> resolved.rankingMeasure().ifPresent(meaning -> named.add(java.util.Map.entry(mention, meaning))));
        return named.stream().anyMatch(entry -> entry.getValue().equals(tableMeaning) && entry.getKey().text().equals(plural));
    }

    /** Whether a column refers to a key of that table by any relationship, known from names or from values. */
    boolean refersByNameOrValues(ModelColumn column, ModelTable table) {
        return model.relationships().stream().anyMatch(relationship -> relationship.from().equals(column.reference())
                && relationship.to().table().equals(table.name()));
    }

    /** Whether a column refers to a key of that table by a relationship known from names or declarations. */
    boolean refersByName(ModelColumn column, ModelTable table) {
        return model.relationships().stream().anyMatch(relationship -> !relationship.fromValues()
                && relationship.from().equals(column.reference()) && relationship.to().table().equals(table.name()));
    }

    /** "the state with capital austin": a column named just before one of its own values says where the value is. */
    boolean namesFollowingValue(int index, Meaning.ColumnMeaning column) {
        return index + 1 < resolved.free().size() && resolved.free().get(index + 1) instanceof Meaning.ValueMeaning value
                && value.column().equals(column.column());
    }

    /** "how long is X": the measure named for the dimension; "where is X": the column that refers to what X is in. */
    ModelColumn property(QuestionStructure.PropertyRequest property, ModelTable focus) {
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

    /**
     * Columns asked for must come from the focus table or from tables each of its rows has one of
     * (following foreign keys forward); a column of a table with many rows per focus row, such as
     * border_info.border for a state, is a relation the grammar cannot read yet, not an attribute.
     */
    void requireSingleValuedProjections(ModelTable focus) {
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
    ModelTable focus(Optional<ModelTable> hint) {
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
    void requireTablesExplained(ModelTable focus) {
        for (ModelTable table : projectedTables) {
            if (table.name().equals(focus.name()) || tables.contains(table.name()) || requiredTables.contains(table.name())) continue;
            boolean explained = valueFilters.stream().anyMatch(filter -> filter.column().table().equals(table.name())
                    || refersTo(filter.column(), table));
            if (!explained) throw infeasible("\"" + plural(table) + "\" is named but not related to " + plural(focus));
        }
    }

    private boolean refersTo(ModelColumn column, ModelTable table) {
        return model.relationships().stream()
                .anyMatch(relationship -> relationship.from().equals(column.reference()) && relationship.to().table().equals(table.name()));
    }

    /** Grouping orders by customer can use orders.customer_id itself: no join needed to tell customers apart. */
    Optional<ModelColumn> foreignKeyTo(ModelTable focus, ModelTable target) {
        if (focus.name().equals(target.name())) return Optional.empty();
        return model.relationships().stream()
                .filter(relationship -> relationship.from().table().equals(focus.name()) && relationship.to().table().equals(target.name())
                        && target.displayColumn().map(display -> display.name().equals(relationship.to().column())).orElse(false))
                .map(relationship -> model.column(relationship.from())).findFirst();
    }

    /** Inner joins from the focus table to every other table used, along the unique shortest key path to each. */
    List<SqlQuery.Join> joins(ModelTable focus) {
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

    List<SqlExpression> displayColumns(ModelTable table) {
        if (table.displayColumn().isPresent()) return List.of(column(table.displayColumn().get()));
        return table.columns().stream().map(PlanningContext::column).toList();
    }

    ModelColumn onlyMeasure(ModelTable table) {
        List<ModelColumn> measures = table.columnsWithRole(ColumnRole.MEASURE);
        if (measures.size() != 1) {
            throw infeasible(measures.isEmpty() ? plural(table) + " have no measure to rank or total"
                    : plural(table) + " have several measures (" + String.join(", ", measures.stream().map(PlanningContext::words).toList())
                    + "); say which one");
        }
        assumptions++;
        return measures.getFirst();
    }

    /** The time column a question named by its verb ("signed up"), which its date range or grain is on, if any. */
    Optional<ModelColumn> namedTimeColumn = Optional.empty();

    /**
     * A time column named in a question that has a date range or a grain ("users who signed up in 2024"),
     * or that counts the column's own rows ("how many users signed up"): the verb of the event, not a
     * column to list.
     */
    boolean namesTheEventOfADate(int index, Meaning.ColumnMeaning meaning) {
        ModelColumn column = model.column(meaning.column());
        if (column.role() != ColumnRole.TIME || structure.ranking().isPresent()) return false;
        boolean dated = structure.dateRange().isPresent() || structure.grain().isPresent();
        // "how many users signed up through referrals": counting the rows whose event the verb names
        boolean counted = structure.aggregate().filter(aggregate -> aggregate.function() == dev.tarn.ask.nl.sql.AggregateFunction.COUNT
                && aggregate.form() == QuestionStructure.Form.VALUE).isPresent()
                && resolved.aggregateTarget().filter(target -> target instanceof Meaning.TableMeaning table && table.table().equals(column.table())).isPresent();
        if (!dated) return counted;
        if (namedTimeColumn.isPresent() && !namedTimeColumn.get().equals(column)) return false;
        namedTimeColumn = Optional.of(column);
        return true;
    }

    ModelColumn onlyTimeColumn(ModelTable table) {
        if (namedTimeColumn.isPresent()) {
            tables.add(namedTimeColumn.get().table());
            return namedTimeColumn.get();
        }
        List<ModelColumn> times = table.columnsWithRole(ColumnRole.TIME);
        if (times.size() != 1) {
            throw infeasible(times.isEmpty() ? plural(table) + " have no date column" : plural(table) + " have several date columns; say which one");
        }
        return times.getFirst();
    }

    /** A column's words, with its table's when it is not the focus table's: "city state name" beside "state name". */
    String wordsFrom(ModelColumn column, ModelTable focus) {
        if (column.table().equals(focus.name())) return words(column);
        return singular(model.table(column.table())) + " " + words(column);
    }

    static SqlExpression column(ModelColumn column) {
        return new SqlExpression.Column(column.table(), column.name());
    }

    static List<SqlQuery.SelectItem> items(List<SqlExpression> expressions) {
        return expressions.stream().map(SqlQuery.SelectItem::of).toList();
    }

    static String words(ModelColumn column) {
        return Words.join(column.words());
    }

    static String plural(ModelTable table) {
        return Words.join(table.pluralWords());
    }

    static String singular(ModelTable table) {
        return Words.join(table.singularWords());
    }

    static String functionWords(AggregateFunction function) {
        return switch (function) {
            case COUNT -> "number of";
            case SUM -> "total";
            case AVG -> "average";
            case MIN -> "minimum";
            case MAX -> "maximum";
            case MEDIAN -> "median";
        };
    }

    static NotUnderstoodException infeasible(String message) {
        return new NotUnderstoodException(RefusalReason.NO_INTERPRETATION, List.of(), message);
    }
}
