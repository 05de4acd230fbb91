import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Checks the product-analytics question set against the generated database, so that a broken
 * gold query is found here rather than scored against an engine:
 *
 *   java --enable-native-access=ALL-UNNAMED -cp duckdb_jdbc.jar bench/nl/CheckQuestions.java DATABASE.duckdb [QUESTIONS.jsonl]
 *
 * Every line must be a JSON object with id, question, gold_sql and constructs (and follows for a
 * follow-up, naming an earlier question); every construct must be one of the known tags; every
 * gold SQL must be one SELECT that does not read the machine's clock (relative dates are written
 * as literal timestamps against the evaluation clock) and must run and return at least one row
 * that is not all NULL, unless the line says "expect_empty": true. A query with ORDER BY and LIMIT
 * must not cut through a tie of its ordering keys, or its gold answer would be one arbitrary pick
 * among several right ones. Prints the count of questions per construct and fails when a construct
 * of the requirement has fewer than three. Exit status 1 on any failure.
 */
public final class CheckQuestions {
    private static final int MINIMUM_QUESTIONS = 150;
    private static final int MINIMUM_PER_CONSTRUCT = 3;
    private static final Set<String> KEYS = Set.of("id", "question", "gold_sql", "constructs", "follows", "expect_empty");

    /** Every construct of the requirement, with how questions are tagged for it; all must be covered. */
    private static final Map<String, String> REQUIRED_CONSTRUCTS = requiredConstructs();
    /** Tags allowed beyond the required ones: finer date and grain kinds. */
    private static final Set<String> OTHER_CONSTRUCTS = Set.of(
            "date:this_week", "date:last_week", "date:last_month", "date:this_quarter", "date:this_year",
            "date:last_year", "date:quarter", "date:month", "date:last_n_weeks", "date:last_n_months",
            "grain:quarterly", "grain:yearly");
    // Functions whose value depends on when the query runs; gold SQL must not drift with the date.
    private static final Pattern CLOCK_FUNCTIONS = Pattern.compile(
            "\\b(now|today|current_date|current_timestamp|current_time|get_current_timestamp|get_current_time|localtimestamp|localtime|transaction_timestamp)\\b",
            Pattern.CASE_INSENSITIVE);

    private static Map<String, String> requiredConstructs() {
        Map<String, String> constructs = new LinkedHashMap<>();
        constructs.put("aggregate:total", "total, sum");
        constructs.put("aggregate:average", "average");
        constructs.put("aggregate:count", "count, how many, number of");
        constructs.put("aggregate:distinct", "distinct, unique");
        constructs.put("aggregate:min", "min, first, smallest");
        constructs.put("aggregate:max", "max, last, largest");
        constructs.put("aggregate:median", "median");
        constructs.put("grouping:by", "by");
        constructs.put("grouping:per", "per");
        constructs.put("grouping:for_each", "for each");
        constructs.put("grouping:broken_down_by", "broken down by");
        constructs.put("filter:value", "a value: country, plan, event name, status...");
        constructs.put("filter:comparison", "over, under, at least, more than");
        constructs.put("filter:between", "between");
        constructs.put("filter:not", "not, other than, outside, excluding");
        constructs.put("filter:in", "in a list, A or B");
        constructs.put("date:today", "today");
        constructs.put("date:yesterday", "yesterday");
        constructs.put("date:last_n_days", "last N days");
        constructs.put("date:this_month", "this month");
        constructs.put("date:last_quarter", "last quarter");
        constructs.put("date:year", "in 2024");
        constructs.put("date:since", "since March");
        constructs.put("grain:daily", "daily, per day");
        constructs.put("grain:weekly", "weekly, per week");
        constructs.put("grain:monthly", "monthly, by month");
        constructs.put("top_n", "top N");
        constructs.put("bottom_n", "bottom N, lowest N");
        constructs.put("superlative", "the country with the most users");
        constructs.put("nested", "orders of users on the plan with the highest price");
        constructs.put("share", "share, percentage, fraction");
        constructs.put("growth", "month over month growth");
        constructs.put("join", "orders -> users -> plans");
        constructs.put("follow_up", "and by country?, only in 2024");
        return constructs;
    }

    record Question(int line, String id, String question, String goldSql, List<String> constructs, String follows, boolean expectEmpty) {
    }

    private final List<String> failures = new ArrayList<>();

    public static void main(String[] arguments) throws Exception {
        if (arguments.length < 1) {
            System.err.println("usage: CheckQuestions DATABASE.duckdb [QUESTIONS.jsonl]");
            System.exit(2);
        }
        Path database = Path.of(arguments[0]);
        Path questionsFile = Path.of(arguments.length > 1 ? arguments[1] : "src/test/resources/dev/tarn/ask/nl/product-analytics-questions.jsonl");
        if (!Files.exists(database)) {
            System.err.println("no database at " + database + "; generate it with bench/nl/generate-product-analytics.sh");
            System.exit(2);
        }
        System.exit(new CheckQuestions().run(database, questionsFile) ? 0 : 1);
    }

    private boolean run(Path database, Path questionsFile) throws Exception {
        Properties properties = new Properties();
        // Read only: a gold query must never change the data it is scored against.
        properties.setProperty("duckdb.read_only", "true");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database.toAbsolutePath(), properties);
             Statement statement = connection.createStatement()) {
            statement.execute("SET autoinstall_known_extensions = false");
            statement.execute("SET autoload_known_extensions = false");
            List<Question> questions = readQuestions(connection, questionsFile);
            checkStructure(questions);
            long started = System.nanoTime();
            int ran = 0;
            for (Question question : questions) {
                if (runGoldSql(connection, question)) {
                    ran++;
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            printConstructCounts(questions);
            System.out.printf(Locale.ROOT, "%d questions, %d gold queries ran with the expected rows in %.1f s, %d failures%n",
                    questions.size(), ran, seconds, failures.size());
        }
        if (!failures.isEmpty()) {
            System.out.println();
            System.out.println("FAILED:");
            failures.forEach(failure -> System.out.println("  " + failure));
        }
        return failures.isEmpty();
    }

    /** Parses each line with DuckDB's own JSON functions, so that this check needs only the driver. */
    private List<Question> readQuestions(Connection connection, Path questionsFile) throws Exception {
        List<Question> questions = new ArrayList<>();
        List<String> lines = Files.readAllLines(questionsFile, StandardCharsets.UTF_8);
        String sql = """
                SELECT json_valid(line), json_type(line::JSON), json_keys(line::JSON),
                       line ->> 'id', line ->> 'question', line ->> 'gold_sql',
                       CASE WHEN json_type(line::JSON, 'constructs') = 'ARRAY' THEN (line -> 'constructs')::VARCHAR[] END,
                       line ->> 'follows', coalesce((line ->> 'expect_empty')::BOOLEAN, false)
                FROM (SELECT ?::VARCHAR AS line)""";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int index = 0; index < lines.size(); index++) {
                int lineNumber = index + 1;
                String line = lines.get(index);
                if (line.isBlank()) {
                    fail("line " + lineNumber + ": blank line");
                    continue;
                }
                statement.setString(1, line);
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    if (!row.getBoolean(1) || !"OBJECT".equals(row.getString(2))) {
                        fail("line " + lineNumber + ": not a JSON object");
                        continue;
                    }
                    for (Object key : (Object[]) row.getArray(3).getArray()) {
                        if (!KEYS.contains((String) key)) {
                            fail("line " + lineNumber + ": unknown key '" + key + "' (known: " + KEYS + ")");
                        }
                    }
                    List<String> constructs = new ArrayList<>();
                    if (row.getArray(7) != null) {
                        for (Object construct : (Object[]) row.getArray(7).getArray()) {
                            constructs.add((String) construct);
                        }
                    }
                    questions.add(new Question(lineNumber, row.getString(4), row.getString(5), row.getString(6),
                            List.copyOf(constructs), row.getString(8), row.getBoolean(9)));
                }
            }
        }
        return questions;
    }

    private void checkStructure(List<Question> questions) {
        if (questions.size() < MINIMUM_QUESTIONS) {
            fail("only " + questions.size() + " questions; the requirement asks for at least " + MINIMUM_QUESTIONS);
        }
        Set<String> seen = new HashSet<>();
        Set<String> seenQuestions = new HashSet<>();
        for (Question question : questions) {
            String where = "line " + question.line() + " (" + question.id() + ")";
            if (isBlank(question.id()) || isBlank(question.question()) || isBlank(question.goldSql())) {
                fail(where + ": id, question and gold_sql are required");
                continue;
            }
            if (!seen.add(question.id())) {
                fail(where + ": duplicate id");
            }
            // Follow-ups such as "and in 2025?" may repeat: their meaning comes from what they follow.
            if (question.follows() == null && !seenQuestions.add(question.question().toLowerCase(Locale.ROOT))) {
                fail(where + ": the same question text appears twice");
            }
            if (question.constructs().isEmpty()) {
                fail(where + ": constructs must be a non-empty list");
            }
            for (String construct : question.constructs()) {
                if (!REQUIRED_CONSTRUCTS.containsKey(construct) && !OTHER_CONSTRUCTS.contains(construct)) {
                    fail(where + ": unknown construct '" + construct + "'");
                }
            }
            if (question.follows() != null && !seen.contains(question.follows())) {
                fail(where + ": follows '" + question.follows() + "', which is not an earlier question");
            }
            if ((question.follows() != null) != question.constructs().contains("follow_up")) {
                fail(where + ": a question has 'follows' exactly when it is tagged follow_up");
            }
            String sql = question.goldSql().strip();
            String firstWord = sql.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
            if (!firstWord.equals("SELECT") && !firstWord.equals("WITH")) {
                fail(where + ": gold SQL must be a SELECT");
            }
            if (sql.contains(";")) {
                fail(where + ": gold SQL must be one statement without ';'");
            }
            if (CLOCK_FUNCTIONS.matcher(withoutStringLiterals(sql)).find()) {
                fail(where + ": gold SQL reads the clock; write relative dates as literal timestamps against 2026-11-21T12:00:00Z");
            }
        }
    }

    /** Runs one gold query; true when it ran and its rows are as expected. */
    private boolean runGoldSql(Connection connection, Question question) {
        if (isBlank(question.goldSql())) {
            return false;
        }
        String where = question.id() + " \"" + question.question() + "\"";
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(question.goldSql())) {
            int columns = rows.getMetaData().getColumnCount();
            long rowCount = 0;
            boolean anyValue = false;
            while (rows.next()) {
                rowCount++;
                for (int column = 1; column <= columns && !anyValue; column++) {
                    anyValue = rows.getObject(column) != null;
                }
            }
            boolean empty = rowCount == 0 || !anyValue;
            if (empty && !question.expectEmpty()) {
                fail(where + ": returned " + (rowCount == 0 ? "no rows" : "only NULL") + " where an answer is expected");
                return false;
            }
            if (!empty && question.expectEmpty()) {
                fail(where + ": returned " + rowCount + " rows where none are expected");
                return false;
            }
        } catch (SQLException exception) {
            fail(where + ": " + exception.getMessage().lines().findFirst().orElse("error"));
            return false;
        }
        return checkNoTieAtLimit(connection, question, where);
    }

    /**
     * For a top-level ORDER BY ... LIMIT n, the rows at positions n and n + 1 must differ in their
     * ordering keys. Uses DuckDB's own parser (json_serialize_sql) to find the ordering and the
     * limit: the keys are selected next to the query's own columns and the limit is raised by one.
     */
    private boolean checkNoTieAtLimit(Connection connection, Question question, String where) {
        String probe = """
                WITH tree AS (SELECT json_serialize_sql(?::VARCHAR) AS ast),
                     node AS (SELECT ast -> '$.statements[0].node' AS node FROM tree)
                SELECT (SELECT count(*) FROM (SELECT unnest(json_extract(node, '$.modifiers[*]')) AS modifier) WHERE modifier ->> 'type' = 'ORDER_MODIFIER'),
                       (SELECT max((modifier ->> '$.limit.literal.text')::BIGINT) FROM (SELECT unnest(json_extract(node, '$.modifiers[*]')) AS modifier) WHERE modifier ->> 'type' = 'LIMIT_MODIFIER')
                FROM node""";
        long limit;
        try (PreparedStatement statement = connection.prepareStatement(probe)) {
            statement.setString(1, question.goldSql());
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                if (row.getLong(1) == 0 || row.getObject(2) == null) {
                    return true;
                }
                limit = row.getLong(2);
            }
        } catch (SQLException exception) {
            fail(where + ": could not inspect ORDER BY and LIMIT: " + exception.getMessage().lines().findFirst().orElse(""));
            return false;
        }
        // The same query with a limit one higher and the ordering keys appended as extra columns:
        // rewritten on DuckDB's syntax tree, then turned back into SQL by DuckDB itself.
        String rewrite = """
                WITH tree AS (SELECT json_serialize_sql(?::VARCHAR) AS ast),
                     orders AS (SELECT json_extract(modifier, '$.orders[*].expression') AS keys
                                FROM (SELECT unnest(json_extract(ast, '$.statements[0].node.modifiers[*]')) AS modifier FROM tree)
                                WHERE modifier ->> 'type' = 'ORDER_MODIFIER')
                SELECT json_deserialize_sql(
                           json_merge_patch(ast, json_object('statements', [json_merge_patch(ast -> '$.statements[0]',
                               json_object('node', json_merge_patch(ast -> '$.statements[0].node', json_object(
                                   'select_list', list_concat((ast -> '$.statements[0].node.select_list')::JSON[], (SELECT keys FROM orders)),
                                   'modifiers', [CASE WHEN modifier ->> 'type' = 'LIMIT_MODIFIER'
                                                      THEN json_merge_patch(modifier, json_object('limit', json_object('literal', json_object('text', ?::VARCHAR))))
                                                      ELSE modifier END
                                                 FOR modifier IN (ast -> '$.statements[0].node.modifiers')::JSON[]]))))])))
                FROM tree""";
        String widened;
        int originalColumns;
        try (PreparedStatement statement = connection.prepareStatement(rewrite)) {
            statement.setString(1, question.goldSql());
            statement.setString(2, Long.toString(limit + 1));
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                widened = row.getString(1);
            }
            try (Statement plain = connection.createStatement();
                 ResultSet rows = plain.executeQuery(question.goldSql())) {
                originalColumns = rows.getMetaData().getColumnCount();
            }
        } catch (SQLException exception) {
            fail(where + ": could not rewrite for the tie check: " + exception.getMessage().lines().findFirst().orElse(""));
            return false;
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(widened)) {
            int columns = rows.getMetaData().getColumnCount();
            List<List<Object>> keys = new ArrayList<>();
            while (rows.next()) {
                List<Object> key = new ArrayList<>();
                for (int column = originalColumns + 1; column <= columns; column++) {
                    key.add(rows.getObject(column));
                }
                keys.add(key);
            }
            if (keys.size() > limit && keys.get((int) limit - 1).equals(keys.get((int) limit))) {
                fail(where + ": rows " + limit + " and " + (limit + 1) + " tie on the ORDER BY keys " + keys.get((int) limit)
                        + "; the LIMIT picks one of them arbitrarily");
                return false;
            }
        } catch (SQLException exception) {
            fail(where + ": the tie check query failed: " + exception.getMessage().lines().findFirst().orElse("") + " -- " + widened);
            return false;
        }
        return true;
    }

    private void printConstructCounts(List<Question> questions) {
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Integer> groupCounts = new TreeMap<>();
        for (Question question : questions) {
            Set<String> groups = new HashSet<>();
            for (String construct : question.constructs()) {
                counts.merge(construct, 1, Integer::sum);
                groups.add(construct.contains(":") ? construct.substring(0, construct.indexOf(':')) : construct);
            }
            groups.forEach(group -> groupCounts.merge(group, 1, Integer::sum));
        }
        System.out.println("questions per construct (a question counts once per construct it exercises):");
        for (Map.Entry<String, Integer> group : groupCounts.entrySet()) {
            System.out.printf(Locale.ROOT, "  %-22s %4d%n", group.getKey(), group.getValue());
            for (Map.Entry<String, Integer> construct : counts.entrySet()) {
                if (construct.getKey().startsWith(group.getKey() + ":")) {
                    System.out.printf(Locale.ROOT, "    %-28s %4d%n", construct.getKey(), construct.getValue());
                }
            }
        }
        for (Map.Entry<String, String> required : REQUIRED_CONSTRUCTS.entrySet()) {
            int count = counts.getOrDefault(required.getKey(), 0);
            if (count < MINIMUM_PER_CONSTRUCT) {
                fail("construct " + required.getKey() + " (" + required.getValue() + ") has " + count
                        + " questions; at least " + MINIMUM_PER_CONSTRUCT + " are needed");
            }
        }
    }

    private static String withoutStringLiterals(String sql) {
        return sql.replaceAll("'(?:[^']|'')*'", "''");
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private void fail(String message) {
        failures.add(message);
    }
}
