package dev.tarn.ask.question;

import dev.tarn.ask.ResultTable;
import dev.tarn.ask.datasource.Datasources;
import dev.tarn.ask.datasource.QuestionContext;
import dev.tarn.ask.keys.AskCaller;
import dev.tarn.ask.keys.AskPermission;
import dev.tarn.ask.nl.QuestionTranslator;
import dev.tarn.ask.nl.Translation;
import dev.tarn.ask.nl.model.DatabaseSchema;
import dev.tarn.ask.nl.model.ValueIndex;
import dev.tarn.ask.policy.AskPolicies;
import dev.tarn.ask.policy.RoleContext;
import dev.tarn.ask.policy.ScopedSql;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Questions to SQL to rows, for every ask surface. The engine sees only what the caller's role may
 * see (tables, fields and their stored values), and every statement that reaches a datasource has
 * passed the role's row filters first: this class is the only caller of {@link Datasources#run}
 * for questions, so no surface can skip them.
 */
public final class AskService {
    /** Rows an answer reads at most when the caller sets no limit; the dataframe says when it was cut. */
    public static final int DEFAULT_MAXIMUM_ROWS = 10_000;

    private final Datasources datasources;
    private final AskPolicies policies;
    private final QuestionEngines engines;

    public AskService(Datasources datasources, AskPolicies policies, TrainingStore training, SynonymStore synonyms, Clock clock) {
        this.datasources = datasources;
        this.policies = policies;
        this.engines = new QuestionEngines(training, synonyms, clock);
    }

    /** The SQL for a question, or the engine's refusal; nothing is run. */
    public QuestionOutcome toSql(AskCaller caller, QuestionRequest request) {
        return prepare(caller, request).translate();
    }

    /** The question's SQL run under the caller's role, at most {@code maximumRows} rows (0: the server's default). */
    public QuestionOutcome answer(AskCaller caller, QuestionRequest request, int maximumRows) {
        return answer(caller, request, maximumRows, translated -> { });
    }

    /** The same, telling {@code translated} the SQL (or the refusal) before the rows are read, for streaming answers. */
    public QuestionOutcome answer(AskCaller caller, QuestionRequest request, int maximumRows,
                                  java.util.function.Consumer<QuestionOutcome> translated) {
        Prepared prepared = prepare(caller, request);
        QuestionOutcome outcome = prepared.translate();
        translated.accept(outcome);
        if (outcome.translation() instanceof Translation.Answer answer) {
            long started = System.nanoTime();
            ResultTable rows = prepared.run(answer, maximumRows <= 0 ? DEFAULT_MAXIMUM_ROWS : Math.min(maximumRows, DEFAULT_MAXIMUM_ROWS));
            return outcome.withRows(rows, Duration.ofNanos(System.nanoTime() - started));
        }
        return outcome;
    }

    /**
     * Plans a stored pair's SQL on the datasource under no role (administrators add pairs) without
     * reading rows, so a pair that cannot run is refused when it is added rather than when asked.
     */
    public void checkRunnable(String datasourceId, String sql) {
        try {
            dev.tarn.ask.nl.training.TrainingPairs.checkSql(sql);
        } catch (IllegalArgumentException notOneSelect) {
            throw new TarnException(ErrorCode.TRAINING_PAIR_INVALID, notOneSelect.getMessage());
        }
        datasources.run(datasourceId, "SELECT * FROM (" + sql + ") AS training_pair_check WHERE 1 = 0", java.util.List.of(), 1);
    }

    /** Fails with 400 unless the datasource's synced metadata has this table (and column, when given). */
    public void checkNames(String datasourceId, String table, Optional<String> column) {
        DatabaseSchema schema = datasources.questionContext(datasourceId).schema();
        var found = schema.table(table).orElseThrow(() -> new TarnException(ErrorCode.INVALID_FIELD,
                "Datasource " + datasourceId + " has no table '" + table + "' in its metadata; sync the metadata or name one of "
                        + schema.tables().stream().map(dev.tarn.ask.nl.model.TableSchema::name).toList()));
        column.ifPresent(name -> found.column(name).orElseThrow(() -> new TarnException(ErrorCode.INVALID_FIELD,
                "Table '" + table + "' has no visible column '" + name + "'")));
    }

    /** Fails with 404 unless the datasource is one of the caller's project: ids of other projects are not confirmed. */
    public void requireDatasource(AskCaller caller, String datasourceId) {
        datasources.get(caller.projectId(), datasourceId);
    }

    private Prepared prepare(AskCaller caller, QuestionRequest request) {
        caller.require(AskPermission.ASK);
        requireDatasource(caller, request.datasourceId());
        QuestionContext context = datasources.questionContext(request.datasourceId());
        RoleContext role = policies.roleFor(caller, request.roleId(), request.roleVariables());
        String schemaName = datasources.defaultSchema(context.datasourceId());
        DatabaseSchema visible = policies.visibleSchema(role, context.datasourceId(), schemaName, context.schema());
        if (visible.tables().isEmpty()) {
            throw new TarnException(ErrorCode.PERMISSION_DENIED, "This role may not read any table of datasource " + context.datasourceId());
        }
        // restricting reads every stored value: done only when an engine is built, not per question
        java.util.function.Supplier<ValueIndex> values = () -> visible.equals(context.schema()) ? context.values()
                : context.values().restrictedTo(column -> visible.table(column.table()).flatMap(table -> table.column(column.column())).isPresent());
        QuestionTranslator engine = engines.engine(context.datasourceId(), context.version(), visible, values, role.role().map(dev.tarn.ask.policy.Role::id));
        return new Prepared(context, role, schemaName, engine, request);
    }

    private final class Prepared {
        private final QuestionContext context;
        private final RoleContext role;
        private final String schemaName;
        private final QuestionTranslator engine;
        private final QuestionRequest request;

        Prepared(QuestionContext context, RoleContext role, String schemaName, QuestionTranslator engine, QuestionRequest request) {
            this.context = context;
            this.role = role;
            this.schemaName = schemaName;
            this.engine = engine;
            this.request = request;
        }

        QuestionOutcome translate() {
            long started = System.nanoTime();
            Translation translation = request.earlierQuestions().isEmpty() ? engine.translate(request.question())
                    : engine.translateFollowUp(request.question(), request.earlierQuestions());
            Duration time = Duration.ofNanos(System.nanoTime() - started);
            Optional<String> display = translation instanceof Translation.Answer answer
                    ? SqlDisplay.inline(answer.sql(), answer.parameters(), context.dialect()) : Optional.empty();
            return new QuestionOutcome(context.datasourceId(), context.dialect(), translation, display, Optional.empty(), time, Duration.ZERO);
        }

        ResultTable run(Translation.Answer answer, int maximumRows) {
            ScopedSql scoped = policies.scope(role, context.datasourceId(), schemaName, context.dialect(), answer.sql(), answer.parameters());
            return datasources.run(context.datasourceId(), scoped.sql(), scoped.parameters(), maximumRows);
        }
    }

}
