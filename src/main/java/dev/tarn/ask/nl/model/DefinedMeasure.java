package dev.tarn.ask.nl.model;

import dev.tarn.ask.nl.sql.AggregateFunction;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A business term that a datasource's own descriptions define as an aggregate of a column, such as
 * "revenue is the sum of amount" in the comment of an orders table: "revenue" then names the column
 * and, asked alone ("revenue today"), means that aggregate rather than a listing of the column.
 * Read from metadata the way ATHENA reads an ontology; nothing here is written for one datasource.
 */
public record DefinedMeasure(List<String> phrase, ColumnReference column, AggregateFunction function) {
    /** How a description says which aggregate a term is: "is the sum of", "is the average of". */
    private static final Map<String, AggregateFunction> DEFINING_WORDS = Map.of(
            "sum", AggregateFunction.SUM, "total", AggregateFunction.SUM, "average", AggregateFunction.AVG,
            "mean", AggregateFunction.AVG, "median", AggregateFunction.MEDIAN);
    /** A term longer than this is a sentence, not a name. */
    private static final int LONGEST_TERM = 3;

    public DefinedMeasure {
        phrase = List.copyOf(phrase);
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(function, "function");
    }

    /**
     * The measures a table's or a column's description defines over the table's numeric columns:
     * clauses (split at ';' and '.') of the form "TERM is the sum|total|average|median of COLUMN".
     */
    static List<DefinedMeasure> of(TableSchema table, String description) {
        List<DefinedMeasure> measures = new ArrayList<>();
        for (String clause : description.split("[;.]")) {
            List<String> words = Words.split(clause);
            int is = words.indexOf("is");
            if (is < 1 || is > LONGEST_TERM || words.size() < is + 5 || !words.get(is + 1).equals("the") || !words.get(is + 3).equals("of")) {
                continue;
            }
            AggregateFunction function = DEFINING_WORDS.get(words.get(is + 2));
            if (function == null) continue;
            List<String> columnWords = words.subList(is + 4, words.size());
            Optional<ColumnSchema> column = table.columns().stream()
                    .filter(candidate -> candidate.type().isNumeric() && Words.ofIdentifier(candidate.name()).equals(columnWords)).findFirst();
            column.ifPresent(found -> measures.add(new DefinedMeasure(words.subList(0, is), new ColumnReference(table.name(), found.name()), function)));
        }
        return measures;
    }
}
