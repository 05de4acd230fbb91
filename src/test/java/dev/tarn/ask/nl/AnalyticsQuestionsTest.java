package dev.tarn.ask.nl;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static dev.tarn.ask.nl.Answers.answer;
import static dev.tarn.ask.nl.Answers.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The phrasings of product analytics (the constructs the product-analytics evaluation set measures),
 * on the small product schema; the clock stands on Sunday 2026-03-15.
 */
class AnalyticsQuestionsTest {
    private final QuestionTranslator product = Fixtures.product();

    @Test
    void lastNWeeksOrMonthsAreThatManyCalendarUnitsEndingWithTheCurrentOne() {
        assertThat(answer(product.translate("number of orders in the last 2 weeks")).parameters())
                .containsExactly(LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 16));
        Translation.Answer months = answer(product.translate("total revenue over the last 3 months"));
        assertThat(months.sql()).isEqualTo("SELECT SUM(\"orders\".\"amount\") FROM \"orders\" WHERE \"orders\".\"ordered_at\" >= ? "
                + "AND \"orders\".\"ordered_at\" < ?");
        assertThat(months.parameters()).containsExactly(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 4, 1));
    }

    @Test
    void valuesJoinedByOrAreAListOfAlternatives() {
        Translation.Answer answer = answer(product.translate("how many customers in France or Germany"));
        assertThat(answer.sql()).isEqualTo("SELECT COUNT(*) FROM \"customers\" WHERE \"customers\".\"country\" IN (?, ?)");
        assertThat(answer.parameters()).containsExactly("France", "Germany");
        assertThat(answer.interpretation()).isEqualTo("number of customers, country is one of France, Germany");
    }

    @Test
    void aNegationCoversTheWholeListAfterIt() {
        Translation.Answer neither = answer(product.translate("number of orders neither paid nor refunded"));
        assertThat(neither.sql()).isEqualTo("SELECT COUNT(*) FROM \"orders\" WHERE \"orders\".\"status\" <> ? AND \"orders\".\"status\" <> ?");
        assertThat(neither.parameters()).containsExactly("paid", "refunded");
        assertThat(answer(product.translate("customers not in France or Germany")).parameters()).containsExactly("France", "Germany");
    }

    @Test
    void valuesJoinedByAndAreAListOnlyWhenGroupedByTheirColumn() {
        Translation.Answer answer = answer(product.translate("customers in France and Germany by country"));
        assertThat(answer.sql()).isEqualTo("SELECT \"customers\".\"country\", COUNT(*) FROM \"customers\" WHERE \"customers\".\"country\" IN (?, ?) "
                + "GROUP BY \"customers\".\"country\"");
        // without the grouping, "and" may mean both at once, which one country cannot be
        assertThat(refusal(product.translate("customers in France and Germany")).reason())
                .isEqualTo(dev.tarn.ask.nl.understanding.RefusalReason.NO_INTERPRETATION);
    }

    @Test
    void aTableNameQualifiesTheColumnAfterItWhereverAKeywordTakesThem() {
        assertThat(answer(product.translate("median order amount")).sql()).isEqualTo("SELECT MEDIAN(\"orders\".\"amount\") FROM \"orders\"");
        assertThat(answer(product.translate("average order amount per customer country")).sql()).isEqualTo(
                "SELECT \"customers\".\"country\", AVG(\"orders\".\"amount\") FROM \"orders\" JOIN \"customers\" "
                        + "ON \"orders\".\"customer_id\" = \"customers\".\"id\" GROUP BY \"customers\".\"country\"");
    }

    @Test
    void aSuperlativeOfAMeasureWithNoRowsAskedForIsItsExtremeValue() {
        Translation.Answer answer = answer(product.translate("the largest order amount"));
        assertThat(answer.sql()).isEqualTo("SELECT MAX(\"orders\".\"amount\") FROM \"orders\"");
        assertThat(answer.interpretation()).isEqualTo("maximum amount of orders");
        assertThat(answer(product.translate("the lowest order amount from a customer in France")).sql()).isEqualTo(
                "SELECT MIN(\"orders\".\"amount\") FROM \"orders\" JOIN \"customers\" ON \"orders\".\"customer_id\" = \"customers\".\"id\" "
                        + "WHERE \"customers\".\"country\" = ?");
    }

    @Test
    void anyBeforeATableAfterASuperlativeMeansAllItsRows() {
        assertThat(answer(product.translate("the highest monthly price of any plan")).sql())
                .isEqualTo("SELECT MAX(\"plans\".\"monthly_price\") FROM \"plans\"");
    }

    @Test
    void rowsBrokenDownBySomethingAreCounted() {
        Translation.Answer table = answer(product.translate("customers by country"));
        assertThat(table.sql()).isEqualTo("SELECT \"customers\".\"country\", COUNT(*) FROM \"customers\" GROUP BY \"customers\".\"country\"");
        assertThat(table.confidence()).isEqualTo(0.9);
        assertThat(answer(product.translate("paid orders by customer country")).sql()).isEqualTo(
                "SELECT \"customers\".\"country\", COUNT(*) FROM \"orders\" JOIN \"customers\" ON \"orders\".\"customer_id\" = \"customers\".\"id\" "
                        + "WHERE \"orders\".\"status\" = ? GROUP BY \"customers\".\"country\"");
    }

    @Test
    void aConversationRefinesStepByStep() {
        Translation.Answer answer = answer(product.translateFollowUp("only in 2024", List.of("total revenue", "and by country?")));
        assertThat(answer.sql()).isEqualTo("SELECT \"customers\".\"country\", SUM(\"orders\".\"amount\") FROM \"orders\" JOIN \"customers\" "
                + "ON \"orders\".\"customer_id\" = \"customers\".\"id\" WHERE \"orders\".\"ordered_at\" >= ? AND \"orders\".\"ordered_at\" < ? "
                + "GROUP BY \"customers\".\"country\"");
        assertThat(answer.parameters()).containsExactly(LocalDate.of(2024, 1, 1), LocalDate.of(2025, 1, 1));
    }

    @Test
    void aFollowUpsListOfValuesReplacesThePreviousValue() {
        Translation.Answer answer = answer(product.translateFollowUp("now Germany and the United States, by country", "number of customers in France"));
        assertThat(answer.sql()).isEqualTo("SELECT \"customers\".\"country\", COUNT(*) FROM \"customers\" WHERE \"customers\".\"country\" IN (?, ?) "
                + "GROUP BY \"customers\".\"country\"");
        assertThat(answer.parameters()).containsExactly("Germany", "United States");
    }

    /** The product schema with the orders table's comment saying what revenue is, and no synonyms. */
    private static QuestionTranslator documented() {
        var base = Fixtures.productSchema(dev.tarn.ask.nl.sql.SqlDialect.DUCKDB);
        var tables = new java.util.ArrayList<dev.tarn.ask.nl.model.TableSchema>();
        for (var table : base.tables()) {
            tables.add(!table.name().equals("orders") ? table : new dev.tarn.ask.nl.model.TableSchema(table.name(),
                    "Payments of customers; revenue is the sum of amount", table.columns(), table.primaryKey(), table.foreignKeys()));
        }
        var values = new java.util.LinkedHashMap<dev.tarn.ask.nl.model.ColumnReference, List<String>>();
        values.put(new dev.tarn.ask.nl.model.ColumnReference("customers", "country"), List.of("France", "Germany"));
        values.put(new dev.tarn.ask.nl.model.ColumnReference("orders", "status"), List.of("paid", "refunded"));
        var model = dev.tarn.ask.nl.model.SemanticModelBuilder.build(new dev.tarn.ask.nl.model.DatabaseSchema(base.dialect(), tables),
                dev.tarn.ask.nl.model.ValueIndex.of(values), dev.tarn.ask.nl.model.Synonyms.none());
        return new QuestionTranslator(model, Fixtures.CLOCK);
    }

    @Test
    void aTermTheDescriptionsDefineAsASumIsThatSumWhenAskedAlone() {
        Translation.Answer answer = answer(documented().translate("revenue this month"));
        assertThat(answer.sql()).isEqualTo("SELECT SUM(\"orders\".\"amount\") FROM \"orders\" WHERE \"orders\".\"ordered_at\" >= ? "
                + "AND \"orders\".\"ordered_at\" < ?");
        assertThat(answer.confidence()).isEqualTo(1.0);
        assertThat(answer(documented().translate("revenue by country")).confidence()).isEqualTo(0.95); // defined, so no assumption; one join
    }

    @Test
    void theValueOfAColumnWithTheMostRowsOrTheHighestDefinedTotal() {
        assertThat(answer(product.translate("which country has the most customers")).sql()).isEqualTo(
                "SELECT \"customers\".\"country\" FROM \"customers\" GROUP BY \"customers\".\"country\" ORDER BY COUNT(*) DESC LIMIT 1");
        assertThat(answer(documented().translate("the country with the highest revenue")).sql()).isEqualTo(
                "SELECT \"customers\".\"country\" FROM \"orders\" JOIN \"customers\" ON \"orders\".\"customer_id\" = \"customers\".\"id\" "
                        + "GROUP BY \"customers\".\"country\" ORDER BY SUM(\"orders\".\"amount\") DESC LIMIT 1");
    }

    @Test
    void topNValuesOfAColumnByTheNumberOfRelatedRows() {
        assertThat(answer(product.translate("top 2 countries by number of orders")).sql()).isEqualTo(
                "SELECT \"customers\".\"country\", COUNT(*) FROM \"orders\" JOIN \"customers\" ON \"orders\".\"customer_id\" = \"customers\".\"id\" "
                        + "GROUP BY \"customers\".\"country\" ORDER BY COUNT(*) DESC LIMIT 2");
    }

    @Test
    void aPeriodOverThePeriodIsTheGrainOfAGrowth() {
        String month = "DATE_TRUNC('month', \"orders\".\"ordered_at\")";
        String previous = "LAG(COUNT(*)) OVER (ORDER BY " + month + ")";
        assertThat(answer(product.translate("month over month growth of orders")).sql()).isEqualTo("SELECT " + month + ", COUNT(*), (COUNT(*) - "
                + previous + ") * 1.0 / " + previous + " FROM \"orders\" GROUP BY " + month + " ORDER BY " + month);
        assertThat(answer(product.translate("year over year revenue growth")).sql()).contains("DATE_TRUNC('year'");
        // a range would drop the period before its first one, whose growth then could not be computed
        assertThat(refusal(product.translate("monthly revenue growth this year")).message()).contains("date range");
    }

    /** Accounts and their events, keys undeclared (events.account_id is followed by its name), page paths beside event names. */
    private static QuestionTranslator activity() {
        var tables = List.of(
                new dev.tarn.ask.nl.model.TableSchema("accounts", List.of(column("id", "INTEGER"), column("country", "TEXT"),
                        column("signed_up_at", "TIMESTAMP"))),
                new dev.tarn.ask.nl.model.TableSchema("events", List.of(column("id", "INTEGER"), column("account_id", "INTEGER"),
                        column("name", "TEXT"), column("device", "TEXT"), column("page_path", "TEXT"), column("occurred_at", "TIMESTAMP"))));
        var values = new java.util.LinkedHashMap<dev.tarn.ask.nl.model.ColumnReference, List<String>>();
        values.put(new dev.tarn.ask.nl.model.ColumnReference("accounts", "country"), List.of("France", "Germany"));
        values.put(new dev.tarn.ask.nl.model.ColumnReference("events", "name"), List.of("signup", "page_view", "purchase"));
        values.put(new dev.tarn.ask.nl.model.ColumnReference("events", "device"), List.of("mobile", "desktop"));
        values.put(new dev.tarn.ask.nl.model.ColumnReference("events", "page_path"), List.of("/signup", "/home"));
        var model = dev.tarn.ask.nl.model.SemanticModelBuilder.build(new dev.tarn.ask.nl.model.DatabaseSchema(dev.tarn.ask.nl.sql.SqlDialect.DUCKDB, tables),
                dev.tarn.ask.nl.model.ValueIndex.of(values), dev.tarn.ask.nl.model.Synonyms.none());
        return new QuestionTranslator(model, Fixtures.CLOCK);
    }

    private static dev.tarn.ask.nl.model.ColumnSchema column(String name, String type) {
        return new dev.tarn.ask.nl.model.ColumnSchema(name, dev.tarn.ask.nl.model.DataType.fromSqlType(type));
    }

    @Test
    void theVerbOfATimeColumnSaysWhichDatesARangeIsOn() {
        Translation.Answer own = answer(activity().translate("how many accounts signed up in 2024"));
        assertThat(own.sql()).isEqualTo("SELECT COUNT(*) FROM \"accounts\" WHERE \"accounts\".\"signed_up_at\" >= ? AND \"accounts\".\"signed_up_at\" < ?");
        Translation.Answer related = answer(activity().translate("number of events of accounts that signed up in 2024"));
        assertThat(related.sql()).isEqualTo("SELECT COUNT(*) FROM \"events\" JOIN \"accounts\" ON \"events\".\"account_id\" = \"accounts\".\"id\" "
                + "WHERE \"accounts\".\"signed_up_at\" >= ? AND \"accounts\".\"signed_up_at\" < ?");
    }

    @Test
    void kindsOfEventsInADateRangeAreCountedAndAnExactValueBeatsOneWithoutItsPunctuation() {
        Translation.Answer answer = answer(activity().translate("signups yesterday"));
        assertThat(answer.sql()).isEqualTo("SELECT COUNT(*) FROM \"events\" WHERE \"events\".\"name\" = ? AND \"events\".\"occurred_at\" >= ? "
                + "AND \"events\".\"occurred_at\" < ?");
        assertThat(answer.parameters()).containsExactly("signup", LocalDate.of(2026, 3, 14), LocalDate.of(2026, 3, 15));
    }

    @Test
    void possessivesAndLightVerbsNameNothingOfTheirOwn() {
        String expected = answer(activity().translate("page views yesterday")).sql();
        assertThat(answer(activity().translate("yesterday's page views")).sql()).isEqualTo(expected);
        assertThat(answer(activity().translate("page views we tracked yesterday")).sql()).isEqualTo(expected);
    }

    @Test
    void distinctRowsOfATableAmongTheRowsOfAnotherAreItsDistinctKeysThere() {
        assertThat(answer(activity().translate("unique accounts per device")).sql()).isEqualTo(
                "SELECT \"events\".\"device\", COUNT(DISTINCT \"events\".\"account_id\") FROM \"events\" GROUP BY \"events\".\"device\"");
        assertThat(answer(activity().translate("number of unique accounts who made a purchase")).sql()).isEqualTo(
                "SELECT COUNT(DISTINCT \"events\".\"account_id\") FROM \"events\" WHERE \"events\".\"name\" = ?");
    }

    /** The product schema with a yes/no column customers.is_active. */
    static QuestionTranslator withActiveCustomers() {
        var base = Fixtures.productSchema(dev.tarn.ask.nl.sql.SqlDialect.DUCKDB);
        var tables = new java.util.ArrayList<dev.tarn.ask.nl.model.TableSchema>();
        for (var table : base.tables()) {
            var columns = new java.util.ArrayList<>(table.columns());
            if (table.name().equals("customers")) columns.add(column("is_active", "BOOLEAN"));
            tables.add(new dev.tarn.ask.nl.model.TableSchema(table.name(), table.description(), columns, table.primaryKey(), table.foreignKeys()));
        }
        var values = new java.util.LinkedHashMap<dev.tarn.ask.nl.model.ColumnReference, List<String>>();
        values.put(new dev.tarn.ask.nl.model.ColumnReference("customers", "country"), List.of("France", "Germany"));
        values.put(new dev.tarn.ask.nl.model.ColumnReference("plans", "name"), List.of("Free", "Pro"));
        values.put(new dev.tarn.ask.nl.model.ColumnReference("orders", "status"), List.of("paid", "refunded"));
        var model = dev.tarn.ask.nl.model.SemanticModelBuilder.build(new dev.tarn.ask.nl.model.DatabaseSchema(base.dialect(), tables),
                dev.tarn.ask.nl.model.ValueIndex.of(values), dev.tarn.ask.nl.model.Synonyms.none());
        return new QuestionTranslator(model, Fixtures.CLOCK);
    }

    @Test
    void aGroupingListsOnWithAnd() {
        assertThat(answer(product.translate("customers by country and plan")).sql()).isEqualTo(
                "SELECT \"customers\".\"country\", \"plans\".\"name\", COUNT(*) FROM \"customers\" JOIN \"plans\" ON \"customers\".\"plan_id\" = \"plans\".\"id\" "
                        + "GROUP BY \"customers\".\"country\", \"plans\".\"name\"");
    }

    @Test
    void storedValuesAreFoundInTheirPluralAndVerbForms() {
        String expected = "SELECT COUNT(*) FROM \"events\" WHERE \"events\".\"name\" = ?";
        assertThat(answer(activity().translate("number of purchases")).sql()).isEqualTo(expected);
        assertThat(answer(activity().translate("how many accounts purchased")).sql()).isEqualTo("SELECT COUNT(*) FROM \"accounts\" WHERE "
                + "\"accounts\".\"id\" IN (SELECT \"events\".\"account_id\" FROM \"events\" WHERE \"events\".\"name\" = ?)");
    }

    @Test
    void aYesNoColumnNamedForAStateIsAnAdjectiveAndItsOpposite() {
        QuestionTranslator active = withActiveCustomers();
        Translation.Answer answer = answer(active.translate("how many customers are active"));
        assertThat(answer.sql()).isEqualTo("SELECT COUNT(*) FROM \"customers\" WHERE \"customers\".\"is_active\" = ?");
        assertThat(answer.parameters()).containsExactly(true);
        assertThat(answer(active.translate("inactive customers by country")).parameters()).containsExactly(false);
        // "active customers this month": active now, or active during the month? a guess either way
        assertThat(refusal(active.translate("active customers this month")).message()).contains("yes/no state");
    }

    @Test
    void valuesBeforeTheTableARankingCountsAreItsAdjectives() {
        QuestionTranslator active = withActiveCustomers();
        assertThat(answer(active.translate("which country has the most active customers")).sql()).isEqualTo(
                "SELECT \"customers\".\"country\" FROM \"customers\" WHERE \"customers\".\"is_active\" = ? GROUP BY \"customers\".\"country\" "
                        + "ORDER BY COUNT(*) DESC LIMIT 1");
        Translation.Answer top = answer(active.translate("top 2 plans by number of active customers"));
        assertThat(top.sql()).isEqualTo("SELECT \"plans\".\"name\", COUNT(*) FROM \"plans\" JOIN \"customers\" ON \"plans\".\"id\" = \"customers\".\"plan_id\" "
                + "WHERE \"customers\".\"is_active\" = ? GROUP BY \"plans\".\"name\" ORDER BY COUNT(*) DESC LIMIT 2");
        assertThat(top.interpretation()).startsWith("top 2 plans by number of customers");
    }

    @Test
    void aFollowUpSwapsTheAggregateTheSuperlativeOrTheDates() {
        assertThat(answer(product.translateFollowUp("and the median instead?", "average amount of orders by status")).sql())
                .isEqualTo("SELECT \"orders\".\"status\", MEDIAN(\"orders\".\"amount\") FROM \"orders\" GROUP BY \"orders\".\"status\"");
        assertThat(answer(product.translateFollowUp("and the fewest?", "which country has the most customers")).sql())
                .endsWith("ORDER BY COUNT(*) LIMIT 1");
        assertThat(answer(product.translateFollowUp("and in 2025?", "number of orders in 2024")).parameters())
                .containsExactly(LocalDate.of(2025, 1, 1), LocalDate.of(2026, 1, 1));
        assertThat(answer(product.translateFollowUp("just refunded orders", "average amount of orders")).sql())
                .isEqualTo("SELECT AVG(\"orders\".\"amount\") FROM \"orders\" WHERE \"orders\".\"status\" = ?");
    }

    @Test
    void justTheTopNRanksThePreviousGroups() {
        Translation.Answer answer = answer(product.translateFollowUp("just the top 2", List.of("total revenue by country", "only in 2024")));
        assertThat(answer.sql()).isEqualTo("SELECT \"customers\".\"country\", SUM(\"orders\".\"amount\") FROM \"orders\" JOIN \"customers\" "
                + "ON \"orders\".\"customer_id\" = \"customers\".\"id\" WHERE \"orders\".\"ordered_at\" >= ? AND \"orders\".\"ordered_at\" < ? "
                + "GROUP BY \"customers\".\"country\" ORDER BY SUM(\"orders\".\"amount\") DESC LIMIT 2");
    }

    @Test
    void justTheTopNKeepsAPhraseJoinedByOf() {
        Translation.Answer answer = answer(product.translateFollowUp("just the top 2", "total amount of orders by status"));
        assertThat(answer.sql()).isEqualTo("SELECT \"orders\".\"status\", SUM(\"orders\".\"amount\") FROM \"orders\" "
                + "GROUP BY \"orders\".\"status\" ORDER BY SUM(\"orders\".\"amount\") DESC LIMIT 2");
    }

    @Test
    void aYearAfterForIsThatYear() {
        assertThat(answer(product.translate("order count for 2024")).parameters()).containsExactly(LocalDate.of(2024, 1, 1), LocalDate.of(2025, 1, 1));
    }

    @Test
    void aRankingByAnAskedAggregateGroupsTheRowsItIsOf() {
        assertThat(answer(product.translate("which status has the highest average order amount")).sql()).isEqualTo(
                "SELECT \"orders\".\"status\" FROM \"orders\" GROUP BY \"orders\".\"status\" ORDER BY AVG(\"orders\".\"amount\") DESC LIMIT 1");
        // a count before the name a superlative ranks is a bottom (or top) N, shown with its aggregate
        assertThat(answer(product.translate("2 countries with the lowest average order amount")).sql()).isEqualTo(
                "SELECT \"customers\".\"country\", AVG(\"orders\".\"amount\") FROM \"orders\" JOIN \"customers\" ON \"orders\".\"customer_id\" = "
                        + "\"customers\".\"id\" GROUP BY \"customers\".\"country\" ORDER BY AVG(\"orders\".\"amount\") LIMIT 2");
    }

    @Test
    void whichPeriodIsAGrainRankedByItsMeasure() {
        assertThat(answer(activity().translate("which month had the most purchases")).sql()).isEqualTo(
                "SELECT DATE_TRUNC('month', \"events\".\"occurred_at\") FROM \"events\" WHERE \"events\".\"name\" = ? "
                        + "GROUP BY DATE_TRUNC('month', \"events\".\"occurred_at\") ORDER BY COUNT(*) DESC LIMIT 1");
    }

    @Test
    void aSuperlativeOfAMeasurePerGroupIsItsExtremeInEachGroup() {
        assertThat(answer(product.translate("biggest order amount per customer country")).sql()).isEqualTo(
                "SELECT \"customers\".\"country\", MAX(\"orders\".\"amount\") FROM \"orders\" JOIN \"customers\" ON \"orders\".\"customer_id\" = "
                        + "\"customers\".\"id\" GROUP BY \"customers\".\"country\"");
    }

    @Test
    void aValueRanksByHowManyRowsHaveIt() {
        assertThat(answer(activity().translate("which country had the most purchases")).sql()).isEqualTo(
                "SELECT \"accounts\".\"country\" FROM \"events\" JOIN \"accounts\" ON \"events\".\"account_id\" = \"accounts\".\"id\" "
                        + "WHERE \"events\".\"name\" = ? GROUP BY \"accounts\".\"country\" ORDER BY COUNT(*) DESC LIMIT 1");
    }

    @Test
    void byBeforeAPluralTableAndWhatQualifiesItNamesWhoDidIt() {
        assertThat(answer(activity().translate("number of purchases by accounts in France")).sql()).isEqualTo(
                "SELECT COUNT(*) FROM \"events\" JOIN \"accounts\" ON \"events\".\"account_id\" = \"accounts\".\"id\" "
                        + "WHERE \"accounts\".\"country\" = ? AND \"events\".\"name\" = ?");
    }

    @Test
    void aShareWithoutGroupsIsThePartWithTheValuesOutOfTheWhole() {
        Translation.Answer percent = answer(product.translate("what percentage of customers are on the pro plan"));
        assertThat(percent.sql()).isEqualTo("SELECT SUM(CASE WHEN \"plans\".\"name\" = ? THEN 1 ELSE 0 END) * 100.0 / COUNT(*) "
                + "FROM \"customers\" JOIN \"plans\" ON \"customers\".\"plan_id\" = \"plans\".\"id\"");
        assertThat(percent.parameters()).containsExactly("Pro");
        assertThat(answer(product.translate("what fraction of orders were refunded")).sql())
                .isEqualTo("SELECT SUM(CASE WHEN \"orders\".\"status\" = ? THEN 1 ELSE 0 END) * 1.0 / COUNT(*) FROM \"orders\"");
        // naming only what to take the share of: that value is the part, its table the whole
        assertThat(answer(withActiveCustomers().translate("percentage of active customers")).sql())
                .isEqualTo("SELECT SUM(CASE WHEN \"customers\".\"is_active\" = ? THEN 1 ELSE 0 END) * 100.0 / COUNT(*) FROM \"customers\"");
    }

    @Test
    void quartersDaysOfMonthsAndTheYearToDate() {
        assertThat(answer(product.translate("number of orders in q1 2025")).parameters()).containsExactly(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 4, 1));
        // the year is written once, after the last day, and the last day is included
        assertThat(answer(product.translate("number of orders between june 1 and august 31, 2025")).parameters())
                .containsExactly(LocalDate.of(2025, 6, 1), LocalDate.of(2025, 9, 1));
        assertThat(answer(product.translate("year to date revenue")).parameters()).containsExactly(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 3, 16));
        assertThat(answer(product.translate("number of orders since the start of the year")).parameters())
                .containsExactly(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 3, 16));
        assertThat(refusal(product.translate("number of orders between june 31 and july 2")).reason())
                .isEqualTo(dev.tarn.ask.nl.understanding.RefusalReason.UNSUPPORTED_CONSTRUCT);
    }

    @Test
    void countingTheRowsATimeColumnsVerbNamesNeedsNoDate() {
        assertThat(answer(activity().translate("how many accounts signed up in France")).sql())
                .isEqualTo("SELECT COUNT(*) FROM \"accounts\" WHERE \"accounts\".\"country\" = ?");
    }

    @Test
    void aYearAfterForIsADateAFollowUpReplaces() {
        assertThat(answer(product.translateFollowUp("and in 2025?", "order count for 2024")).parameters())
                .containsExactly(LocalDate.of(2025, 1, 1), LocalDate.of(2026, 1, 1));
    }

    @Test
    void aPhrasalVerbFindsTheNounWrittenAsOneWord() {
        QuestionTranslator logins = activityWithLogins();
        assertThat(answer(logins.translate("how many events logged in yesterday")).parameters().getFirst()).isEqualTo("login");
    }

    private static QuestionTranslator activityWithLogins() {
        var tables = List.of(new dev.tarn.ask.nl.model.TableSchema("events", List.of(column("id", "INTEGER"), column("name", "TEXT"),
                column("occurred_at", "TIMESTAMP"))));
        var values = new java.util.LinkedHashMap<dev.tarn.ask.nl.model.ColumnReference, List<String>>();
        values.put(new dev.tarn.ask.nl.model.ColumnReference("events", "name"), List.of("login", "logout"));
        var model = dev.tarn.ask.nl.model.SemanticModelBuilder.build(new dev.tarn.ask.nl.model.DatabaseSchema(dev.tarn.ask.nl.sql.SqlDialect.DUCKDB, tables),
                dev.tarn.ask.nl.model.ValueIndex.of(values), dev.tarn.ask.nl.model.Synonyms.none());
        return new QuestionTranslator(model, Fixtures.CLOCK);
    }

    @Test
    void theValuesOfAColumnRankedByHowOftenTheyOccur() {
        QuestionTranslator activity = activity();
        assertThat(answer(activity.translate("which device is used the least")).sql()).isEqualTo(
                "SELECT \"events\".\"device\" FROM \"events\" GROUP BY \"events\".\"device\" ORDER BY COUNT(*) LIMIT 1");
        assertThat(answer(activity.translate("the 2 least used devices")).sql()).isEqualTo(
                "SELECT \"events\".\"device\", COUNT(*) FROM \"events\" GROUP BY \"events\".\"device\" ORDER BY COUNT(*) LIMIT 2");
        // a table's display column when it repeats: "event" is its name
        assertThat(answer(activity.translate("what's the most common event")).sql()).isEqualTo(
                "SELECT \"events\".\"name\" FROM \"events\" GROUP BY \"events\".\"name\" ORDER BY COUNT(*) DESC LIMIT 1");
        assertThat(answer(activity.translate("top 3 events by count")).sql()).isEqualTo(
                "SELECT \"events\".\"name\", COUNT(*) FROM \"events\" GROUP BY \"events\".\"name\" ORDER BY COUNT(*) DESC LIMIT 3");
    }

    @Test
    void twoDateRangesThatMeetAreOne() {
        assertThat(answer(product.translate("orders by status yesterday and today")).parameters())
                .containsExactly(LocalDate.of(2026, 3, 14), LocalDate.of(2026, 3, 16));
        assertThat(refusal(product.translate("number of orders in 2023 and in 2025")).message()).contains("only one date range");
    }

    @Test
    void aParticipleBeforeWithOrByAndAnotherColumnsValueIsTheVerbOfThatMeans() {
        QuestionTranslator payments = withPaymentMethods();
        Translation.Answer paid = answer(payments.translate("how many orders were paid with paypal"));
        assertThat(paid.sql()).isEqualTo("SELECT COUNT(*) FROM \"orders\" WHERE \"orders\".\"payment_method\" = ?");
        assertThat(paid.parameters()).containsExactly("paypal");
        Translation.Answer notPaid = answer(payments.translate("orders not paid by card, by payment method"));
        assertThat(notPaid.sql()).isEqualTo("SELECT \"orders\".\"payment_method\", COUNT(*) FROM \"orders\" WHERE \"orders\".\"payment_method\" <> ? "
                + "GROUP BY \"orders\".\"payment_method\"");
        // alone, the participle is the status
        assertThat(answer(payments.translate("how many orders were paid")).parameters()).containsExactly("paid");
    }

    private static QuestionTranslator withPaymentMethods() {
        var tables = List.of(new dev.tarn.ask.nl.model.TableSchema("orders", "", List.of(column("id", "INTEGER"), column("status", "TEXT"),
                column("payment_method", "TEXT"), column("amount", "DECIMAL")), List.of("id"), List.of()));
        var values = new java.util.LinkedHashMap<dev.tarn.ask.nl.model.ColumnReference, List<String>>();
        values.put(new dev.tarn.ask.nl.model.ColumnReference("orders", "status"), List.of("paid", "refunded"));
        values.put(new dev.tarn.ask.nl.model.ColumnReference("orders", "payment_method"), List.of("card", "paypal"));
        var model = dev.tarn.ask.nl.model.SemanticModelBuilder.build(new dev.tarn.ask.nl.model.DatabaseSchema(dev.tarn.ask.nl.sql.SqlDialect.DUCKDB, tables),
                dev.tarn.ask.nl.model.ValueIndex.of(values), dev.tarn.ask.nl.model.Synonyms.none());
        return new QuestionTranslator(model, Fixtures.CLOCK);
    }

    @Test
    void aColumnNamedForTheFormOfAThingIsNamedByTheThing() {
        assertThat(answer(activity().translate("page views by page")).sql()).isEqualTo(
                "SELECT \"events\".\"page_path\", COUNT(*) FROM \"events\" WHERE \"events\".\"name\" = ? GROUP BY \"events\".\"page_path\"");
    }
}
