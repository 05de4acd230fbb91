package dev.tarn.ask.nl.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a {@link SemanticModel} from a datasource's metadata: it gives each column a role, infers the
 * keys a schema did not declare from naming conventions, and fills the lexicon with every way of naming
 * a table or column that the names, short descriptions and administrators' synonyms give.
 */
public final class SemanticModelBuilder {
    /** Suffixes that make a column a key when its prefix names a table: customer_id, state_name, country_code. */
    private static final Set<String> KEY_SUFFIXES = Set.of("id", "name", "code", "key");
    /** Last words of a column's name that say in which form it holds a thing, not what the thing is. */
    private static final Set<String> FORM_SUFFIXES = Set.of("path", "url", "uri", "type", "kind");
    /** Last words of a time column's name that only say it is a time: signed_up_at, created_on, birth_date. */
    private static final Set<String> TIME_SUFFIXES = Set.of("at", "on", "date", "time", "timestamp");
    /** Descriptions longer than this are prose, not names; their words would name too many things. */
    private static final int LONGEST_DESCRIPTION_USED_AS_NAME = 3;
    /** Fewer distinct values than this are too little evidence that a column holds another table's keys. */
    private static final int FEWEST_VALUES_FOR_INCLUSION = 3;

    private SemanticModelBuilder() {
    }

    public static SemanticModel build(DatabaseSchema schema, ValueIndex values, Synonyms synonyms) {
        Map<String, List<String>> keyColumnsByTable = new LinkedHashMap<>();
        for (TableSchema table : schema.tables()) keyColumnsByTable.put(table.name(), keyColumns(table));
        List<Relationship> relationships = relationships(schema, keyColumnsByTable);
        relationships.addAll(inclusionDependencies(schema, keyColumnsByTable, relationships, values));

        Map<String, ModelTable> tables = new LinkedHashMap<>();
        Lexicon.Builder lexicon = new Lexicon.Builder();
        for (TableSchema table : schema.tables()) {
            ModelTable modelTable = modelTable(table, keyColumnsByTable.get(table.name()), relationships);
            tables.put(table.name(), modelTable);
            addTableNames(lexicon, table, modelTable);
        }
        for (Synonyms.TermSynonym term : synonyms.terms()) {
            ModelTable table = tables.get(term.table());
            if (table == null) throw new IllegalArgumentException("synonym \"" + term.phrase() + "\" names no table " + term.table());
            Meaning meaning = term.column()
                    .map(column -> (Meaning) new Meaning.ColumnMeaning(table.column(column)
                            .orElseThrow(() -> new IllegalArgumentException("synonym \"" + term.phrase() + "\" names no column " + column))
                            .reference()))
                    .orElse(new Meaning.TableMeaning(table.name()));
            lexicon.add(Words.split(term.phrase()), meaning);
        }
        for (Synonyms.FilterPhrasing filter : synonyms.filters()) {
            lexicon.add(Words.split(filter.phrase()), new Meaning.ValueMeaning(filter.column(), filter.value()));
        }
        for (Synonyms.ConditionPhrasing condition : synonyms.conditions()) {
            ModelTable table = tables.get(condition.column().table());
            if (table == null || table.column(condition.column().column()).isEmpty()) {
                throw new IllegalArgumentException("synonym \"" + condition.phrase() + "\" names no column " + condition.column());
            }
            lexicon.add(Words.split(condition.phrase()), new Meaning.ConditionMeaning(condition.column(), condition.operator(), condition.number()));
        }
        List<DefinedMeasure> measures = new ArrayList<>();
        for (TableSchema table : schema.tables()) {
            measures.addAll(DefinedMeasure.of(table, table.description()));
            for (ColumnSchema column : table.columns()) measures.addAll(DefinedMeasure.of(table, column.description()));
        }
        for (DefinedMeasure measure : measures) {
            // "revenue" names its column; that it also means the column's total is the planner's to use
            lexicon.addNoun(measure.phrase(), new Meaning.ColumnMeaning(measure.column()));
        }
        return new SemanticModel(schema.dialect(), tables, relationships, lexicon.build(), values, measures);
    }

    /** Declared primary key, else a column named {@code id}, {@code <table>_id} or {@code <table>_name}. */
    private static List<String> keyColumns(TableSchema table) {
        if (!table.primaryKey().isEmpty()) return table.primaryKey();
        List<String> tableWords = Words.ofIdentifier(table.name());
        String singularTable = Words.singular(tableWords.getLast());
        for (ColumnSchema column : table.columns()) {
            List<String> words = Words.ofIdentifier(column.name());
            if (words.equals(List.of("id"))) return List.of(column.name());
            if (words.size() >= 2 && KEY_SUFFIXES.contains(words.getLast())
                    && Words.singular(words.get(words.size() - 2)).equals(singularTable)
                    && words.size() - 1 <= tableWords.size() + 1) {
                return List.of(column.name());
            }
        }
        return List.of();
    }

    private static List<Relationship> relationships(DatabaseSchema schema, Map<String, List<String>> keyColumnsByTable) {
        List<Relationship> relationships = new ArrayList<>();
        for (TableSchema table : schema.tables()) {
            for (ForeignKey key : table.foreignKeys()) {
                relationships.add(new Relationship(new ColumnReference(table.name(), key.column()),
                        new ColumnReference(key.referencedTable(), key.referencedColumn()), false));
            }
            for (ColumnSchema column : table.columns()) {
                boolean declared = table.foreignKeys().stream().anyMatch(key -> key.column().equals(column.name()));
                if (declared || keyColumnsByTable.get(table.name()).contains(column.name())) continue;
                inferredTarget(schema, keyColumnsByTable, table, column).ifPresent(target ->
                        relationships.add(new Relationship(new ColumnReference(table.name(), column.name()), target, true)));
            }
        }
        return relationships;
    }

    /**
     * A text column whose every indexed value is a value of another table's text key refers to that
     * table even when its name does not say so: {@code river.traverse} holds state names, and
     * {@code border_info.border} too. Only when exactly one key contains the column's values, the
     * column is not its own table's key and no key already starts from it; such relationships are
     * marked as coming from values, and joins prefer chains of named keys (see {@link SemanticModel#joinPath}).
     */
    private static List<Relationship> inclusionDependencies(DatabaseSchema schema, Map<String, List<String>> keyColumnsByTable,
                                                            List<Relationship> known, ValueIndex values) {
        List<Relationship> found = new ArrayList<>();
        for (TableSchema table : schema.tables()) {
            for (ColumnSchema column : table.columns()) {
                ColumnReference reference = new ColumnReference(table.name(), column.name());
                if (column.type() != DataType.TEXT || keyColumnsByTable.get(table.name()).contains(column.name())
                        || known.stream().anyMatch(relationship -> relationship.from().equals(reference))) continue;
                Set<String> phrases = values.phrases(reference);
                if (phrases.size() < FEWEST_VALUES_FOR_INCLUSION) continue;
                List<ColumnReference> containing = new ArrayList<>();
                for (TableSchema target : schema.tables()) {
                    if (target.name().equals(table.name())) continue;
                    for (String key : keyColumnsByTable.get(target.name())) {
                        ColumnReference keyReference = new ColumnReference(target.name(), key);
                        if (values.phrases(keyReference).containsAll(phrases)) containing.add(keyReference);
                    }
                }
                if (containing.size() == 1) found.add(new Relationship(reference, containing.getFirst(), true, true));
            }
        }
        return found;
    }

    /** {@code customer_id} refers to customers.id (or customer.customer_id); {@code state_name} to state.state_name. */
    private static Optional<ColumnReference> inferredTarget(DatabaseSchema schema, Map<String, List<String>> keyColumnsByTable,
                                                            TableSchema table, ColumnSchema column) {
        List<String> words = Words.ofIdentifier(column.name());
        if (words.size() < 2 || !KEY_SUFFIXES.contains(words.getLast())) return Optional.empty();
        String prefix = Words.join(words.subList(0, words.size() - 1));
        for (TableSchema target : schema.tables()) {
            if (target.name().equals(table.name())) continue;
            String targetWords = Words.join(Words.ofIdentifier(target.name()));
            if (!targetWords.equals(prefix) && !targetWords.equals(Words.plural(prefix))) continue;
            List<String> targetKeys = keyColumnsByTable.get(target.name());
            if (targetKeys.size() != 1) continue;
            String targetKey = targetKeys.getFirst();
            boolean sameName = targetKey.equals(column.name());
            boolean idToId = words.getLast().equals("id") && Words.ofIdentifier(targetKey).equals(List.of("id"));
            if (sameName || idToId) return Optional.of(new ColumnReference(target.name(), targetKey));
        }
        return Optional.empty();
    }

    private static ModelTable modelTable(TableSchema table, List<String> keyColumns, List<Relationship> relationships) {
        List<ModelColumn> columns = new ArrayList<>();
        for (ColumnSchema column : table.columns()) {
            ColumnReference reference = new ColumnReference(table.name(), column.name());
            boolean foreignKey = relationships.stream().anyMatch(relationship -> relationship.from().equals(reference));
            columns.add(new ModelColumn(reference, column.type(), role(column, keyColumns.contains(column.name()), foreignKey),
                    Words.ofIdentifier(column.name())));
        }
        List<String> tableWords = Words.ofIdentifier(table.name());
        List<String> singular = new ArrayList<>(tableWords);
        singular.set(singular.size() - 1, Words.singular(tableWords.getLast()));
        List<String> plural = new ArrayList<>(singular);
        plural.set(plural.size() - 1, Words.plural(singular.getLast()));
        return new ModelTable(table.name(), singular, plural, columns, displayColumn(columns, keyColumns, singular), keyColumns,
                !table.primaryKey().isEmpty());
    }

    private static ColumnRole role(ColumnSchema column, boolean key, boolean foreignKey) {
        List<String> words = Words.ofIdentifier(column.name());
        boolean namedLikeIdentifier = words.getLast().equals("id");
        if (column.type().isTemporal()) return ColumnRole.TIME;
        if (key && !column.type().equals(DataType.TEXT) || namedLikeIdentifier || foreignKey && column.type().isNumeric()) {
            return ColumnRole.IDENTIFIER;
        }
        if (column.type().isNumeric()) return ColumnRole.MEASURE;
        return ColumnRole.DIMENSION;
    }

    /** The column that names a row: {@code name}, {@code <table>_name} or {@code title}, else a text key. */
    private static Optional<ModelColumn> displayColumn(List<ModelColumn> columns, List<String> keyColumns, List<String> tableWords) {
        for (ModelColumn column : columns) {
            List<String> words = column.words();
            boolean named = words.equals(List.of("name")) || words.equals(List.of("title"))
                    || words.getLast().equals("name") && words.size() >= 2
                    && Words.singular(words.get(words.size() - 2)).equals(tableWords.getLast());
            if (named && column.type() == DataType.TEXT) return Optional.of(column);
        }
        return columns.stream().filter(column -> keyColumns.contains(column.name()) && column.type() == DataType.TEXT).findFirst();
    }

    private static void addTableNames(Lexicon.Builder lexicon, TableSchema table, ModelTable modelTable) {
        Meaning tableMeaning = new Meaning.TableMeaning(table.name());
        lexicon.addNoun(modelTable.singularWords(), tableMeaning);
        addShortDescription(lexicon, table.description(), tableMeaning);
        for (ColumnSchema column : table.columns()) {
            Meaning columnMeaning = new Meaning.ColumnMeaning(new ColumnReference(table.name(), column.name()));
            List<String> words = Words.ofIdentifier(column.name());
            // column names are nouns, and a one-word column name may be a verb too ("border", "traverse")
            lexicon.addNounOrVerb(words, columnMeaning);
            // "city_name" in table city is also just "name", "mountain_altitude" just "altitude"
            List<String> tableWords = modelTable.singularWords();
            if (words.size() > tableWords.size() && Words.singular(words.get(tableWords.size() - 1)).equals(tableWords.getLast())
                    && words.subList(0, tableWords.size() - 1).equals(tableWords.subList(0, tableWords.size() - 1))) {
                lexicon.addNoun(words.subList(tableWords.size(), words.size()), columnMeaning);
            }
            addShortDescription(lexicon, column.description(), columnMeaning);
            if (column.type() == DataType.BOOLEAN) addAdjective(lexicon, new ColumnReference(table.name(), column.name()), words);
            // "page_path", "image_url", "device_type": the thing the column holds is named by the words before the form it is in
            if (words.size() >= 2 && FORM_SUFFIXES.contains(words.getLast())) lexicon.addNoun(words.subList(0, words.size() - 1), columnMeaning);
            // "signed_up_at", "created_at": the event a time column records is named by its verb ("users who
            // signed up in 2024", "orders created today"), which the planner reads as the column a date range is on
            if (column.type().isTemporal() && words.size() >= 2 && TIME_SUFFIXES.contains(words.getLast())) {
                lexicon.add(words.subList(0, words.size() - 1), columnMeaning);
            }
        }
    }

    /** Prefixes that name a yes/no column's state (is_active, has_paid, was_deleted) rather than a thing. */
    private static final Set<String> STATE_PREFIXES = Set.of("is", "has", "was", "had");

    /**
     * "active users", "inactive users": a yes/no column named for a state (is_active) makes the state an
     * adjective that filters on true, and its "in-"/"un-"/"non-" opposite one that filters on false.
     */
    private static void addAdjective(Lexicon.Builder lexicon, ColumnReference column, List<String> words) {
        List<String> state = words.size() >= 2 && STATE_PREFIXES.contains(words.getFirst()) ? words.subList(1, words.size()) : words;
        if (state.size() != 1) return;
        String adjective = state.getFirst();
        lexicon.add(List.of(adjective), new Meaning.ValueMeaning(column, "true"));
        for (String prefix : List.of("in", "un", "non")) lexicon.add(List.of(prefix + adjective), new Meaning.ValueMeaning(column, "false"));
    }

    private static void addShortDescription(Lexicon.Builder lexicon, String description, Meaning meaning) {
        List<String> words = Words.split(description);
        if (!words.isEmpty() && words.size() <= LONGEST_DESCRIPTION_USED_AS_NAME) lexicon.addNoun(words, meaning);
    }
}
