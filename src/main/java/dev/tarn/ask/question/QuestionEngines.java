package dev.tarn.ask.question;

import dev.tarn.ask.nl.QuestionTranslator;
import dev.tarn.ask.nl.model.DatabaseSchema;
import dev.tarn.ask.nl.model.SemanticModel;
import dev.tarn.ask.nl.model.SemanticModelBuilder;
import dev.tarn.ask.nl.model.Synonyms;
import dev.tarn.ask.nl.model.ValueIndex;
import dev.tarn.ask.nl.training.TrainingPair;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Question engines per datasource and role view. Building the semantic model reads every table,
 * column and stored value, far more than translating one question, so an engine is kept until
 * anything it was built from changes: the metadata, what the role may see, the pairs, the synonyms.
 */
final class QuestionEngines {
    private static final int MOST_ENGINES = 64;

    private record Key(String datasourceId, long metadataVersion, DatabaseSchema visibleSchema, Optional<String> roleId,
                       long trainingVersion, long synonymsVersion) {
    }

    private final TrainingStore training;
    private final SynonymStore synonyms;
    private final Clock clock;
    private final Map<Key, QuestionTranslator> engines = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, QuestionTranslator> eldest) {
            return size() > MOST_ENGINES;
        }
    };

    QuestionEngines(TrainingStore training, SynonymStore synonyms, Clock clock) {
        this.training = training;
        this.synonyms = synonyms;
        this.clock = clock;
    }

    QuestionTranslator engine(String datasourceId, long metadataVersion, DatabaseSchema visibleSchema, Supplier<ValueIndex> visibleValues,
                              Optional<String> roleId) {
        Key key = new Key(datasourceId, metadataVersion, visibleSchema, roleId, training.version(), synonyms.version());
        synchronized (engines) {
            QuestionTranslator known = engines.get(key);
            if (known != null) {
                return known;
            }
        }
        SemanticModel model = SemanticModelBuilder.build(visibleSchema, visibleValues.get(), visibleSynonyms(datasourceId, visibleSchema));
        List<TrainingPair> pairs = training.activePairs(datasourceId, roleId);
        QuestionTranslator built = new QuestionTranslator(model, clock, pairs);
        synchronized (engines) {
            engines.put(key, built);
        }
        return built;
    }

    /** Synonyms naming tables or columns this view lacks are left out: a role must not learn of them through a phrase. */
    private Synonyms visibleSynonyms(String datasourceId, DatabaseSchema schema) {
        Synonyms all = synonyms.synonyms(datasourceId);
        return new Synonyms(
                all.terms().stream().filter(term -> schema.table(term.table())
                        .filter(table -> term.column().isEmpty() || table.column(term.column().get()).isPresent()).isPresent()).toList(),
                all.filters().stream().filter(filter -> schema.table(filter.column().table())
                        .flatMap(table -> table.column(filter.column().column())).isPresent()).toList(),
                all.conditions().stream().filter(condition -> schema.table(condition.column().table())
                        .flatMap(table -> table.column(condition.column().column())).isPresent()).toList());
    }
}
