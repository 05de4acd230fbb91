import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tarn.ask.nl.QuestionTranslator;
import dev.tarn.ask.nl.Translation;
import dev.tarn.ask.nl.model.ColumnReference;
import dev.tarn.ask.nl.model.ColumnSchema;
import dev.tarn.ask.nl.model.DataType;
import dev.tarn.ask.nl.model.DatabaseSchema;
import dev.tarn.ask.nl.model.SemanticModel;
import dev.tarn.ask.nl.model.SemanticModelBuilder;
import dev.tarn.ask.nl.model.Synonyms;
import dev.tarn.ask.nl.model.TableSchema;
import dev.tarn.ask.nl.model.ValueIndex;
import dev.tarn.ask.nl.sql.ComparisonOperator;
import dev.tarn.ask.nl.sql.SqlDialect;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Execution accuracy of the deterministic question engine on GeoQuery: builds the semantic model from
 * the SQLite database's own metadata and values (nothing written for this data set), translates every
 * question, runs both SQLs and compares result multisets (column order ignored, row order only when
 * the gold SQL orders). Prints answer rate, precision on answered questions, execution accuracy and
 * the median translation time. With {@code --synonyms FILE}, the model also gets an administrator's
 * synonyms ({@code {"terms": [{"phrase", "table", "column"?}], "filters": [{"phrase", "table", "column",
 * "value"}], "conditions": [{"phrase", "table", "column", "operator", "number"}]}}), as the synonyms API
 * would hold them. Usage: java -cp ... GeoQueryEvaluation.java DATABASE QUESTIONS [DETAILS_FILE] [--synonyms FILE]
 */
public class GeoQueryEvaluation {
    public static void main(String[] arguments) throws Exception {
        Path database = Path.of(arguments[0]);
        Path questions = Path.of(arguments[1]);
        Path details = arguments.length > 2 && !arguments[2].startsWith("--") ? Path.of(arguments[2]) : null;
        Path synonymsFile = null;
        for (int index = 0; index + 1 < arguments.length; index++) {
            if (arguments[index].equals("--synonyms")) synonymsFile = Path.of(arguments[index + 1]);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath())) {
            long modelStart = System.nanoTime();
            DatabaseSchema schema = schema(connection);
            ValueIndex values = values(connection, schema);
            Synonyms synonyms = synonymsFile == null ? Synonyms.none() : synonyms(synonymsFile);
            SemanticModel model = SemanticModelBuilder.build(schema, values, synonyms);
            QuestionTranslator translator = new QuestionTranslator(model, Clock.systemUTC());
            double modelMillis = (System.nanoTime() - modelStart) / 1e6;

            ObjectMapper json = new ObjectMapper();
            List<JsonNode> items = new ArrayList<>();
            try (BufferedReader reader = Files.newBufferedReader(questions)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (!line.isBlank()) items.add(json.readTree(line));
                }
            }
            // warm the JIT on the whole set once so the timing below measures steady state
            for (JsonNode item : items) translator.translate(item.get("question").asText());

            int answered = 0, correct = 0, executionErrors = 0;
            Map<String, Integer> refusals = new TreeMap<>();
            long[] nanos = new long[items.size()];
            List<String> report = new ArrayList<>();
            for (int index = 0; index < items.size(); index++) {
                JsonNode item = items.get(index);
                String question = item.get("question").asText();
                String gold = item.get("gold_sql").asText();
                long start = System.nanoTime();
                Translation translation = translator.translate(question);
                nanos[index] = System.nanoTime() - start;
                if (translation instanceof Translation.Refusal refusal) {
                    refusals.merge(refusal.reason().name(), 1, Integer::sum);
                    report.add("REFUSED\t" + question + "\t" + refusal.reason() + " " + refusal.unplacedWords() + " " + refusal.message());
                    continue;
                }
                Translation.Answer answer = (Translation.Answer) translation;
                answered++;
                try {
                    List<List<String>> expected = run(connection, gold, List.of());
                    List<List<String>> actual = run(connection, answer.sql(), answer.parameters());
                    boolean ordered = gold.toUpperCase(Locale.ROOT).contains("ORDER BY");
                    if (same(expected, actual, ordered)) {
                        correct++;
                        report.add("CORRECT\t" + question + "\t" + answer.sql() + " " + answer.parameters());
                    } else {
                        report.add("WRONG\t" + question + "\t" + answer.sql() + " " + answer.parameters() + "\tgold: " + gold);
                    }
                } catch (SQLException failure) {
                    executionErrors++;
                    report.add("ERROR\t" + question + "\t" + answer.sql() + "\t" + failure.getMessage());
                }
            }
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            int total = items.size();
            System.out.printf(Locale.ROOT, "geoquery: %d questions, model built in %.1f ms (%d tables), %s%n", total, modelMillis,
                    schema.tables().size(), synonymsFile == null ? "no synonyms"
                            : (synonyms.terms().size() + synonyms.filters().size() + synonyms.conditions().size()) + " synonyms from " + synonymsFile);
            System.out.printf(Locale.ROOT, "  answer rate            %5.1f %%  (%d answered, target >= 80 %%)%n", 100.0 * answered / total, answered);
            System.out.printf(Locale.ROOT, "  precision on answered  %5.1f %%  (%d correct, target >= 97 %%)%n",
                    answered == 0 ? 0.0 : 100.0 * correct / answered, correct);
            System.out.printf(Locale.ROOT, "  execution accuracy     %5.1f %%  (correct / all questions)%n", 100.0 * correct / total);
            System.out.printf(Locale.ROOT, "  execution errors       %d%n", executionErrors);
            System.out.printf(Locale.ROOT, "  refusals by reason     %s%n", refusals);
            System.out.printf(Locale.ROOT, "  translation time       median %.3f ms, p95 %.3f ms, max %.3f ms (target median < 5 ms)%n",
                    sorted[total / 2] / 1e6, sorted[(int) (total * 0.95)] / 1e6, sorted[total - 1] / 1e6);
            wideSchemaTiming();
            if (details != null) {
                try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(details))) {
                    report.forEach(writer::println);
                }
                System.out.println("  per-question details in " + details);
            }
        }
    }

    /**
     * Translation time on a synthetic schema of 300 columns (10 tables of 30: keys, measures, dimensions,
     * a date) with 2,000 indexed values, over questions built from the schema's own names.
     */
    private static void wideSchemaTiming() {
        List<TableSchema> tables = new ArrayList<>();
        Map<ColumnReference, List<String>> values = new LinkedHashMap<>();
        String[] nouns = {"account", "invoice", "product", "supplier", "warehouse", "shipment", "campaign", "ticket", "employee", "region"};
        for (int table = 0; table < nouns.length; table++) {
            List<ColumnSchema> columns = new ArrayList<>();
            columns.add(new ColumnSchema("id", DataType.INTEGER));
            columns.add(new ColumnSchema(nouns[table] + "_name", DataType.TEXT));
            if (table > 0) columns.add(new ColumnSchema(nouns[table - 1] + "_id", DataType.INTEGER));
            columns.add(new ColumnSchema("created_at", DataType.DATE));
            for (int column = columns.size(); column < 30; column++) {
                boolean measure = column % 2 == 0;
                columns.add(new ColumnSchema(nouns[table] + (measure ? "_amount_" : "_kind_") + column, measure ? DataType.DECIMAL : DataType.TEXT));
            }
            String name = nouns[table] + "s";
            tables.add(new TableSchema(name, "", columns, List.of("id"), List.of()));
            List<String> names = new ArrayList<>();
            for (int value = 0; value < 200; value++) names.add(nouns[table] + " number " + value);
            values.put(new ColumnReference(name, nouns[table] + "_name"), names);
        }
        SemanticModel model = SemanticModelBuilder.build(new DatabaseSchema(SqlDialect.DUCKDB, tables), ValueIndex.of(values), Synonyms.none());
        QuestionTranslator translator = new QuestionTranslator(model, Clock.systemUTC());
        List<String> questions = new ArrayList<>();
        for (int table = 1; table < nouns.length; table++) {
            String noun = nouns[table];
            questions.add("total " + noun + " amount 4 by " + noun + " kind 5");
            questions.add("how many " + noun + "s in the last 30 days");
            questions.add("top 5 " + nouns[table - 1] + "s by " + noun + " amount 6");
            questions.add("average " + noun + " amount 8 of " + noun + " number 17");
            questions.add("which " + noun + " has the highest " + noun + " amount 10");
            questions.add(noun + "s with " + noun + " amount 12 over 1000 in 2024");
        }
        for (String question : questions) translator.translate(question); // warm-up
        long[] nanos = new long[questions.size() * 20];
        int answered = 0;
        for (int round = 0; round < 20; round++) {
            for (int index = 0; index < questions.size(); index++) {
                long start = System.nanoTime();
                Translation translation = translator.translate(questions.get(index));
                nanos[round * questions.size() + index] = System.nanoTime() - start;
                if (round == 0 && translation instanceof Translation.Answer) answered++;
            }
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "  300-column schema      median %.3f ms, p95 %.3f ms over %d questions (%d answered) (target median < 20 ms)%n",
                nanos[nanos.length / 2] / 1e6, nanos[(int) (nanos.length * 0.95)] / 1e6, questions.size(), answered);
    }

    /** An administrator's synonyms file, the only place where words of this domain are given to the engine. */
    private static Synonyms synonyms(Path file) throws java.io.IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        List<Synonyms.TermSynonym> terms = new ArrayList<>();
        for (JsonNode term : root.path("terms")) {
            terms.add(term.hasNonNull("column")
                    ? Synonyms.TermSynonym.forColumn(term.get("phrase").asText(), term.get("table").asText(), term.get("column").asText())
                    : Synonyms.TermSynonym.forTable(term.get("phrase").asText(), term.get("table").asText()));
        }
        List<Synonyms.FilterPhrasing> filters = new ArrayList<>();
        for (JsonNode filter : root.path("filters")) {
            filters.add(new Synonyms.FilterPhrasing(filter.get("phrase").asText(),
                    new ColumnReference(filter.get("table").asText(), filter.get("column").asText()), filter.get("value").asText()));
        }
        List<Synonyms.ConditionPhrasing> conditions = new ArrayList<>();
        for (JsonNode condition : root.path("conditions")) {
            String symbol = condition.get("operator").asText();
            ComparisonOperator operator = Arrays.stream(ComparisonOperator.values()).filter(candidate -> candidate.symbol().equals(symbol))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown operator " + symbol + " in " + file));
            conditions.add(new Synonyms.ConditionPhrasing(condition.get("phrase").asText(),
                    new ColumnReference(condition.get("table").asText(), condition.get("column").asText()), operator,
                    new BigDecimal(condition.get("number").asText())));
        }
        return new Synonyms(terms, filters, conditions);
    }

    /** Tables and columns from SQLite's own catalog; no keys are declared there, so the model infers them. */
    private static DatabaseSchema schema(Connection connection) throws SQLException {
        List<TableSchema> tables = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (ResultSet rows = connection.createStatement().executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
            while (rows.next()) names.add(rows.getString(1));
        }
        for (String table : names) {
            List<ColumnSchema> columns = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT name, type FROM pragma_table_info(?)")) {
                statement.setString(1, table);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) columns.add(new ColumnSchema(rows.getString(1), DataType.fromSqlType(rows.getString(2))));
                }
            }
            tables.add(new TableSchema(table, columns));
        }
        return new DatabaseSchema(SqlDialect.SQLITE, tables);
    }

    /** The distinct values of every text column, as an administrator's "index values" would collect them. */
    private static ValueIndex values(Connection connection, DatabaseSchema schema) throws SQLException {
        Map<ColumnReference, List<String>> values = new LinkedHashMap<>();
        for (TableSchema table : schema.tables()) {
            for (ColumnSchema column : table.columns()) {
                if (column.type() != DataType.TEXT) continue;
                List<String> distinct = new ArrayList<>();
                String sql = "SELECT DISTINCT \"" + column.name().replace("\"", "\"\"") + "\" FROM \"" + table.name().replace("\"", "\"\"") + "\"";
                try (ResultSet rows = connection.createStatement().executeQuery(sql)) {
                    while (rows.next()) {
                        String value = rows.getString(1);
                        if (value != null && !value.isBlank()) distinct.add(value);
                    }
                }
                values.put(new ColumnReference(table.name(), column.name()), distinct);
            }
        }
        return ValueIndex.of(values);
    }

    private static List<List<String>> run(Connection connection, String sql, List<Object> parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int index = 0; index < parameters.size(); index++) {
                Object parameter = parameters.get(index);
                switch (parameter) {
                    case BigDecimal number when number.scale() <= 0 -> statement.setLong(index + 1, number.longValueExact());
                    case BigDecimal number -> statement.setDouble(index + 1, number.doubleValue());
                    case LocalDate date -> statement.setString(index + 1, date.toString());
                    default -> statement.setObject(index + 1, parameter);
                }
            }
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<String> row = new ArrayList<>();
                    for (int column = 1; column <= columns; column++) row.add(normalised(result.getObject(column)));
                    row.sort(null); // column order is ignored
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    private static String normalised(Object value) {
        if (value == null) return "null";
        if (value instanceof Number number) {
            double asDouble = number.doubleValue();
            return asDouble == Math.rint(asDouble) ? Long.toString((long) asDouble) : String.format(Locale.ROOT, "%.6f", asDouble);
        }
        return value.toString();
    }

    private static boolean same(List<List<String>> expected, List<List<String>> actual, boolean ordered) {
        if (expected.size() != actual.size()) return false;
        if (ordered) return expected.equals(actual);
        List<String> left = expected.stream().map(Object::toString).sorted().toList();
        List<String> right = actual.stream().map(Object::toString).sorted().toList();
        return left.equals(right);
    }
}
