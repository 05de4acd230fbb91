package dev.tarn.ask.nl.model;

import dev.tarn.ask.nl.sql.SqlDialect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the question engine knows about one datasource: tables with column roles, the joins it may
 * use, the phrases that name things, and the stored values a question may mention. Built once by
 * {@link SemanticModelBuilder}; immutable and shared by every question.
 */
public final class SemanticModel {
    private final SqlDialect dialect;
    private final Map<String, ModelTable> tables;
    private final List<Relationship> relationships;
    private final Lexicon lexicon;
    private final ValueIndex values;
    private final Map<String, DefinedMeasure> definedMeasures;

    SemanticModel(SqlDialect dialect, Map<String, ModelTable> tables, List<Relationship> relationships, Lexicon lexicon,
                  ValueIndex values) {
        this(dialect, tables, relationships, lexicon, values, List.of());
    }

    SemanticModel(SqlDialect dialect, Map<String, ModelTable> tables, List<Relationship> relationships, Lexicon lexicon,
                  ValueIndex values, List<DefinedMeasure> definedMeasures) {
        Map<String, DefinedMeasure> measures = new HashMap<>();
        for (DefinedMeasure measure : definedMeasures) measures.putIfAbsent(Words.join(measure.phrase()), measure);
        this.definedMeasures = Map.copyOf(measures);
        this.dialect = dialect;
        this.tables = Map.copyOf(tables);
        this.relationships = List.copyOf(relationships);
        this.lexicon = lexicon;
        this.values = values;
    }

    public SqlDialect dialect() {
        return dialect;
    }

    public ModelTable table(String name) {
        ModelTable table = tables.get(name);
        if (table == null) throw new IllegalArgumentException("no table " + name + " in the model");
        return table;
    }

    public List<ModelTable> tables() {
        return tables.values().stream().sorted(java.util.Comparator.comparing(ModelTable::name)).toList();
    }

    public ModelColumn column(ColumnReference reference) {
        return table(reference.table()).column(reference.column())
                .orElseThrow(() -> new IllegalArgumentException("no column " + reference + " in the model"));
    }

    public List<Relationship> relationships() {
        return relationships;
    }

    public Lexicon lexicon() {
        return lexicon;
    }

    public ValueIndex values() {
        return values;
    }

    /** The measure a phrase of the question ("revenue") is defined as by the datasource's descriptions, if any. */
    public Optional<DefinedMeasure> definedMeasure(String phrase) {
        return Optional.ofNullable(definedMeasures.get(Words.join(Words.split(phrase))));
    }

    /**
     * The shortest chain of joins from one table to another, if exactly one shortest chain exists.
     * Two chains of equal length would be two meanings, so the engine treats that as no path.
     */
    public Optional<List<Relationship>> joinPath(String fromTable, String toTable) {
        if (fromTable.equals(toTable)) return Optional.of(List.of());
        // keys known from names or declarations come first: a relationship seen only in the values
        // ("river.traverse holds state names") is used where no such chain exists
        List<Relationship> named = relationships.stream().filter(relationship -> !relationship.fromValues()).toList();
        Optional<List<Relationship>> byNames = shortestUniquePath(named, fromTable, toTable);
        if (byNames.isPresent() || named.size() == relationships.size()) return byNames;
        return shortestUniquePath(relationships, fromTable, toTable);
    }

    private static Optional<List<Relationship>> shortestUniquePath(List<Relationship> relationships, String fromTable, String toTable) {
        Map<String, List<Relationship>> bestPath = new HashMap<>();
        Map<String, Integer> pathsFound = new HashMap<>();
        bestPath.put(fromTable, List.of());
        pathsFound.put(fromTable, 1);
        Deque<String> queue = new ArrayDeque<>(List.of(fromTable));
        while (!queue.isEmpty()) {
            String current = queue.removeFirst();
            List<Relationship> pathHere = bestPath.get(current);
            for (Relationship relationship : relationships) {
                Relationship oriented = orientedFrom(relationship, current);
                if (oriented == null) continue;
                String next = oriented.to().table();
                List<Relationship> candidate = new ArrayList<>(pathHere);
                candidate.add(oriented);
                List<Relationship> known = bestPath.get(next);
                if (known == null) {
                    bestPath.put(next, candidate);
                    pathsFound.put(next, pathsFound.get(current));
                    queue.addLast(next);
                } else if (known.size() == candidate.size()) {
                    pathsFound.merge(next, pathsFound.get(current), Integer::sum);
                }
            }
        }
        List<Relationship> path = bestPath.get(toTable);
        if (path == null || pathsFound.get(toTable) != 1) return Optional.empty();
        return Optional.of(List.copyOf(path));
    }

    private static Relationship orientedFrom(Relationship relationship, String table) {
        if (relationship.from().table().equals(table)) return relationship;
        if (relationship.to().table().equals(table)) {
            return new Relationship(relationship.to(), relationship.from(), relationship.inferred(), relationship.fromValues());
        }
        return null;
    }
}
