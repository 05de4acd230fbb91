package dev.tarn.ask.nl.understanding;

import dev.tarn.ask.nl.model.Meaning;

import java.util.List;
import java.util.Optional;

/** A {@link QuestionStructure} with one meaning chosen for every mention: one candidate interpretation. */
public record ResolvedQuestion(List<Meaning> free, Optional<Meaning> aggregateTarget, List<Meaning> groupings,
                               List<Meaning> negated, List<Optional<Meaning>> comparisonColumns,
                               Optional<Meaning> rankingEntity, Optional<Meaning> rankingMeasure) {
    public ResolvedQuestion {
        free = List.copyOf(free);
        groupings = List.copyOf(groupings);
        negated = List.copyOf(negated);
        comparisonColumns = List.copyOf(comparisonColumns);
    }
}
