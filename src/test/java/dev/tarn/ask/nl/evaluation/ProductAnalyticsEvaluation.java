package dev.tarn.ask.nl.evaluation;

import dev.tarn.ask.nl.QuestionTranslator;
import dev.tarn.ask.nl.Translation;
import dev.tarn.ask.nl.model.DatabaseSchema;
import dev.tarn.ask.nl.model.SemanticModel;
import dev.tarn.ask.nl.model.SemanticModelBuilder;
import dev.tarn.ask.nl.model.Synonyms;
import dev.tarn.ask.nl.model.ValueIndex;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Execution accuracy of the deterministic question engine on the product-analytics set: builds the
 * semantic model from the DuckDB database's own catalog and values (nothing written for this set but
 * the optional synonyms file an administrator would configure), translates every question with the
 * clock the gold SQL assumes (a follow-up with the conversation before it), runs the engine's and the
 * gold SQL and compares their results. Used by bench/nl/evaluate-product-analytics.sh on the full
 * database and by the precision test on a small copy.
 *
 *   ProductAnalyticsEvaluation DATABASE [--synonyms] [--details FILE] [--questions FILE]
 */
public final class ProductAnalyticsEvaluation {
    /** The moment the gold SQL's relative dates were resolved at (bench/README.md). */
    public static final Clock CLOCK = Clock.fixed(Instant.parse(ProductAnalyticsData.CLOCK.replace(' ', 'T') + "Z"), ZoneOffset.UTC);

    /** How one question ended. */
    public enum Verdict { CORRECT, WRONG, ERROR, REFUSED }

    public record Outcome(QuestionSet.Question question, Verdict verdict, String sql, String detail, long nanos) {
    }

    /** The scores of one run. */
    public record Report(List<Outcome> outcomes) {
        public long count(Verdict verdict) {
            return outcomes.stream().filter(outcome -> outcome.verdict() == verdict).count();
        }

        public long answered() {
            return outcomes.size() - count(Verdict.REFUSED);
        }

        public double answerRate() {
            return (double) answered() / outcomes.size();
        }

        /** Correct over answered; an execution error is a wrong answer. */
        public double precision() {
            return answered() == 0 ? 1.0 : (double) count(Verdict.CORRECT) / answered();
        }

        public double executionAccuracy() {
            return (double) count(Verdict.CORRECT) / outcomes.size();
        }

        public double percentileMillis(double fraction) {
            long[] nanos = outcomes.stream().mapToLong(Outcome::nanos).sorted().toArray();
            return nanos[Math.min(nanos.length - 1, (int) (nanos.length * fraction))] / 1e6;
        }

        public void print(PrintStream out, String title) {
            out.printf(Locale.ROOT, "%s: %d questions%n", title, outcomes.size());
            out.printf(Locale.ROOT, "  answer rate            %5.1f %%  (%d answered, target >= 80 %%)%n", 100 * answerRate(), answered());
            out.printf(Locale.ROOT, "  precision on answered  %5.1f %%  (%d correct, target >= 97 %%)%n", 100 * precision(), count(Verdict.CORRECT));
            out.printf(Locale.ROOT, "  execution accuracy     %5.1f %%  (correct / all questions)%n", 100 * executionAccuracy());
            out.printf(Locale.ROOT, "  translation time       median %.3f ms, p95 %.3f ms (target median < 5 ms)%n",
                    percentileMillis(0.5), percentileMillis(0.95));
            printGroups(out, "refusals by reason", Set.of(Verdict.REFUSED), outcome -> List.of(outcome.detail().split(":", 2)[0]));
            printGroups(out, "refusals by unplaced word", Set.of(Verdict.REFUSED), ProductAnalyticsEvaluation::unplacedWords);
            printGroups(out, "wrong answers by difference", Set.of(Verdict.WRONG, Verdict.ERROR), outcome -> List.of(outcome.detail().split(":", 2)[0]));
            printGroups(out, "wrong answers by construct", Set.of(Verdict.WRONG, Verdict.ERROR), outcome -> outcome.question().constructs());
            printGroups(out, "refusals by construct", Set.of(Verdict.REFUSED), outcome -> outcome.question().constructs());
            for (Outcome outcome : outcomes) {
                if (outcome.verdict() == Verdict.WRONG || outcome.verdict() == Verdict.ERROR) {
                    out.printf(Locale.ROOT, "  %s %s \"%s\": %s%n", outcome.verdict(), outcome.question().id(), outcome.question().text(), outcome.detail());
                }
            }
        }

        private void printGroups(PrintStream out, String title, Set<Verdict> verdicts, Function<Outcome, List<String>> causes) {
            Map<String, Integer> groups = new TreeMap<>();
            for (Outcome outcome : outcomes) {
                if (verdicts.contains(outcome.verdict())) causes.apply(outcome).forEach(cause -> groups.merge(cause, 1, Integer::sum));
            }
            if (groups.isEmpty()) return;
            StringBuilder line = new StringBuilder();
            groups.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .forEach(group -> line.append(line.isEmpty() ? "" : ", ").append(group.getKey()).append('=').append(group.getValue()));
            out.printf(Locale.ROOT, "  %-22s %s%n", title, line);
        }

        public void writeDetails(Path file) throws java.io.IOException {
            try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(file))) {
                for (Outcome outcome : outcomes) {
                    writer.println(String.join("\t", outcome.verdict().name(), outcome.question().id(), outcome.question().text(),
                            outcome.sql(), outcome.detail(), "gold: " + outcome.question().goldSql()));
                }
            }
        }
    }

    private ProductAnalyticsEvaluation() {
    }

    /** The engine as a datasource's metadata and an administrator's synonyms would build it, on the evaluation clock. */
    public static QuestionTranslator translator(Connection connection, Synonyms synonyms) throws SQLException {
        DatabaseSchema schema = DuckDbMetadata.schema(connection);
        ValueIndex values = DuckDbMetadata.values(connection, schema);
        SemanticModel model = SemanticModelBuilder.build(schema, values, synonyms);
        return new QuestionTranslator(model, CLOCK);
    }

    public static Report evaluate(Connection connection, QuestionTranslator translator, List<QuestionSet.Question> questions) {
        // warm the JIT on the whole set once so that the timing measures steady state
        for (QuestionSet.Question question : questions) translate(translator, question);
        List<Outcome> outcomes = new ArrayList<>();
        for (QuestionSet.Question question : questions) {
            long started = System.nanoTime();
            Translation translation = translate(translator, question);
            long nanos = System.nanoTime() - started;
            outcomes.add(switch (translation) {
                case Translation.Refusal refusal -> new Outcome(question, Verdict.REFUSED, "",
                        refusal.reason() + ": " + refusal.unplacedWords() + " " + refusal.message(), nanos);
                case Translation.Answer answer -> judged(connection, question, answer, nanos);
            });
        }
        return new Report(List.copyOf(outcomes));
    }

    private static Translation translate(QuestionTranslator translator, QuestionSet.Question question) {
        if (!question.isFollowUp()) return translator.translate(question.text());
        return translator.translateFollowUp(question.text(), question.earlier());
    }

    private static Outcome judged(Connection connection, QuestionSet.Question question, Translation.Answer answer, long nanos) {
        String sql = answer.sql() + " " + answer.parameters();
        ResultComparison.Result expected;
        try {
            expected = ResultComparison.run(connection, question.goldSql(), List.of());
        } catch (SQLException failure) {
            throw new IllegalStateException("gold SQL of " + question.id() + " fails: " + failure.getMessage(), failure);
        }
        try {
            ResultComparison.Result actual = ResultComparison.run(connection, answer.sql(), answer.parameters());
            Optional<String> difference = ResultComparison.difference(expected, actual, ResultComparison.ordersItsResult(question.goldSql()));
            return difference.map(detail -> new Outcome(question, Verdict.WRONG, sql, detail, nanos))
                    .orElseGet(() -> new Outcome(question, Verdict.CORRECT, sql, answer.interpretation(), nanos));
        } catch (SQLException failure) {
            return new Outcome(question, Verdict.ERROR, sql, "error: " + failure.getMessage().lines().findFirst().orElse(""), nanos);
        }
    }

    private static List<String> unplacedWords(Outcome outcome) {
        String detail = outcome.detail();
        int open = detail.indexOf('[');
        int close = detail.indexOf(']');
        if (open < 0 || close <= open + 1) return List.of("(none)");
        return Arrays.stream(detail.substring(open + 1, close).split(", ")).toList();
    }

    public static void main(String[] arguments) throws Exception {
        if (arguments.length < 1) {
            System.err.println("usage: ProductAnalyticsEvaluation DATABASE [--synonyms] [--details FILE] [--questions FILE]");
            System.exit(2);
        }
        Path database = Path.of(arguments[0]);
        boolean withSynonyms = false;
        Path details = null;
        List<QuestionSet.Question> questions = QuestionSet.questions();
        for (int index = 1; index < arguments.length; index++) {
            switch (arguments[index]) {
                case "--synonyms" -> withSynonyms = true;
                case "--details" -> details = Path.of(arguments[++index]);
                case "--questions" -> {
                    try (InputStream file = Files.newInputStream(Path.of(arguments[++index]))) {
                        questions = QuestionSet.questions(file);
                    }
                }
                default -> {
                    System.err.println("unknown option " + arguments[index]);
                    System.exit(2);
                }
            }
        }
        // read-only: the evaluation must not change the data it scores against
        java.util.Properties readOnly = new java.util.Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database.toAbsolutePath(), readOnly)) {
            long started = System.nanoTime();
            QuestionTranslator translator = translator(connection, withSynonyms ? QuestionSet.synonyms() : Synonyms.none());
            double modelMillis = (System.nanoTime() - started) / 1e6;
            Report report = evaluate(connection, translator, questions);
            report.print(System.out, String.format(Locale.ROOT, "product-analytics (%s synonyms, model built in %.0f ms with its value index)",
                    withSynonyms ? "with" : "without", modelMillis));
            if (details != null) {
                report.writeDetails(details);
                System.out.println("  per-question details in " + details);
            }
        }
    }
}
