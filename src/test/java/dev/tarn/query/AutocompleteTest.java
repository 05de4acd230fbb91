package dev.tarn.query;

import dev.tarn.config.TarnConfig;
import dev.tarn.engine.Engine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AutocompleteTest {
    @TempDir
    Path dataDirectory;

    private Engine engine;
    private Autocomplete autocomplete;

    @BeforeEach
    void openEngine() {
        engine = Engine.open(dataDirectory, new TarnConfig.EngineSettings(4, 5000, 0, Optional.empty()));
        execute("CREATE TABLE events(user_id BIGINT, event VARCHAR, ts TIMESTAMP)",
                "CREATE TABLE users(id BIGINT, name VARCHAR, username VARCHAR)");
        autocomplete = new Autocomplete(engine);
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    @Test
    void suggestsStatementKeywordsForTheFirstWord() {
        List<Suggestion> suggestions = complete("SEL");

        assertThat(suggestions).contains(new Suggestion("SELECT ", 0, "keyword", 0, Optional.of(" ")));
        assertThat(suggestions).allSatisfy(s -> assertThat(s.type()).isEqualTo("keyword"));
    }

    @Test
    void suggestsOnlyStatementKeywordsForAnEmptyStatement() {
        List<Suggestion> suggestions = autocomplete.complete("", Optional.empty(), Optional.empty(), 200);

        assertThat(suggestions).extracting(Suggestion::text).contains("SELECT ", "CREATE ", "INSERT ", "SHOW ", "SET ");
        assertThat(suggestions).extracting(Suggestion::type).containsOnly("keyword");
        assertThat(suggestions).extracting(Suggestion::start).containsOnly(0);
    }

    @Test
    void suggestsTablesAfterFromStartingAtThePartialWord() {
        List<Suggestion> suggestions = complete("SELECT * FROM ev");

        assertThat(suggestions.getFirst()).isEqualTo(new Suggestion("events", 14, "table", 0, Optional.empty()));
    }

    @Test
    void suggestsTablesSchemasCatalogsAndTableFunctionsAfterFrom() {
        execute("CREATE SCHEMA sales", "CREATE VIEW recent AS SELECT * FROM events");

        List<Suggestion> suggestions = autocomplete.complete("SELECT * FROM ", Optional.empty(), Optional.empty(), 200);

        assertThat(suggestions).filteredOn(s -> s.type().equals("table")).extracting(Suggestion::text)
                .containsExactlyInAnyOrder("events", "recent", "users");
        assertThat(suggestions).extracting(Suggestion::start).containsOnly(14);
        assertThat(suggestions).filteredOn(s -> s.type().equals("schema")).extracting(Suggestion::text).contains("main.", "sales.");
        assertThat(suggestions).filteredOn(s -> s.type().equals("catalog")).extracting(Suggestion::text).containsExactly("memory.");
        assertThat(suggestions).extracting(Suggestion::type).doesNotContain("column", "keyword");
        assertThat(complete("SELECT * FROM rang")).contains(new Suggestion("range(", 14, "table_function", 0, Optional.of("(")));
    }

    @Test
    void ranksTablesBeforeSchemasBeforeTableFunctions() {
        List<Suggestion> suggestions = autocomplete.complete("SELECT * FROM ", Optional.empty(), Optional.empty(), 200);

        assertThat(texts(suggestions)).containsSubsequence("events", "main.", "range(");
    }

    @Test
    void suggestsTablesAfterACommaInTheFromClause() {
        assertThat(complete("SELECT * FROM events, us")).first()
                .isEqualTo(new Suggestion("users", 22, "table", 0, Optional.empty()));
    }

    @Test
    void suggestsTablesAfterJoinIntoUpdateAndDescribe() {
        assertThat(texts(complete("SELECT * FROM events JOIN us"))).startsWith("users");
        assertThat(texts(complete("INSERT INTO ev"))).startsWith("events");
        assertThat(texts(complete("UPDATE us"))).startsWith("users");
        assertThat(texts(complete("DESCRIBE ev"))).startsWith("events");
    }

    @Test
    void suggestsColumnsOfTablesInTheStatementFirst() {
        List<Suggestion> suggestions = complete("SELECT * FROM events WHERE us");

        assertThat(suggestions.getFirst()).isEqualTo(new Suggestion("user_id", 27, "column", 0, Optional.empty()));
        assertThat(texts(suggestions)).containsSubsequence("user_id", "username");
    }

    @Test
    void suggestsColumnsBeforeFunctionsBeforeKeywordsInExpressions() {
        List<Suggestion> suggestions = autocomplete.complete("SELECT * FROM users WHERE n", Optional.empty(), Optional.empty(), 200);

        assertThat(texts(suggestions)).containsSubsequence("name", "nextval(", "NOT ");
        assertThat(suggestion(suggestions, "nextval(")).extracting(Suggestion::type, Suggestion::start, Suggestion::extraCharacter)
                .containsExactly("scalar_function", 26, Optional.of("("));
    }

    @Test
    void suggestsColumnsOfTheTablesOfAJoinBeforeOtherColumns() {
        execute("CREATE TABLE orders(order_id BIGINT, owner BIGINT)");

        List<Suggestion> suggestions = complete("SELECT * FROM orders JOIN users ON ");

        assertThat(types(suggestions.subList(0, 5))).containsOnly("column");
        assertThat(texts(suggestions.subList(0, 5))).containsExactlyInAnyOrder("id", "name", "owner", "order_id", "username");
        assertThat(texts(suggestions)).containsSubsequence("username", "user_id");
    }

    @Test
    void suggestsScalarFunctionsWithAnOpeningParenthesis() {
        assertThat(complete("SELECT uppe")).contains(new Suggestion("upper(", 7, "scalar_function", 0, Optional.of("(")));
    }

    @Test
    void suggestsKeywordsFirstAfterACompleteTerm() {
        assertThat(complete("SELECT * FROM events WH").getFirst())
                .isEqualTo(new Suggestion("WHERE ", 21, "keyword", 0, Optional.of(" ")));
    }

    @Test
    void suggestsColumnsOfATableAliasAfterADot() {
        List<Suggestion> suggestions = autocomplete.complete("SELECT * FROM events AS e WHERE e.", Optional.empty(), Optional.empty(), 200);

        assertThat(texts(suggestions)).containsExactlyInAnyOrder("user_id", "event", "ts");
        assertThat(suggestions).extracting(Suggestion::start).containsOnly(34);
    }

    @Test
    void suggestsColumnsOfATableNamedBeforeTheDot() {
        assertThat(texts(complete("SELECT users.na"))).containsExactly("name");
    }

    @Test
    void suggestsTablesOfASchemaAfterADotStartingAfterTheDot() {
        execute("CREATE SCHEMA sales", "CREATE TABLE sales.orders(id BIGINT)");

        assertThat(complete("SELECT * FROM sales.or")).containsExactly(new Suggestion("orders", 20, "table", 0, Optional.empty()));
        assertThat(texts(complete("SELECT * FROM memory.main.ev"))).containsExactly("events");
    }

    @Test
    void suggestsSchemasOfACatalogAfterADot() {
        assertThat(complete("SELECT * FROM memory.")).containsExactly(new Suggestion("main.", 21, "schema", 0, Optional.of(".")));
    }

    @Test
    void suggestsOtherCatalogsAndTheirSchemas() {
        engine.createCatalog("analytics");

        List<Suggestion> afterFrom = autocomplete.complete("SELECT * FROM ", Optional.empty(), Optional.empty(), 200);
        assertThat(afterFrom).filteredOn(s -> s.type().equals("catalog")).extracting(Suggestion::text)
                .containsExactlyInAnyOrder("memory.", "analytics.");
        assertThat(complete("SELECT * FROM analytics.")).containsExactly(new Suggestion("main.", 24, "schema", 0, Optional.of(".")));
    }

    @Test
    void suggestsColumnsAfterACommaInTheSelectList() {
        assertThat(complete("SELECT user_id, ev").getFirst()).isEqualTo(new Suggestion("event", 16, "column", 0, Optional.empty()));
    }

    @Test
    void treatsABlankCatalogOrSchemaAsTheDefault() {
        assertThat(texts(autocomplete.complete("SELECT * FROM ev", Optional.of(""), Optional.of(" "), 20))).startsWith("events");
    }

    @Test
    void hidesSystemSchemasUnlessQualified() {
        List<Suggestion> unqualified = autocomplete.complete("SELECT * FROM ", Optional.empty(), Optional.empty(), 200);

        assertThat(texts(unqualified)).doesNotContain("tables", "information_schema.", "pg_catalog.", "system.", "temp.");
        assertThat(texts(complete("SELECT * FROM information_schema.ta"))).contains("tables", "table_constraints");
    }

    @Test
    void resolvesUnqualifiedNamesInTheGivenCatalogAndSchema() {
        execute("CREATE SCHEMA sales", "CREATE TABLE sales.orders(id BIGINT, amount DECIMAL(10, 2))");

        assertThat(texts(complete("SELECT * FROM or"))).doesNotContain("orders");
        assertThat(texts(autocomplete.complete("SELECT * FROM or", Optional.of("memory"), Optional.of("sales"), 20))).startsWith("orders");
        assertThat(texts(autocomplete.complete("SELECT * FROM orders WHERE am", Optional.empty(), Optional.of("sales"), 20)))
                .startsWith("amount");
    }

    @Test
    void quotesNamesThatNeedQuoting() {
        execute("CREATE TABLE \"Page Views\"(\"Visitor\" BIGINT, \"select\" BIGINT, visits_2 BIGINT)");

        assertThat(texts(complete("SELECT * FROM pa"))).startsWith("\"Page Views\"");
        List<Suggestion> columns = autocomplete.complete("SELECT * FROM \"Page Views\" WHERE ", Optional.empty(), Optional.empty(), 3);
        assertThat(texts(columns)).containsExactlyInAnyOrder("\"Visitor\"", "\"select\"", "visits_2");
    }

    @Test
    void startsAPartialQuotedIdentifierAtItsQuote() {
        List<Suggestion> suggestions = complete("SELECT * FROM \"ev");

        assertThat(suggestions).containsExactly(new Suggestion("\"events\"", 14, "table", 0, Optional.empty()));
    }

    @Test
    void ranksExactCaseAndShorterMatchesFirst() {
        execute("CREATE TABLE event_log(id BIGINT)", "CREATE TABLE \"EVENTS_ARCHIVE\"(id BIGINT)");

        assertThat(texts(complete("SELECT * FROM ev"))).containsExactly("events", "event_log", "\"EVENTS_ARCHIVE\"");
        assertThat(texts(complete("SELECT * FROM EV"))).startsWith("\"EVENTS_ARCHIVE\"");
    }

    @Test
    void numbersScoresFromZeroInTheOrderReturned() {
        List<Suggestion> suggestions = autocomplete.complete("SELECT * FROM events WHERE ", Optional.empty(), Optional.empty(), 200);

        assertThat(suggestions).hasSize(200);
        assertThat(suggestions.getFirst().score()).isZero();
        for (int i = 1; i < suggestions.size(); i++) {
            int previous = suggestions.get(i - 1).score();
            assertThat(suggestions.get(i).score()).isBetween(previous, previous + 1);
        }
    }

    @Test
    void returnsAtMostTheMaximum() {
        assertThat(autocomplete.complete("SELECT ", Optional.empty(), Optional.empty(), 5)).hasSize(5);
        assertThat(autocomplete.complete("SELECT ", Optional.empty(), Optional.empty(), 1)).hasSize(1);
        assertThat(autocomplete.complete("SELECT ", Optional.empty(), Optional.empty(), 0)).isEmpty();
    }

    @Test
    void completesOnlyTheLastStatement() {
        List<Suggestion> suggestions = complete("SELECT * FROM users; SEL");

        assertThat(suggestions).contains(new Suggestion("SELECT ", 21, "keyword", 0, Optional.of(" ")));
        assertThat(types(suggestions)).containsOnly("keyword");
    }

    @Test
    void suggestsNothingInsideAStringLiteralOrAComment() {
        assertThat(complete("SELECT * FROM events WHERE event = 'us")).isEmpty();
        assertThat(complete("SELECT * FROM events WHERE event = $$us")).isEmpty();
        assertThat(complete("SELECT * FROM events -- us")).isEmpty();
        assertThat(complete("SELECT * FROM events /* us")).isEmpty();
    }

    @Test
    void suggestsAgainAfterAClosedComment() {
        assertThat(texts(complete("SELECT * FROM events -- recent\nWH"))).startsWith("WHERE ");
        assertThat(texts(complete("SELECT * /* all */ FROM ev"))).startsWith("events");
    }

    @Test
    void neverThrowsOnOddInput() {
        String longText = "SELECT user_id, event FROM events WHERE ts > now() AND event = 'x';\n".repeat(1_600) + "SELECT * FROM ev";

        assertThat(complete("   \n\t ")).extracting(Suggestion::type).containsOnly("keyword");
        assertThat(complete("SELECT * FROM événements WHERE é")).isNotNull();
        assertThat(complete("SELECT 😀")).isNotNull();
        assertThat(complete("\"")).isEmpty();
        assertThat(complete(".")).isNotNull();
        assertThat(complete(")))(((,,,..;;;")).isNotNull();
        assertThat(complete("SELECT 12")).isEmpty();
        assertThat(longText.length()).isGreaterThan(100_000);
        assertThat(texts(complete(longText))).startsWith("events");
    }

    @Test
    void returnsImmutableLists() {
        List<Suggestion> suggestions = complete("SEL");

        assertThatThrownBy(() -> suggestions.add(suggestions.getFirst())).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsSuggestionsWithANegativeStartOrScore() {
        assertThatThrownBy(() -> new Suggestion("x", -1, "table", 0, Optional.empty())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Suggestion("x", 0, "table", -1, Optional.empty())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Suggestion(null, 0, "table", 0, Optional.empty())).isInstanceOf(NullPointerException.class);
    }

    private List<Suggestion> complete(String statement) {
        return autocomplete.complete(statement, Optional.empty(), Optional.empty(), 20);
    }

    private void execute(String... statements) {
        try (var session = engine.openSession()) {
            for (String statement : statements) {
                session.execute(statement);
            }
        }
    }

    private static List<String> texts(List<Suggestion> suggestions) {
        return suggestions.stream().map(Suggestion::text).toList();
    }

    private static List<String> types(List<Suggestion> suggestions) {
        return suggestions.stream().map(Suggestion::type).toList();
    }

    private static Suggestion suggestion(List<Suggestion> suggestions, String text) {
        return suggestions.stream().filter(s -> s.text().equals(text)).findFirst().orElseThrow();
    }
}
